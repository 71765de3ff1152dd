// stockpilot-admin commands for supplier e-mail: the outbox (what waits, what went, what gave
// up), sending a dead message again, and the company name new messages carry. Admins only: the
// database refuses anyone else, also with "--user NAME".

#include "admincontext.h"
#include "notify/mailoutbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sp::admin {

namespace {

using sp::notify::MailOutbox;
using sp::notify::OutboxMail;

QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject toJson(const OutboxMail& m)
{
    return {{QStringLiteral("id"), m.id},
            {QStringLiteral("purchase_order_id"),
             m.purchaseOrderId > 0 ? QJsonValue(m.purchaseOrderId) : QJsonValue()},
            {QStringLiteral("recipient"), m.recipient},
            {QStringLiteral("subject"), m.subject},
            {QStringLiteral("status"), m.status},
            {QStringLiteral("attempts"), m.attempts},
            {QStringLiteral("next_attempt_at"),
             m.status == QLatin1String("pending") ? isoOrNull(m.nextAttemptAt) : QJsonValue()},
            {QStringLiteral("last_error"),
             m.lastError.isEmpty() ? QJsonValue() : QJsonValue(m.lastError)},
            {QStringLiteral("created_at"), isoOrNull(m.createdAt)},
            {QStringLiteral("sent_at"), isoOrNull(m.sentAt)}};
}

int mailList(AdminContext& ctx)
{
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("sent"),
                                      QStringLiteral("dead")};
    const QString status = ctx.option(QStringLiteral("--status"));
    if (!status.isEmpty() && !statuses.contains(status)) {
        ctx.err() << "mail list: --status is one of " << statuses.join(QStringLiteral(", "))
                  << " (got \"" << status << "\")." << Qt::endl;
        return 2;
    }
    bool limitOk = true;
    const QString limitText = ctx.option(QStringLiteral("--limit"));
    const int limit = limitText.isEmpty() ? 500 : limitText.toInt(&limitOk);
    if (!limitOk || limit <= 0 || limit > 100000) {
        ctx.err() << "mail list: --limit is a whole number from 1 to 100000 (got \"" << limitText
                  << "\")." << Qt::endl;
        return 2;
    }
    const QList<OutboxMail> mails = MailOutbox::list(ctx.acting(), status, limit);
    if (ctx.arguments().contains(QLatin1String("--json"))) {
        QJsonArray list;
        for (const OutboxMail& m : mails)
            list.append(toJson(m));
        ctx.out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        ctx.out().flush();
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                     .arg(QStringLiteral("ID"), 6)
                     .arg(QStringLiteral("STATUS"), -8)
                     .arg(QStringLiteral("PO"), 6)
                     .arg(QStringLiteral("TO"), -28)
                     .arg(QStringLiteral("TRIES"), 5)
                     .arg(QStringLiteral("CREATED"), -16)
                     .arg(QStringLiteral("SUBJECT / LAST ERROR"));
    for (const OutboxMail& m : mails) {
        ctx.out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                         .arg(m.id, 6)
                         .arg(m.status, -8)
                         .arg(m.purchaseOrderId > 0 ? QString::number(m.purchaseOrderId)
                                                    : QStringLiteral("-"),
                              6)
                         .arg(m.recipient, -28)
                         .arg(m.attempts, 5)
                         .arg(m.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")), -16)
                         .arg(m.lastError.isEmpty() || m.status == QLatin1String("sent")
                                  ? m.subject
                                  : m.subject + QStringLiteral(" / ") + m.lastError);
    }
    ctx.out().flush();
    return 0;
}

int mailRequeue(AdminContext& ctx)
{
    const QString text = ctx.positional();
    if (text.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin mail requeue ID" << Qt::endl;
        return 2;
    }
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0) {
        ctx.err() << "mail requeue: the e-mail's ID is a whole number above zero (got \"" << text
                  << "\")." << Qt::endl;
        return 2;
    }
    MailOutbox::requeue(ctx.acting(), id);
    ctx.out() << "e-mail " << id << " queued again: the next round of the mailer sends it"
              << Qt::endl;
    return 0;
}

int mailCompany(AdminContext& ctx)
{
    if (ctx.positional().isEmpty() && !ctx.arguments().contains(QLatin1String("--clear"))) {
        const QString name = MailOutbox::company(ctx.acting());
        ctx.out() << (name.isEmpty() ? QStringLiteral("(none: subjects read \"Purchase order N\")")
                                     : name)
                  << Qt::endl;
        return 0;
    }
    const QString name = MailOutbox::setCompany(ctx.acting(), ctx.positional());
    ctx.out() << (name.isEmpty()
                      ? QStringLiteral("no company name: new e-mails read \"Purchase order N\"")
                      : QStringLiteral("new e-mails read \"Purchase order N from %1\"").arg(name))
              << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> mailCommands()
{
    return {
        {"mail list", "mail list [--status S] [--json] [--limit N] [--user NAME]",
         "supplier e-mails, newest first (S: pending, sent, dead; admins)", mailList},
        {"mail requeue", "mail requeue ID [--user NAME]",
         "send a dead supplier e-mail again (admins)", mailRequeue},
        {"mail company", "mail company [NAME | --clear] [--user NAME]",
         "the company name suppliers see in new e-mails (admins)", mailCompany},
    };
}

} // namespace sp::admin
