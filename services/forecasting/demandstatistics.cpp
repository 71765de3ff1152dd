#include "demandstatistics.h"

#include <QJsonDocument>

namespace sp::forecasting {

namespace {

QJsonObject callJson(sp::db::Connection& c, const char* sql)
{
    return QJsonDocument::fromJson(c.exec(sql).bytes(0, 0)).object();
}

} // namespace

QJsonObject DemandStatistics::refresh(sp::db::Connection& c)
{
    return callJson(c, "SELECT agent_demand_statistics()");
}

QJsonObject DemandStatistics::analysePrices(sp::db::Connection& c)
{
    return callJson(c, "SELECT agent_price_analysis()");
}

QJsonObject DemandStatistics::applyDuePriceChanges(sp::db::Connection& c)
{
    return callJson(c, "SELECT price_changes_apply_due()");
}

} // namespace sp::forecasting
