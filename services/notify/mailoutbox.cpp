#include "mailoutbox.h"

namespace sp::notify {

namespace {

QDateTime fromMs(const sp::db::Result& r, int row, int column)
{
    return r.isNull(row, column)
               ? QDateTime()
               : QDateTime::fromMSecsSinceEpoch(r.toLongLong(row, column), Qt::UTC);
}

} // namespace

QList<OutboxMail> MailOutbox::list(sp::db::Connection& c, const QString& status, int limit)
{
    const sp::db::Result r = c.exec(
        "SELECT id, coalesce(purchase_order_id, 0), recipient, subject, status, attempts, "
        "       (extract(epoch FROM next_attempt_at) * 1000)::bigint, coalesce(last_error, ''), "
        "       (extract(epoch FROM created_at) * 1000)::bigint, "
        "       (extract(epoch FROM sent_at) * 1000)::bigint "
        "FROM mail_list($1, $2)",
        {status.isEmpty() ? sp::db::Param() : sp::db::Param(status), limit});
    QList<OutboxMail> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i) {
        OutboxMail m;
        m.id = r.toLongLong(i, 0);
        m.purchaseOrderId = r.toLongLong(i, 1);
        m.recipient = r.text(i, 2);
        m.subject = r.text(i, 3);
        m.status = r.text(i, 4);
        m.attempts = r.toInt(i, 5);
        m.nextAttemptAt = fromMs(r, i, 6);
        m.lastError = r.text(i, 7);
        m.createdAt = fromMs(r, i, 8);
        m.sentAt = fromMs(r, i, 9);
        list.append(m);
    }
    return list;
}

void MailOutbox::requeue(sp::db::Connection& c, qint64 id)
{
    c.exec("SELECT mail_requeue($1)", {id});
}

QString MailOutbox::company(sp::db::Connection& c)
{
    return c.exec("SELECT coalesce(company_name, '') FROM agent_settings").text(0, 0);
}

QString MailOutbox::setCompany(sp::db::Connection& c, const QString& name)
{
    return c.exec("SELECT coalesce(mail_company_set($1), '')", {name}).text(0, 0);
}

} // namespace sp::notify
