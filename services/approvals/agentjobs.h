#pragma once

namespace sp::scheduler {
class Scheduler;
}

namespace sp::approvals {

// Registers the agent's jobs (demand statistics, stock check, redistribution, price analysis,
// price changes, ledger audit) with their default intervals. Other jobs (the endpoint's hold
// sweeper) register themselves the same way: one registerJob() line each.
void registerAgentJobs(sp::scheduler::Scheduler& scheduler);

} // namespace sp::approvals
