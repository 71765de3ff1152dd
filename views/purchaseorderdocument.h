#pragma once

#include "purchasing/purchaseorders.h"

#include <QByteArray>
#include <QString>

namespace sp::views {

// A purchase order's document for its supplier: what to deliver where, line by line, with
// costs and the total. The same content as PDF (QTextDocument on QPdfWriter, A4) and as CSV
// (one row per line, a header row, RFC 4180 quoting).
class PurchaseOrderDocument final
{
public:
    static QString html(const sp::purchasing::PurchaseOrder& po);
    static QByteArray csv(const sp::purchasing::PurchaseOrder& po);
    // Writes the PDF to path; false with the reason in error when it cannot.
    static bool writePdf(const sp::purchasing::PurchaseOrder& po, const QString& path,
                         QString* error);
};

} // namespace sp::views
