#pragma once

#include <QCoreApplication>
#include <QJsonObject>

namespace sp::db {
class Connection;
}
namespace sp::scheduler {
class Scheduler;
}

namespace sp::llm {

class LlmClient;

// Registers the jobs that use the language model: "suggestion-explanations" (every 5 minutes)
// and "customer-wording" (daily). Both return at once when no model is configured, so every
// instance registers them; client may be null (then they never call anything). Also
// "llm-calls-purge" (daily): the call log keeps 90 days.
void registerLlmJobs(sp::scheduler::Scheduler& scheduler, LlmClient* client);

// The customer-wording job: asks the model once for friendlier wordings of the endpoint's
// message templates that have none yet (one call for all of them), checks each and caches it
// in the database (customer_wording_set); a rejected one is stored as the template with the
// reason, and is asked again only when its template changes. A failed call stores nothing, so
// the next run asks again.
class CustomerWording final
{
    Q_DECLARE_TR_FUNCTIONS(sp::llm::CustomerWording)

public:
    static QJsonObject run(sp::db::Connection& c, LlmClient* client);
};

} // namespace sp::llm
