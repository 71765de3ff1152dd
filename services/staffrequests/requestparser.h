#pragma once

#include "staffrequest.h"

#include <QCoreApplication>

#include <optional>

namespace sp::staffrequests {

struct ParseResult
{
    std::optional<StaffRequest> request;
    QString error;  // why nothing could be read (for people)
    QString reader; // "rules" or "llm": who read the text
    QString note;   // e.g. why the language model's reading was not used
};

// Reads the common phrasings of staff requests without a language model:
//   "20 units of SKU000123 to Store Mitte", "move 5 SKU000001 from WH1 to ST2",
//   "adjust SKU000004 at ST1 to 12 because two were damaged", "restock SKU000005 at ST2",
//   "discount slow movers in hats", "promote Shirts by 20%".
class RuleBasedParser final
{
    Q_DECLARE_TR_FUNCTIONS(sp::staffrequests::RuleBasedParser)

public:
    RuleBasedParser(QList<LocationName> locations, QStringList categories);

    ParseResult parse(const QString& text) const;

private:
    QString findLocationAfter(const QString& text, const QStringList& prepositions) const;
    QString findCategory(const QString& text) const;

    QList<LocationName> m_locations;
    QStringList m_categories;
};

// Does every value of the request appear in the staff member's own words? A language model's
// reading must not add a SKU, a quantity, a place or a discount the person did not write, so
// injected instructions cannot widen a request. Returns an empty string when grounded, else
// what was not found.
QString ungroundedField(const StaffRequest& request, const QString& text,
                        const QList<LocationName>& locations);

// Finds the category a person meant ("hats" -> "Hats", "hat" -> "Hats"), or empty.
QString resolveCategory(const QString& text, const QStringList& categories);

} // namespace sp::staffrequests
