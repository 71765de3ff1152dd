#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sp::staffrequests {

enum class RequestKind { Transfer, Adjustment, Restock, Promotion };

// A staff member's request in structured form, whichever way it was read (form, rule-based
// parser or language model). Nothing here has been checked against the database yet.
struct StaffRequest
{
    RequestKind kind = RequestKind::Transfer;
    QString sku;                // transfer, adjustment, restock
    int quantity = 0;           // transfer/restock: units (0 = let the optimizer decide);
                                // adjustment: the counted quantity
    QString fromLocation;       // transfer: the source, empty = let the optimizer choose
    QString location;           // transfer: destination; adjustment/restock: where
    QString category;           // promotion: the category
    double discountPercent = 0; // promotion: requested discount, 0 = let the optimizer suggest
    QString reason;             // adjustment: required; otherwise a note

    QJsonObject toJson() const;
    static QString kindName(RequestKind kind);
    static std::optional<RequestKind> kindFromName(const QString& name);
    bool operator==(const StaffRequest&) const = default;
};

// What a location can be called in a request: its code and its name.
struct LocationName
{
    QString code;
    QString name;
    QString kind; // warehouse, store, online
};

// Finds a location by code or name, as people write them ("ST1", "Store Mitte", "mitte").
// Returns the code, or empty when nothing or more than one location matches.
QString resolveLocation(const QString& text, const QList<LocationName>& locations);

} // namespace sp::staffrequests
