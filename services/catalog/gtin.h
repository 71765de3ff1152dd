#pragma once

#include <QString>
#include <QStringView>

namespace sp::catalog {

// GTINs (EAN-8, UPC-A, EAN-13, GTIN-14) as the products' gtin column holds them: 8, 12, 13 or
// 14 digits, the last the GS1 check digit of the others. The database checks the same rule
// (sp_gtin_problem in 012_barcodes.sql); this copy lets a field tell a scan from a SKU without
// asking the database.
bool isValidGtin(QStringView text);

// The check digit (0-9) that completes digits (7, 11, 12 or 13 of them) to a GTIN; -1 when
// digits is not such a run of digits.
int gtinCheckDigit(QStringView digits);

} // namespace sp::catalog
