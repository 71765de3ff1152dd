#pragma once

// Runs the real stockpilot-admin against a test database, as an operator would: PG* variables
// name the database, PGPASSWORD the staff member's password for --user.

#include "testdatabase.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace sp::test {

struct AdminRun
{
    int exitCode = -1; // -1: it did not finish within 30 s
    QString out;
    QString err;
};

inline AdminRun runAdmin(const QString& program, const TestDatabase& db, const QStringList& args,
                         const QString& password = {})
{
    const sp::db::ConnectionSettings s = db.owner();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), s.host);
    if (s.port > 0)
        env.insert(QStringLiteral("PGPORT"), QString::number(s.port));
    env.insert(QStringLiteral("PGUSER"), s.user.isEmpty() ? QStringLiteral("postgres") : s.user);
    env.insert(QStringLiteral("PGDATABASE"), db.name());
    if (!password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), password);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace sp::test
