// stockpilot-admin commands for stock on the move and stock that cannot be sold: the transfers
// in transit and their receipt (in full, or as counted with the shortfall lost in transit), and
// units marked damaged, written off, put in quarantine or released from it. They go through
// the same SQL functions as the desktop, so "--user NAME" is held to that staff member's rights
// (writing off is for managers).

#include "admincontext.h"
#include "inventory/stockoperations.h"
#include "inventory/transfersservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace sp::admin {

namespace {

using sp::inventory::ConditionChange;

// "3d 4h", "2h 5m", "12m": how long a transfer has been on its way.
QString ageText(qint64 seconds)
{
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QStringLiteral("%1m").arg(minutes);
    if (minutes < 24 * 60)
        return QStringLiteral("%1h %2m").arg(minutes / 60).arg(minutes % 60);
    return QStringLiteral("%1d %2h").arg(minutes / (24 * 60)).arg((minutes / 60) % 24);
}

// A whole number given on the command line; says which one and what it got when it is not.
// Within that, its range is the database's to check, which names the bounds.
template<typename Number>
bool wholeNumber(AdminContext& ctx, const QString& command, const char* what, const QString& text,
                 Number& value)
{
    bool ok = false;
    const qint64 parsed = text.toLongLong(&ok);
    if (!ok || parsed < std::numeric_limits<Number>::min() ||
        parsed > std::numeric_limits<Number>::max()) {
        ctx.err() << command << ": " << what << (ok ? " is too large" : " is a whole number")
                  << " (got \"" << text << "\")." << Qt::endl;
        return false;
    }
    value = Number(parsed);
    return true;
}

int transfersList(AdminContext& ctx)
{
    bool limitOk = true;
    const QString limitText = ctx.option(QStringLiteral("--limit"));
    const int limit = limitText.isEmpty() ? 500 : limitText.toInt(&limitOk);
    if (!limitOk || limit <= 0) {
        ctx.err() << "transfers list: --limit is a whole number above zero (got \"" << limitText
                  << "\")." << Qt::endl;
        return 2;
    }
    const QList<sp::inventory::TransferRow> rows =
        sp::inventory::TransfersService::inTransit(ctx.acting(), limit);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const sp::inventory::TransferRow& t : rows) {
            QJsonObject transfer{
                {QStringLiteral("transfer_id"), t.id},
                {QStringLiteral("sku"), t.sku},
                {QStringLiteral("from"), t.from},
                {QStringLiteral("to"), t.to},
                {QStringLiteral("quantity"), t.quantity},
                {QStringLiteral("created_at"), t.createdAt.toString(Qt::ISODateWithMs)},
                {QStringLiteral("created_by"), t.createdBy},
                {QStringLiteral("age_seconds"), t.ageSeconds}};
            if (!t.note.isEmpty())
                transfer.insert(QStringLiteral("note"), t.note);
            list.append(transfer);
        }
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                     .arg(QStringLiteral("ID"), 8)
                     .arg(QStringLiteral("SKU"), -20)
                     .arg(QStringLiteral("FROM"), -8)
                     .arg(QStringLiteral("TO"), -8)
                     .arg(QStringLiteral("UNITS"), 6)
                     .arg(QStringLiteral("AGE"), 8)
                     .arg(QStringLiteral("SENT BY"));
    for (const sp::inventory::TransferRow& t : rows)
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                         .arg(t.id, 8)
                         .arg(t.sku, -20)
                         .arg(t.from, -8)
                         .arg(t.to, -8)
                         .arg(t.quantity, 6)
                         .arg(ageText(t.ageSeconds), 8)
                         .arg(t.note.isEmpty() ? t.createdBy
                                               : t.createdBy + QStringLiteral(": ") + t.note);
    ctx.out() << rows.size() << " transfer(s) in transit" << Qt::endl;
    return 0;
}

int transfersReceive(AdminContext& ctx)
{
    const QString idText = ctx.positional();
    if (idText.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin transfers receive ID [--quantity N] [--note TEXT]"
                  << Qt::endl;
        return 2;
    }
    const QString command = QStringLiteral("transfers receive");
    qint64 id = 0;
    if (!wholeNumber(ctx, command, "ID", idText, id))
        return 2;
    const QString note = ctx.option(QStringLiteral("--note"));
    sp::inventory::StockOperations ops(ctx.acting());
    QJsonObject r;
    if (ctx.arguments().contains(QLatin1String("--quantity"))) {
        int received = 0;
        if (!wholeNumber(ctx, command, "--quantity", ctx.option(QStringLiteral("--quantity")),
                         received))
            return 2;
        r = ops.receiveTransfer(id, received, note);
    } else {
        r = ops.receiveTransfer(id, note);
    }
    const int lost = r.value(QLatin1String("lost")).toInt();
    const int received = r.value(QLatin1String("received")).toInt();
    const QString at = r.value(QLatin1String("location")).toString();
    if (lost == 0)
        ctx.out() << "received: transfer " << id << " in full, " << received << " unit(s) at "
                  << at;
    else
        ctx.out() << "received: transfer " << id << ", " << received << " of " << received + lost
                  << " unit(s) at " << at << "; " << lost << " recorded as lost in transit";
    ctx.out() << " (now " << r.value(QLatin1String("on_hand")).toInt() << " on hand, "
              << r.value(QLatin1String("available")).toInt() << " available)" << Qt::endl;
    return 0;
}

// stock damage|write-off|quarantine|release SKU LOCATION QTY --reason TEXT
int conditionChange(AdminContext& ctx, const char* name, ConditionChange change, const char* done)
{
    const QString sku = ctx.positional(0);
    const QString location = ctx.positional(1);
    const QString quantityText = ctx.positional(2);
    const QString reason = ctx.option(QStringLiteral("--reason"));
    const QString command = QStringLiteral("stock ") + QLatin1String(name);
    if (sku.isEmpty() || location.isEmpty() || quantityText.isEmpty() ||
        !ctx.arguments().contains(QLatin1String("--reason"))) {
        ctx.err() << "usage: stockpilot-admin " << command << " SKU LOCATION QTY --reason TEXT"
                  << Qt::endl;
        return 2;
    }
    int quantity = 0;
    if (!wholeNumber(ctx, command, "QTY", quantityText, quantity))
        return 2;
    const QJsonObject r = sp::inventory::StockOperations(ctx.acting())
                              .changeCondition(change, sku, location, quantity, reason);
    ctx.out() << done << ": " << quantity << " x " << sku << " at " << location << "; now "
              << r.value(QLatin1String("available")).toInt() << " available, "
              << r.value(QLatin1String("quarantine")).toInt() << " in quarantine, "
              << r.value(QLatin1String("damaged")).toInt() << " damaged, "
              << r.value(QLatin1String("on_hand")).toInt() << " on hand" << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> stockCommands()
{
    return {
        {"transfers list", "transfers list [--json] [--limit N] [--user NAME]",
         "transfers in transit, oldest first, with their age", transfersList},
        {"transfers receive", "transfers receive ID [--quantity N] [--note TEXT] [--user NAME]",
         "receive a transfer: in full, or N units with the rest lost in transit", transfersReceive},
        {"stock damage", "stock damage SKU LOCATION QTY --reason TEXT [--user NAME]",
         "mark available units damaged (not sellable, still on hand)",
         [](AdminContext& ctx) {
             return conditionChange(ctx, "damage", ConditionChange::Damage, "damaged");
         }},
        {"stock write-off", "stock write-off SKU LOCATION QTY --reason TEXT [--user NAME]",
         "damaged units leave the stock (managers)",
         [](AdminContext& ctx) {
             return conditionChange(ctx, "write-off", ConditionChange::WriteOff, "written off");
         }},
        {"stock quarantine", "stock quarantine SKU LOCATION QTY --reason TEXT [--user NAME]",
         "hold available units back for a quality check",
         [](AdminContext& ctx) {
             return conditionChange(ctx, "quarantine", ConditionChange::Quarantine,
                                    "in quarantine");
         }},
        {"stock release", "stock release SKU LOCATION QTY --reason TEXT [--user NAME]",
         "units in quarantine become available again",
         [](AdminContext& ctx) {
             return conditionChange(ctx, "release", ConditionChange::Release, "released");
         }},
    };
}

} // namespace sp::admin
