#pragma once

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace sp::db {

class Database;

// Which events the event log shows.
struct EventLogFilter
{
    QStringList types; // empty = every type
    QString sku;       // empty = every SKU
    QDateTime from;    // invalid = open
    QDateTime to;      // exclusive; invalid = open
};

// One row of the event log: an event with its SKU and location by code.
struct LoggedEvent
{
    qint64 id = 0;
    QDateTime at; // UTC
    QString type;
    QString sku;
    QString location;
    QString actor;
    QJsonObject payload;
};

// The events matching the filter, newest first, on a worker of the pool: at most limit of them
// with an id below beforeId (0: from the newest on), and only those of ids when it is not
// empty (live updates). The filter is SQL, so a log of millions pages as fast as one of ten.
QFuture<QList<LoggedEvent>> eventLog(Database& db, const EventLogFilter& filter, qint64 beforeId,
                                     const QList<qint64>& ids, int limit);

} // namespace sp::db
