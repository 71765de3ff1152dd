#include "staffrequest.h"

namespace sp::staffrequests {

QString StaffRequest::kindName(RequestKind kind)
{
    switch (kind) {
    case RequestKind::Transfer:
        return QStringLiteral("transfer");
    case RequestKind::Adjustment:
        return QStringLiteral("adjustment");
    case RequestKind::Restock:
        return QStringLiteral("restock");
    case RequestKind::Promotion:
        return QStringLiteral("promotion");
    }
    return QString();
}

std::optional<RequestKind> StaffRequest::kindFromName(const QString& name)
{
    for (RequestKind k : {RequestKind::Transfer, RequestKind::Adjustment, RequestKind::Restock,
                          RequestKind::Promotion}) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QJsonObject StaffRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), kindName(kind)}};
    if (!sku.isEmpty())
        o.insert(QStringLiteral("sku"), sku);
    if (quantity > 0 || kind == RequestKind::Adjustment)
        o.insert(QStringLiteral("quantity"), quantity);
    if (!fromLocation.isEmpty())
        o.insert(QStringLiteral("from_location"), fromLocation);
    if (!location.isEmpty())
        o.insert(QStringLiteral("location"), location);
    if (!category.isEmpty())
        o.insert(QStringLiteral("category"), category);
    if (discountPercent > 0)
        o.insert(QStringLiteral("discount_percent"), discountPercent);
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

QString resolveLocation(const QString& text, const QList<LocationName>& locations)
{
    const QString wanted = text.simplified().toCaseFolded();
    if (wanted.isEmpty())
        return {};
    // Exact code or exact name first.
    for (const LocationName& l : locations) {
        if (l.code.toCaseFolded() == wanted || l.name.simplified().toCaseFolded() == wanted)
            return l.code;
    }
    // Then a name that contains the words, if only one does ("mitte" -> "Store Mitte").
    QString found;
    for (const LocationName& l : locations) {
        const QString name = l.name.simplified().toCaseFolded();
        const QStringList words = name.split(QLatin1Char(' '));
        if (words.contains(wanted) || name.contains(wanted)) {
            if (!found.isEmpty() && found != l.code)
                return {}; // ambiguous
            found = l.code;
        }
    }
    if (!found.isEmpty())
        return found;
    if (wanted == QLatin1String("online") || wanted == QLatin1String("web")) {
        for (const LocationName& l : locations) {
            if (l.kind == QLatin1String("online"))
                return l.code;
        }
    }
    return {};
}

} // namespace sp::staffrequests
