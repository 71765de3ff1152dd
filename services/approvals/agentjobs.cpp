#include "agentjobs.h"

#include "forecasting/demandstatistics.h"
#include "inventory/holdsservice.h"
#include "scheduler/scheduler.h"

namespace sp::approvals {

void registerAgentJobs(sp::scheduler::Scheduler& s)
{
    using sp::scheduler::Scheduler;
    s.registerJob(QStringLiteral("demand-statistics"), 86400,
                  &sp::forecasting::DemandStatistics::refresh);
    s.registerJob(QStringLiteral("stock-check"), 3600,
                  Scheduler::sqlJob("SELECT agent_stock_check()"));
    s.registerJob(QStringLiteral("redistribution"), 3600,
                  Scheduler::sqlJob("SELECT agent_redistribution()"));
    s.registerJob(QStringLiteral("price-analysis"), 86400,
                  &sp::forecasting::DemandStatistics::analysePrices);
    s.registerJob(QStringLiteral("price-changes"), 3600,
                  &sp::forecasting::DemandStatistics::applyDuePriceChanges);
    s.registerJob(QStringLiteral("ledger-audit"), 86400,
                  Scheduler::sqlJob("SELECT agent_ledger_audit()"));
    // Returns the stock of lapsed holds and purges old idempotency keys (the endpoint's
    // housekeeping); where no scheduler runs, the endpoint server sweeps by itself.
    s.registerJob(QStringLiteral("hold-expiry"), 5,
                  [](sp::db::Connection& c) { return sp::inventory::sweepLapsedHolds(c); });
}

} // namespace sp::approvals
