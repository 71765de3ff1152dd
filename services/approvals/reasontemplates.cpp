#include "reasontemplates.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace sp::approvals {

namespace {

constexpr auto Context = "sp::approvals::ReasonTemplates";

struct Template
{
    const char* key;
    const char* text; // {name} is an argument, {name:N} a number with N decimals
};

// The English is what the rules and the optimizer wrote as plain text before templates; the CLI
// and the stored reason column still read the same.
constexpr Template Templates[] = {
    {"cover.none", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "no recent sales")},
    {"cover.days", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{days:1} days of cover")},
    {"cover.weeks",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{weeks:1} weeks of cover")},
    {"cover.units", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{units} units")},
    {"agent.restock",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} sells {avg_daily:1}/day; {available} available + {incoming} "
                       "incoming is {cover}, below the reorder point of {reorder_point} "
                       "({lead_time_days}-day lead time, safety stock {safety_stock}). Order "
                       "{quantity} ({packs} packs of {pack_size}) from {supplier} to reach "
                       "{order_up_to}.")},
    {"agent.restock.policy",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} sells {avg_daily:1}/day; {available} available + {incoming} "
                       "incoming is {cover}, below the minimum of {reorder_point} set for it. "
                       "Order {quantity} ({packs} packs of {pack_size}) from {supplier} to reach "
                       "its maximum of {order_up_to}.")},
    {"agent.purchase",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "Order {units} units in {lines} line(s) from {supplier} for {location}, "
                       "{total:2} in all: {items}.{urgent}{minimum}")},
    {"agent.purchase.no_supplier",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "no supplier named")},
    {"agent.purchase.items_more",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{list} and {more} more")},
    {"agent.purchase.urgent",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " {count} of them run out before a delivery could arrive.")},
    {"agent.purchase.minimum",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " Below {supplier}'s minimum order of {minimum:2}.")},
    {"agent.transfer",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} sells {avg_daily:1}/day, {left} left; {source} has "
                       "{source_cover} ({source_available} available, {distance_km:1} km away). "
                       "Transfer {quantity}, keeping {source} at or above its reorder point of "
                       "{source_reorder_point}.")},
    {"agent.markdown",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{sku}: {available} units in stock, {cover}; {sell_through:1}% sold in 28 "
                       "days. Mark down {discount}% ({old_price:2} -> {new_price:2}){limit}.")},
    {"markdown.limited",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       ", limited from {tier}% by the {margin_floor:0}% margin floor over cost "
                       "{cost:2}")},
    {"agent.audit",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "The stock of {sku} at {location} differs from its ledger ({figures}). "
                       "Approving records a ledger correction that accepts the current level; "
                       "investigate first.")},
    {"audit.figure", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                                       "{figure}: level {level}, ledger {ledger}")},
    {"staff.markdown",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{sku}: mark down {discount}% ({old_price:2} -> {new_price:2}). {reason}")},
    {"optimizer.cover.days",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{days:0} days of cover")},
    {"optimizer.cover.weeks",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{weeks:0} weeks of cover")},
    {"optimizer.transfer.nothing",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} has {available} available and {incoming} on the way, enough "
                       "for {days} days at {daily:1}/day; nothing to transfer.")},
    {"optimizer.transfer.spare_only",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} can spare only {spare} without going below its reorder point "
                       "of {reorder_point}. ")},
    {"optimizer.transfer.source", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                                                    "{location} {quantity} ({km:0} km, {cover})")},
    {"optimizer.transfer.destination",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{location} sells {daily:1}/day and has {available} available")},
    {"optimizer.transfer.no_source",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{note}No location has {sku} to spare above its reorder point; consider a "
                       "restock instead. {destination}.")},
    {"optimizer.transfer.shortfall",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " Only {planned} of {need} can be moved without taking a source below its "
                       "reorder point.")},
    {"optimizer.transfer",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{note}Transfer {quantity} x {sku} to {location} ({destination}): "
                       "{sources}.{shortfall}")},
    {"optimizer.restock.rounding",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " ({wanted} rounded up to whole packs of {pack_size})")},
    {"optimizer.restock.usual_supplier",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "the usual supplier")},
    {"optimizer.restock",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "Order {quantity} x {sku} for {location}{rounding} from {supplier}: "
                       "{quantity} x {unit_cost:2} = {total_cost:2}, arriving in about "
                       "{lead_time_days} days. {location} sells {daily:1}/day with {available} "
                       "available and {incoming} on the way.")},
    {"optimizer.promotion.none",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "None of the {considered} SKUs in {scope} has more than {min_weeks:0} "
                       "weeks of cover with room above the margin floor; no promotion needed.")},
    {"optimizer.promotion.discount", QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{low}%")},
    {"optimizer.promotion.discounts",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates", "{low}-{high}%")},
    {"optimizer.promotion",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "{qualifying} of {considered} SKUs in {scope} qualify (more than "
                       "{min_weeks:0} weeks of cover); discounts {range} by cover, none below "
                       "cost + {margin_floor:0}%.{past}{capped}")},
    {"optimizer.promotion.past",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " Past markdowns sold {uplift}% more per day at {discount}% off on average "
                       "({markdowns} observed); {lowered} SKUs get a smaller discount and "
                       "{raised} a larger one for that response.")},
    {"optimizer.promotion.capped",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       " {capped} SKUs get less than asked to stay above the margin floor.")},
    {"optimizer.adjustment.below",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "A count of {counted} is below the {allocated} units of {sku} already "
                       "held, sold, in quarantine or damaged at {location}; release or record "
                       "those first.")},
    {"optimizer.adjustment",
     QT_TRANSLATE_NOOP("sp::approvals::ReasonTemplates",
                       "Set on hand of {sku} at {location} from {on_hand} to {counted} ({delta}): "
                       "{note}.")},
};

const QHash<QString, const char*>& table()
{
    static const QHash<QString, const char*> byKey = [] {
        QHash<QString, const char*> h;
        for (const Template& t : Templates)
            h.insert(QString::fromLatin1(t.key), t.text);
        return h;
    }();
    return byKey;
}

QString number(double v, int decimals, const QLocale& locale)
{
    if (decimals >= 0)
        return locale.toString(v, 'f', decimals);
    // Whole numbers without an exponent, others as short as they are exact.
    if (std::floor(v) == v && std::abs(v) < 1e15)
        return locale.toString(qint64(v));
    return locale.toString(v, 'f', QLocale::FloatingPointShortest);
}

QString argument(const QJsonValue& value, int decimals, ReasonTemplates::Language language,
                 const QLocale& locale, bool* ok)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return number(value.toDouble(), decimals, locale);
    case QJsonValue::Null:
        return QString();
    case QJsonValue::Object: {
        const QString text = ReasonTemplates::render(value.toObject(), language, locale);
        *ok = *ok && !text.isEmpty();
        return text;
    }
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue& v : value.toArray())
            parts.append(argument(v, decimals, language, locale, ok));
        return parts.join(QStringLiteral("; "));
    }
    default:
        *ok = false;
        return QString();
    }
}

} // namespace

QString ReasonTemplates::render(const QJsonObject& reason, Language language, const QLocale& locale)
{
    const char* source = table().value(reason.value(QLatin1String("key")).toString());
    if (!source)
        return QString();
    const QString text = language == Language::Translated
                             ? QCoreApplication::translate(Context, source)
                             : QString::fromUtf8(source);
    const QJsonObject args = reason.value(QLatin1String("args")).toObject();
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)(?::(\\d))?\\}"));
    QString out;
    qsizetype last = 0;
    bool ok = true;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        if (!args.contains(name)) {
            // A figure the row does not have: the placeholder stays, so it shows.
            out += m.captured(0);
            continue;
        }
        const int decimals = m.capturedLength(2) > 0 ? m.captured(2).toInt() : -1;
        out += argument(args.value(name), decimals, language, locale, &ok);
    }
    out += QStringView(text).mid(last);
    // A part whose key is unknown would leave a hole in the sentence: none of it then.
    return ok ? out : QString();
}

QString ReasonTemplates::english(const QJsonObject& reason)
{
    return render(reason, Language::English, QLocale::c());
}

QString ReasonTemplates::translated(const QJsonObject& reason)
{
    return render(reason, Language::Translated, QLocale());
}

QJsonObject ReasonTemplates::make(const char* key, const QJsonObject& args)
{
    Q_ASSERT(table().contains(QString::fromLatin1(key)));
    return {{QStringLiteral("key"), QString::fromLatin1(key)}, {QStringLiteral("args"), args}};
}

bool ReasonTemplates::isKnown(const QString& key)
{
    return table().contains(key);
}

QStringList ReasonTemplates::keys()
{
    QStringList list;
    for (const Template& t : Templates)
        list.append(QString::fromLatin1(t.key));
    return list;
}

QString reasonText(const QJsonObject& reasonTemplate, const QString& stored,
                   ReasonTemplates::Language language)
{
    if (reasonTemplate.isEmpty())
        return stored;
    const QString text = language == ReasonTemplates::Language::Translated
                             ? ReasonTemplates::translated(reasonTemplate)
                             : ReasonTemplates::english(reasonTemplate);
    return text.isEmpty() ? stored : text;
}

} // namespace sp::approvals
