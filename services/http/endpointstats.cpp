#include "endpointstats.h"

#include <cmath>
#include <numeric>

namespace sp::http {

void HoldGroupStats::addDbTime(qint64 nsecs)
{
    const qint64 step = nsecs / 1000 / DbTimeStepUs;
    ++dbTimes[qBound(qint64(0), step, qint64(DbTimeSteps - 1))];
}

HoldGroupStats HoldGroupStats::since(const HoldGroupStats& earlier) const
{
    HoldGroupStats d;
    d.holds = holds - earlier.holds;
    d.groups = groups - earlier.groups;
    for (int i = 0; i < DbTimeSteps; ++i)
        d.dbTimes[i] = dbTimes[i] - earlier.dbTimes[i];
    return d;
}

double HoldGroupStats::dbTimePercentile(double p) const
{
    const qint64 total = std::accumulate(dbTimes.begin(), dbTimes.end(), qint64(0));
    if (total == 0)
        return 0;
    // The rank of the call at p, counted from 1.
    const auto rank = qint64(std::ceil(p * double(total)));
    qint64 seen = 0;
    for (int i = 0; i < DbTimeSteps; ++i) {
        seen += dbTimes[i];
        if (seen >= qMax(rank, qint64(1)))
            return (i + 1) * DbTimeStepUs / 1000.0;
    }
    return DbTimeSteps * DbTimeStepUs / 1000.0;
}

} // namespace sp::http
