#pragma once

#include "pgconnection.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sp::db {

// A versioned migration ("001_roles.sql") or a function file ("functions/10_stock.sql").
struct Migration
{
    int version = 0; // the file's number: its place in the order
    QString name;    // file name, relative to :/sql
    QByteArray sql;
    QByteArray checksum; // SHA-256, hex
};

// Brings a database to the schema this program carries, under an advisory lock so that several
// programs starting at once do it once:
// - the numbered files under :/sql (tables, types, indexes, grants, seed data) are applied once
//   each, in order, each in its own transaction, and recorded with a checksum in
//   schema_migrations; a changed applied file or an unknown newer version is refused;
// - then the function files under :/sql/functions (functions, triggers, views; all of them
//   re-runnable) in the order of their numbers, each in its own transaction: a file whose
//   checksum differs from the one in schema_repeatables, or every file after a versioned
//   migration was applied. A file that fails leaves the definitions it would have replaced.
//   A function whose signature changes is dropped by its file (DROP FUNCTION IF EXISTS with
//   the old signature) before the new one is created; a table change is a new migration.
// A database made by the migrations before they were folded into the baseline is taken over
// when it has all of them (its records are rewritten to the baseline's), refused otherwise.
class Migrator final
{
    Q_DECLARE_TR_FUNCTIONS(sp::db::Migrator)

public:
    // The versioned migrations this program carries, in order.
    static QList<Migration> bundled();
    // The function files this program carries, in order.
    static QList<Migration> bundledFunctions();

    explicit Migrator(QList<Migration> migrations = bundled(),
                      QList<Migration> functions = bundledFunctions());

    // Returns the names of the files applied now (empty when the schema was current).
    // Throws DbError: MigrationRefused for a tampered, newer or half-made schema (the message
    // says what to do), the server's code for SQL failures.
    QStringList migrate(Connection& connection);
    // Checks without changing anything; returns the names of the files migrate() would apply.
    QStringList pending(Connection& connection);

private:
    struct Applied
    {
        int version;
        QString name;
        QByteArray checksum;
    };
    QList<Applied> applied(Connection& connection);
    QHash<QString, QByteArray> appliedFunctions(Connection& connection);
    QStringList verify(const QList<Applied>& done);
    // True when `done` is the complete chain of the old migrations; throws when it is a part.
    bool isLegacyChain(const QList<Applied>& done);
    QStringList functionsToApply(Connection& connection, bool all);

    QList<Migration> m_migrations;
    QList<Migration> m_functions;
};

} // namespace sp::db
