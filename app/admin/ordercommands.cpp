// stockpilot-admin commands for orders after checkout: list them, ship them (in full or line by
// line), cancel them, and print a location's pick list. They go through the same SQL functions
// as the desktop, so "--user NAME" is held to that staff member's rights.

#include "admincontext.h"
#include "orders/ordersservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace sp::admin {

namespace {

using sp::orders::OrdersService;

QString statusWords(const QString& status)
{
    return QString(status).replace(QLatin1Char('_'), QLatin1Char(' '));
}

int ordersList(AdminContext& ctx)
{
    static const QStringList statuses{QStringLiteral("placed"), QStringLiteral("partially_shipped"),
                                      QStringLiteral("shipped"), QStringLiteral("cancelled")};
    const QString status = ctx.option(QStringLiteral("--status"));
    if (!status.isEmpty() && !statuses.contains(status)) {
        ctx.err() << "orders list: --status is one of " << statuses.join(QStringLiteral(", "))
                  << " (got \"" << status << "\")." << Qt::endl;
        return 2;
    }
    bool limitOk = true;
    const QString limitText = ctx.option(QStringLiteral("--limit"));
    const int limit = limitText.isEmpty() ? 200 : limitText.toInt(&limitOk);
    if (!limitOk || limit <= 0) {
        ctx.err() << "orders list: --limit is a whole number above zero (got \"" << limitText
                  << "\")." << Qt::endl;
        return 2;
    }
    const QList<sp::orders::Order> orders =
        OrdersService::recentOrders(ctx.acting(), limit, status);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const sp::orders::Order& o : orders) {
            QJsonArray lines;
            for (const sp::orders::OrderLine& l : o.lines)
                lines.append(QJsonObject{{QStringLiteral("line"), l.lineNo},
                                         {QStringLiteral("sku"), l.sku},
                                         {QStringLiteral("location"), l.location},
                                         {QStringLiteral("quantity"), l.quantity},
                                         {QStringLiteral("shipped"), l.shipped}});
            QJsonObject order{
                {QStringLiteral("order_id"), o.id},
                {QStringLiteral("status"), o.status},
                {QStringLiteral("created_at"), o.createdAt.toString(Qt::ISODateWithMs)},
                {QStringLiteral("caller"), o.caller},
                {QStringLiteral("lines"), lines}};
            if (!o.cancelReason.isEmpty())
                order.insert(QStringLiteral("cancel_reason"), o.cancelReason);
            list.append(order);
        }
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4\n")
                     .arg(QStringLiteral("ORDER"), -36)
                     .arg(QStringLiteral("STATUS"), -17)
                     .arg(QStringLiteral("PLACED"), -20)
                     .arg(QStringLiteral("LINES (shipped/ordered)"));
    for (const sp::orders::Order& o : orders) {
        QStringList lines;
        for (const sp::orders::OrderLine& l : o.lines)
            lines.append(QStringLiteral("%1: %2 %3/%4 from %5")
                             .arg(l.lineNo)
                             .arg(l.sku)
                             .arg(l.shipped)
                             .arg(l.quantity)
                             .arg(l.location));
        ctx.out() << QStringLiteral("%1 %2 %3 %4\n")
                         .arg(o.id, -36)
                         .arg(statusWords(o.status), -17)
                         .arg(o.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")), -20)
                         .arg(lines.join(QStringLiteral("; ")));
    }
    ctx.out().flush();
    return 0;
}

int ordersShip(AdminContext& ctx)
{
    const QString id = ctx.positional();
    if (id.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin orders ship ORDER_ID [--line N=QTY ...] [--key K]"
                  << Qt::endl;
        return 2;
    }
    static const QRegularExpression linePattern(QStringLiteral("^(\\d{1,5})=(\\d{1,9})$"));
    QList<sp::orders::ShipLine> lines;
    for (const QString& spec : ctx.options(QStringLiteral("--line"))) {
        const QRegularExpressionMatch m = linePattern.match(spec);
        if (!m.hasMatch()) {
            ctx.err() << "orders ship: --line takes LINE=QUANTITY with whole numbers, like 1=3 "
                         "(got \""
                      << spec << "\")." << Qt::endl;
            return 2;
        }
        lines.append({m.captured(1).toInt(), m.captured(2).toInt()});
    }
    const sp::orders::ShipResult r =
        OrdersService::ship(ctx.acting(), id, lines, ctx.option(QStringLiteral("--key")));
    ctx.out() << (r.replayed ? "already shipped under this key: order " : "shipped: order ") << id
              << " is now " << statusWords(r.status) << " (shipment " << r.shipmentId << ")"
              << Qt::endl;
    return 0;
}

int ordersCancel(AdminContext& ctx)
{
    const QString id = ctx.positional();
    const QString reason = ctx.option(QStringLiteral("--reason"));
    if (id.isEmpty() || reason.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin orders cancel ORDER_ID --reason TEXT" << Qt::endl;
        return 2;
    }
    OrdersService::cancel(ctx.acting(), id, reason, ctx.option(QStringLiteral("--key")));
    ctx.out() << "cancelled: order " << id << "; its units are available again" << Qt::endl;
    return 0;
}

int ordersPick(AdminContext& ctx)
{
    const QString location = ctx.positional();
    if (location.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin orders pick LOCATION" << Qt::endl;
        return 2;
    }
    // An unknown code is an error, not an empty list.
    if (ctx.acting().exec("SELECT 1 FROM locations WHERE code = $1", {location}).rows() == 0) {
        ctx.err() << "orders pick: unknown location \"" << location << "\"." << Qt::endl;
        return 1;
    }
    const QList<sp::orders::PickLine> lines = OrdersService::pickList(ctx.acting(), location);
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(QStringLiteral("ORDER"), -36)
                     .arg(QStringLiteral("LINE"), 4)
                     .arg(QStringLiteral("SKU"), -20)
                     .arg(QStringLiteral("UNITS"), 5)
                     .arg(QStringLiteral("NAME"));
    for (const sp::orders::PickLine& l : lines)
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5\n")
                         .arg(l.orderId, -36)
                         .arg(l.lineNo, 4)
                         .arg(l.sku, -20)
                         .arg(l.quantity, 5)
                         .arg(l.name);
    ctx.out() << lines.size() << " line(s) to pick at " << location << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> orderCommands()
{
    return {
        {"orders list", "orders list [--json] [--status S] [--limit N] [--user NAME]",
         "list orders, newest first (S: placed, partially_shipped, shipped, cancelled)",
         ordersList},
        {"orders ship", "orders ship ORDER_ID [--line N=QTY ...] [--key K] [--user NAME]",
         "ship an order from its sources: every unit left, or the given lines' units", ordersShip},
        {"orders cancel", "orders cancel ORDER_ID --reason TEXT [--key K] [--user NAME]",
         "cancel an order not yet shipped; its units become available (managers)", ordersCancel},
        {"orders pick", "orders pick LOCATION [--user NAME]",
         "the units of open orders to pick at a location, oldest order first", ordersPick},
    };
}

} // namespace sp::admin
