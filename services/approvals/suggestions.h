#pragma once

#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace sp::db {
class Database;
}

namespace sp::approvals {

// One row of the suggestions table, as the inbox and the command line show it.
struct Suggestion
{
    qint64 id = 0;
    QString kind;   // purchase, restock, transfer, markdown, audit, adjustment
    QString status; // pending, superseded, rejected, executed, failed
    QString sku;    // empty for a purchase (its lines name the SKUs)
    QString productName;
    QString supplier; // a purchase's supplier, empty when its products name none
    QString location; // destination / location code; empty for product-wide markdowns
    QString source;   // transfer source code
    int quantity = 0; // 0 when the kind has none
    double value = 0; // what the policies judge: units x cost, or the markdown's revenue cut
    int priority = 2; // 3 high, 2 normal, 1 low
    QJsonObject proposal;
    QJsonObject numbers;
    QString reason;             // English text; rows from before templates have only this
    QJsonObject reasonTemplate; // {"key", "args"} (reasontemplates.h), empty on old rows
    QDateTime createdAt;
    QDateTime updatedAt;
    QString decision; // approved, modified, rejected
    QString decidedBy;
    QDateTime decidedAt;
    QString decisionNote;
    QJsonObject changes; // what Modify changed
    QJsonObject final;   // the proposal as executed
    QJsonObject execution;
    QString error;
    int productId = 0;
    int locationId = 0;
    // A short explanation from the numbers (suggestion_explanations): worded by the language
    // model ("llm") or the deterministic template ("template"); the note says why the model's
    // wording was not used.
    QString explanation;
    QString explanationSource;
    QString explanationNote;
    QString origin = QStringLiteral("agent"); // agent, or staff (a person's request)
    QString requestedBy;                      // the staff member who asked (origin staff)
    QJsonObject request;      // what they asked for: the structured request, its text, the reader
    qint64 createdMicros = 0; // created_at exactly (microseconds since 1970), for paging

    bool isPending() const { return status == QLatin1String("pending"); }
    bool isPurchase() const { return kind == QLatin1String("purchase"); }
    // "Order 96 from Nordtex", "Order 84 in 2 lines from Nordtex", "Transfer 92 from WH1",
    // "Mark down 30 % (49.90 -> 34.93)".
    QString proposalText() const;
    // The reason in the user's language (from the template), or the stored text.
    QString reasonText() const;
    bool isStaffRequest() const { return origin == QLatin1String("staff"); }
    // The words the person used, when the request keeps them ("text"), else empty.
    QString requestText() const;
    QJsonObject toJson() const;
};

// The orders the inbox pages through; each ends with the id, so rows never tie.
enum class InboxOrder {
    Urgency, // priority high to low, then oldest first (the inbox's own order)
    Kind,
    Sku,
    Location,
    Quantity,
    Reason,
    Value,
    Created,
    Priority,
    Origin
};

// The pending suggestions in pages, as the inbox shows them (keyset paging: a page starts
// after the last row of the previous one, so rows that come and go do not shift the pages).
struct InboxPageQuery
{
    InboxOrder order = InboxOrder::Urgency;
    bool descending = false; // not for Urgency
    int limit = 200;
};

struct PendingCounts
{
    int total = 0;
    int highPriority = 0;
};

// Suggestions with the pending counts read in the same call (the inbox shows both).
struct SuggestionsAndCounts
{
    QList<Suggestion> rows;
    PendingCounts counts;
};

struct DecisionResult
{
    qint64 id = 0;
    QString status; // executed, failed, rejected
    QJsonObject result;
    QString error; // why the execution failed (status failed)
};

enum class Decision { Approve, Modify, Reject };

// How one suggestion of a batch ended: decided (result), or refused by the database (error:
// someone else was first, not allowed, ...).
struct DecisionOutcome
{
    qint64 id = 0;
    DecisionResult result;
    std::optional<sp::db::DbError> error;
};

// Reading suggestions and deciding them. Every decision is one SQL call; the database checks
// the approval policies and the state, so two people deciding at once cannot both succeed
// (the second gets DbError sqlstate::AlreadyDecided whose message says who decided and when).
// Who may decide which kind, up to which value (approval_policies): a role decides when a row
// for the kind names it or a role below it, within the limit.
struct ApprovalPolicy
{
    QString kind;
    QString role;                   // clerk, manager, admin
    std::optional<double> maxValue; // none: no limit
};

class Suggestions final
{
    Q_DECLARE_TR_FUNCTIONS(sp::approvals::Suggestions)

public:
    // Pending suggestions, most urgent first.
    static QList<Suggestion> pending(sp::db::Connection& c);
    // One page of pending suggestions in the query's order, after the row `after` (the first
    // page when null).
    static QList<Suggestion> pendingPage(sp::db::Connection& c, const InboxPageQuery& query,
                                         const Suggestion* after = nullptr);
    // Whether a sorts before b in the query's order (the same order as pendingPage's SQL).
    static bool before(const InboxPageQuery& query, const Suggestion& a, const Suggestion& b);
    static PendingCounts pendingCounts(sp::db::Connection& c);
    // The given suggestions in any state (live updates of the inbox).
    static QList<Suggestion> byIds(sp::db::Connection& c, const QList<qint64>& ids);
    // The inbox's reads on a worker of the pool: the first page with the counts, the page after
    // the row `after`, and the given suggestions (live updates) with the counts.
    static QFuture<SuggestionsAndCounts> firstPendingPage(sp::db::Database& db,
                                                          const InboxPageQuery& query);
    static QFuture<QList<Suggestion>> pendingPage(sp::db::Database& db, const InboxPageQuery& query,
                                                  const Suggestion& after);
    static QFuture<SuggestionsAndCounts> byIdsWithCounts(sp::db::Database& db,
                                                         const QList<qint64>& ids);
    static std::optional<Suggestion> find(sp::db::Connection& c, qint64 id);
    static QList<ApprovalPolicy> approvalPolicies(sp::db::Connection& c);
    static QFuture<QList<ApprovalPolicy>> approvalPolicies(sp::db::Database& db);
    // Newest first; status empty = every state.
    static QList<Suggestion> list(sp::db::Connection& c, const QString& status = {},
                                  int limit = 500);

    static DecisionResult approve(sp::db::Connection& c, qint64 id, const QString& note = {});
    // changes: {"quantity": n} (restock, transfer), {"source": "WH2"} (transfer),
    // {"discount_pct": n, "effective_from": "YYYY-MM-DD"} (markdown).
    static DecisionResult modify(sp::db::Connection& c, qint64 id, const QJsonObject& changes,
                                 const QString& note = {});
    static DecisionResult reject(sp::db::Connection& c, qint64 id, const QString& reason);

    // Decides the suggestions in order on one worker of the pool, each in its own SQL call and
    // transaction, so one refusal does not undo the others: one outcome per id. A lost
    // connection ends the batch, and the future fails with it. text is the note of a Modify
    // and the reason of a Reject; changes are a Modify's.
    static QFuture<QList<DecisionOutcome>> decide(sp::db::Database& db, Decision decision,
                                                  const QList<qint64>& ids,
                                                  const QJsonObject& changes = {},
                                                  const QString& text = {});
};

} // namespace sp::approvals
