#pragma once

#include "pgconnection.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <stdexcept>

namespace sp::db {

struct Migration
{
    int version = 0;
    QString name; // file name, e.g. "001_foundation.sql"
    QByteArray sql;
    QByteArray checksum; // SHA-256, hex
};

// The database cannot be used with this program: a released migration was changed, or the
// schema is newer than the program. The message says what to do.
class MigrationError : public std::runtime_error
{
public:
    explicit MigrationError(const QString& message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {}
    const QString& message() const { return m_message; }

private:
    QString m_message;
};

// Applies the numbered SQL files embedded under :/sql in order, each in its own transaction,
// and records them with a checksum in schema_migrations. Several programs starting at once
// serialize on an advisory lock, so each migration runs once.
class Migrator final
{
    Q_DECLARE_TR_FUNCTIONS(sp::db::Migrator)

public:
    // The migrations this program carries, in order.
    static QList<Migration> bundled();

    explicit Migrator(QList<Migration> migrations = bundled());

    // Returns the names of the migrations applied now (empty when the schema was current).
    // Throws MigrationError for a tampered or newer schema, DbError for SQL failures.
    QStringList migrate(Connection& connection);
    // Checks without changing anything; returns the pending migrations' names.
    QStringList pending(Connection& connection);

private:
    struct Applied
    {
        int version;
        QString name;
        QByteArray checksum;
    };
    QList<Applied> applied(Connection& connection);
    QStringList verify(const QList<Applied>& done);

    QList<Migration> m_migrations;
};

} // namespace sp::db
