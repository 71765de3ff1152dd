#pragma once

#include <QtGlobal>

#include <array>

namespace sp::http {

// POST /hold requests served so far, the groups they went to the database in, and how long
// the groups' database calls took (from the worker's call to its answers, the commit
// included): counts of calls by time, in steps of DbTimeStepUs, the last step also counting
// the longer ones. A hold that a group left out and that went again on its own is counted once,
// as a hold; its group of one is not one of these groups.
struct HoldGroupStats
{
    static constexpr int DbTimeStepUs = 250;
    static constexpr int DbTimeSteps = 400; // the range is DbTimeSteps x DbTimeStepUs

    qint64 holds = 0;
    qint64 groups = 0;
    std::array<qint64, DbTimeSteps> dbTimes{};

    // One group's call took this long.
    void addDbTime(qint64 nsecs);
    // What happened after `earlier` (a copy taken before).
    HoldGroupStats since(const HoldGroupStats& earlier) const;
    // The time in ms within which the fraction p (0-1) of the groups' calls ended: the upper
    // end of its step; 0 when there were none.
    double dbTimePercentile(double p) const;
};

// GET /inventory requests that the cache could not answer, and the SKUs and statements they
// took to the database (see ReadBatcher).
struct ReadBatchStats
{
    qint64 requests = 0;
    qint64 skus = 0;
    qint64 batches = 0;
};

} // namespace sp::http
