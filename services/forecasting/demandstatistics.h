#pragma once

#include "db/pgconnection.h"

#include <QJsonObject>

namespace sp::forecasting {

// Demand figures per (SKU, location) from the daily history, and the markdown analysis built on
// them. The work is set-based SQL (resources/sql/functions/60_suggestions.sql); these are the
// entry points the scheduler and the command line call.
class DemandStatistics final
{
public:
    // Recomputes demand_stats (average and standard deviation of daily units over the recent
    // window, last 28 days' units) and the reorder points derived from them. Daily job.
    static QJsonObject refresh(sp::db::Connection& c);
    // Markdown suggestions for slow sellers with many weeks of cover. Daily job.
    static QJsonObject analysePrices(sp::db::Connection& c);
    // Applies the price changes whose effective date has come.
    static QJsonObject applyDuePriceChanges(sp::db::Connection& c);
};

} // namespace sp::forecasting
