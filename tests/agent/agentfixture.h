#pragma once

// Shared set-up for the agent tests: the tiny catalogue (WH1 100 and ST1 10 units of every
// SKU) plus demand history written directly, and small helpers to call the rules.

#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sp::test {

// Demand profiles as SQL array expressions of 365 days (oldest first).
inline QByteArray constantDemand(int perDay)
{
    return "array_fill(" + QByteArray::number(perDay) + ", ARRAY[365])";
}
// Alternating low/high days: average (low+high)/2, population sd (high-low)/2.
inline QByteArray alternatingDemand(int low, int high)
{
    return "ARRAY(SELECT CASE WHEN g % 2 = 0 THEN " + QByteArray::number(low) + " ELSE " +
           QByteArray::number(high) + " END FROM generate_series(1, 365) g)";
}

inline void setDemand(sp::db::Connection& c, const QString& sku, const QString& location,
                      const QByteArray& arrayExpression)
{
    c.exec("INSERT INTO demand_history (product_id, location_id, first_day, daily_units) "
           "SELECT p.id, l.id, current_date - 365, " +
               arrayExpression +
               " FROM products p, locations l WHERE p.sku = $1 AND l.code = $2 "
               "ON CONFLICT (product_id, location_id) DO UPDATE "
               "SET daily_units = EXCLUDED.daily_units",
           QList<sp::db::Param>{sku, location});
}

inline QJsonObject callJson(sp::db::Connection& c, const char* sql)
{
    return QJsonDocument::fromJson(c.exec(sql).bytes(0, 0)).object();
}

// The tiny catalogue with SKU000001 selling 6 a day at ST1, and the stock check run once: one
// pending restock there.
inline void loadWithPendingRestock(sp::db::Connection& c)
{
    loadTinyCatalog(c);
    setDemand(c, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    callJson(c, "SELECT agent_demand_statistics()");
    callJson(c, "SELECT agent_stock_check()");
}

inline int scalar(sp::db::Connection& c, const char* sql, sp::db::Params params = {})
{
    return c.exec(sql, params).toInt(0, 0);
}

} // namespace sp::test
