// stockpilot-admin commands for purchase orders: list them, take in a delivery (in full or line
// by line), close one that will not come in full. They go through the same SQL functions as the
// desktop, so "--user NAME" is held to that staff member's rights.

#include "admincontext.h"
#include "purchasing/purchaseorders.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace sp::admin {

namespace {

using sp::purchasing::PurchaseOrder;
using sp::purchasing::PurchaseOrderLine;
using sp::purchasing::PurchaseOrders;

QString statusWords(const QString& status)
{
    return QString(status).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString isoOrEmpty(const QDateTime& t)
{
    return t.isValid() ? t.toString(Qt::ISODateWithMs) : QString();
}

QJsonObject toJson(const PurchaseOrder& po)
{
    QJsonArray lines;
    for (const PurchaseOrderLine& l : po.lines)
        lines.append(QJsonObject{{QStringLiteral("line"), l.lineNo},
                                 {QStringLiteral("sku"), l.sku},
                                 {QStringLiteral("name"), l.name},
                                 {QStringLiteral("quantity"), l.quantity},
                                 {QStringLiteral("received"), l.received},
                                 {QStringLiteral("unit_cost"), l.unitCost}});
    QJsonObject o{{QStringLiteral("purchase_order_id"), po.id},
                  {QStringLiteral("supplier"), po.supplier},
                  {QStringLiteral("location"), po.location},
                  {QStringLiteral("status"), po.status},
                  {QStringLiteral("created_at"), isoOrEmpty(po.createdAt)},
                  {QStringLiteral("created_by"), po.createdBy},
                  {QStringLiteral("total"), po.total()},
                  {QStringLiteral("lines"), lines}};
    if (po.receivedAt.isValid())
        o.insert(QStringLiteral("received_at"), isoOrEmpty(po.receivedAt));
    if (po.closedAt.isValid()) {
        o.insert(QStringLiteral("closed_at"), isoOrEmpty(po.closedAt));
        o.insert(QStringLiteral("closed_by"), po.closedBy);
        o.insert(QStringLiteral("close_reason"), po.closeReason);
    }
    if (po.suggestionId != 0)
        o.insert(QStringLiteral("suggestion_id"), po.suggestionId);
    return o;
}

int purchaseOrdersList(AdminContext& ctx)
{
    static const QStringList statuses{QStringLiteral("open"), QStringLiteral("partially_received"),
                                      QStringLiteral("received"), QStringLiteral("closed")};
    const QString status = ctx.option(QStringLiteral("--status"));
    if (!status.isEmpty() && !statuses.contains(status)) {
        ctx.err() << "purchase-orders list: --status is one of "
                  << statuses.join(QStringLiteral(", ")) << " (got \"" << status << "\")."
                  << Qt::endl;
        return 2;
    }
    const QList<PurchaseOrder> orders = PurchaseOrders::list(ctx.acting(), 500, status);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const PurchaseOrder& po : orders)
            list.append(toJson(po));
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                     .arg(QStringLiteral("ID"), 6)
                     .arg(QStringLiteral("STATUS"), -18)
                     .arg(QStringLiteral("SUPPLIER"), -20)
                     .arg(QStringLiteral("TO"), -10)
                     .arg(QStringLiteral("CREATED"), -16)
                     .arg(QStringLiteral("LINES (received/ordered)"));
    for (const PurchaseOrder& po : orders) {
        QStringList lines;
        for (const PurchaseOrderLine& l : po.lines)
            lines.append(QStringLiteral("%1 %2/%3").arg(l.sku).arg(l.received).arg(l.quantity));
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                         .arg(po.id, 6)
                         .arg(statusWords(po.status), -18)
                         .arg(po.supplier.isEmpty() ? QStringLiteral("-") : po.supplier, -20)
                         .arg(po.location, -10)
                         .arg(po.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                              -16)
                         .arg(lines.join(QStringLiteral("; ")));
    }
    ctx.out().flush();
    return 0;
}

// The order's id, or 0 after saying what is wrong with it.
qint64 orderId(AdminContext& ctx, const char* usage)
{
    const QString text = ctx.positional();
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (text.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin " << usage << Qt::endl;
        return 0;
    }
    if (!ok || id <= 0) {
        ctx.err() << "purchase-orders: the order's ID is a whole number above zero (got \"" << text
                  << "\")." << Qt::endl;
        return 0;
    }
    return id;
}

int purchaseOrdersReceive(AdminContext& ctx)
{
    const qint64 id = orderId(
        ctx, "purchase-orders receive ID [--line SKU=QTY ...] [--note TEXT] [--accept-over]");
    if (id == 0)
        return 2;
    // The quantity is checked by the database, so "SKU=2.5" is refused with its reason.
    static const QRegularExpression linePattern(QStringLiteral("^([^=\\s]+)=(\\S+)$"));
    QList<sp::purchasing::ReceiveLine> lines;
    for (const QString& spec : ctx.options(QStringLiteral("--line"))) {
        const QRegularExpressionMatch m = linePattern.match(spec);
        bool ok = false;
        const int quantity = m.hasMatch() ? m.captured(2).toInt(&ok) : 0;
        if (!ok) {
            ctx.err() << "purchase-orders receive: --line takes SKU=QUANTITY with a whole "
                         "number, like SKU000001=12 (got \""
                      << spec << "\")." << Qt::endl;
            return 2;
        }
        lines.append({m.captured(1), quantity});
    }
    const sp::purchasing::ReceiveResult r =
        PurchaseOrders::receive(ctx.acting(), id, lines, ctx.option(QStringLiteral("--note")),
                                ctx.option(QStringLiteral("--key")),
                                ctx.arguments().contains(QLatin1String("--accept-over")));
    ctx.out() << (r.replayed ? "already received under this key: purchase order "
                             : "received: purchase order ")
              << id << " is now " << statusWords(r.status) << " (receipt " << r.receiptId << ")"
              << Qt::endl;
    return 0;
}

int purchaseOrdersClose(AdminContext& ctx)
{
    const qint64 id = orderId(ctx, "purchase-orders close ID --reason TEXT");
    if (id == 0)
        return 2;
    const QString reason = ctx.option(QStringLiteral("--reason"));
    if (reason.trimmed().isEmpty()) {
        ctx.err() << "usage: stockpilot-admin purchase-orders close ID --reason TEXT" << Qt::endl;
        return 2;
    }
    PurchaseOrders::close(ctx.acting(), id, reason);
    ctx.out() << "closed: purchase order " << id << "; what it still expected is no longer incoming"
              << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> purchaseCommands()
{
    return {
        {"purchase-orders list", "purchase-orders list [--json] [--status S] [--user NAME]",
         "list purchase orders, newest first (S: open, partially_received, received, closed)",
         purchaseOrdersList},
        {"purchase-orders receive",
         "purchase-orders receive ID [--line SKU=QTY ...] [--note TEXT] [--accept-over] [--key K] "
         "[--user NAME]",
         "take in a delivery: every unit still expected, or the given lines' units",
         purchaseOrdersReceive},
        {"purchase-orders close", "purchase-orders close ID --reason TEXT [--user NAME]",
         "close an order that will not come in full (managers)", purchaseOrdersClose},
    };
}

} // namespace sp::admin
