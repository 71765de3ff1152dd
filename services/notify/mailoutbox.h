#pragma once

#include "db/pgconnection.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace sp::notify {

// A message of the e-mail outbox as admins see it (mail_list()).
struct OutboxMail
{
    qint64 id = 0;
    qint64 purchaseOrderId = 0; // 0: about no purchase order
    QString recipient;
    QString subject;
    QString status; // pending, sent, dead
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError;
    QDateTime createdAt;
    QDateTime sentAt; // invalid until sent
};

// The admins' view of the e-mail outbox: the list, sending a dead message again, and the
// company name new messages carry. Admins only; others get DbError 42501.
class MailOutbox final
{
public:
    // Newest first; status empty for every status, else pending, sent or dead (SP009 naming
    // the field "status" otherwise).
    static QList<OutboxMail> list(sp::db::Connection& c, const QString& status = {},
                                  int limit = 500);
    // Back to pending with no attempts, due now; SP009 when it is not dead.
    static void requeue(sp::db::Connection& c, qint64 id);
    // The name new messages carry ("Purchase order 12 from NAME"); empty for none.
    static QString company(sp::db::Connection& c);
    static QString setCompany(sp::db::Connection& c, const QString& name);
};

} // namespace sp::notify
