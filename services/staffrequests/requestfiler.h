#pragma once

#include "db/database.h"
#include "requestoptimizer.h"
#include "requestparser.h"

#include <QFuture>
#include <QObject>

#include <optional>

namespace sp::llm {
class LlmClient;
}

namespace sp::staffrequests {

// What a request may name: the locations and the product categories.
struct RequestCatalogue
{
    QList<LocationName> locations;
    QStringList categories;
};

// A request read and optimized, not yet filed: what the person sees before filing.
struct RequestPreview
{
    QString text;       // the person's words; empty for a form
    QString reader;     // who read it: "llm", "rules" or "form"
    QString readerNote; // why the language model's reading was not used, if it was not
    QString error;      // why nothing can be filed (unreadable text, unknown SKU, ...)
    QString errorState; // the SQLSTATE behind error, when the database gave it
    std::optional<OptimizedRequest> optimized;

    // Something feasible to file (possibly an alternative to what was asked).
    bool canFile() const { return error.isEmpty() && optimized && optimized->feasible; }
    // The optimizer's choice in a line: "Transfer 20 x SKU000001 to ST2 from WH1 12, WH2 8".
    QString choiceText() const;
    QJsonObject toJson() const;
};

struct FiledRequest
{
    RequestPreview preview;
    QList<qint64> suggestionIds; // one per suggestion; a promotion files one per SKU
    double value = 0;            // what the approval policies will judge, summed

    QJsonObject toJson() const;
};

// Staff requests end to end: text -> RequestReader (language model if configured, else the
// rule-based parser) -> RequestOptimizer -> request_file() in the database, which files pending
// suggestions with origin 'staff'. Or a form's request -> optimizer -> file. Database work runs
// on the pool's workers and the model is asked asynchronously: the caller's thread never waits.
class RequestFiler final : public QObject
{
    Q_OBJECT

public:
    // llm may be nullptr or unconfigured: the rule-based parser reads then.
    RequestFiler(sp::db::Database* db, sp::llm::LlmClient* llm, QObject* parent = nullptr);

    QFuture<RequestPreview> preview(const QString& text);
    QFuture<RequestPreview> preview(const StaffRequest& form);
    // Files what the preview showed (the database checks it all again). Throws DbError through
    // the future when the database refuses.
    QFuture<FiledRequest> file(const RequestPreview& preview);

    // What a request may name, read on a worker of the pool.
    static QFuture<RequestCatalogue> catalogue(sp::db::Database& db);
    // Up to 20 SKUs whose SKU or name contains text (case-insensitive), in SKU order: what a
    // request form offers while the SKU is typed.
    static QFuture<QStringList> matchingSkus(sp::db::Database& db, const QString& text);

    // Synchronous parts, for worker threads and the command line.
    static RequestCatalogue catalogue(sp::db::Connection& c);
    // The optimizer with the agent's margin floor; errors (unknown SKU, ...) go into the
    // preview rather than being thrown.
    static RequestPreview optimize(sp::db::Connection& c, RequestPreview preview,
                                   const StaffRequest& request);
    static FiledRequest file(sp::db::Connection& c, const RequestPreview& preview);

private:
    sp::db::Database* m_db;
    sp::llm::LlmClient* m_llm;
};

} // namespace sp::staffrequests

Q_DECLARE_METATYPE(sp::staffrequests::RequestPreview)
Q_DECLARE_METATYPE(sp::staffrequests::FiledRequest)
