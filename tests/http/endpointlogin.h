#pragma once

#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QThread>

#include <mutex>

namespace sp::test {

// The endpoint login (stockpilot_server) with a password: the test cluster asks for one. Roles
// are cluster-wide, so every test sets the same one, and test programs running side by side may
// collide on the catalogue row ("tuple concurrently updated"): then it is simply tried again.
inline sp::db::ConnectionSettings endpointLogin(const TestDatabase& db)
{
    static std::once_flag once;
    std::call_once(once, [&db] {
        sp::db::Connection owner(db.owner());
        for (int attempt = 0;; ++attempt) {
            try {
                owner.exec("ALTER ROLE stockpilot_server PASSWORD 'stockpilot_server'");
                return;
            } catch (const sp::db::DbError&) {
                if (attempt == 20)
                    throw;
                QThread::msleep(50);
            }
        }
    });
    return db.as(QStringLiteral("stockpilot_server"), QStringLiteral("stockpilot_server"));
}

} // namespace sp::test
