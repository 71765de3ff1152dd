#pragma once

#include "requestparser.h"

#include <QFuture>
#include <QObject>

#include <nlohmann/json_fwd.hpp>

namespace sp::llm {
class LlmClient;
}

namespace sp::staffrequests {

// Reads a free-text request: with the language model when one is configured, checked field by
// field and against the person's own words; otherwise, or when the model fails, times out or
// answers something invalid, with the rule-based parser. The result says which one read it
// and, after a fallback, why.
class RequestReader final : public QObject
{
    Q_OBJECT

public:
    RequestReader(sp::llm::LlmClient* client, QList<LocationName> locations, QStringList categories,
                  QObject* parent = nullptr);

    QFuture<ParseResult> read(const QString& text);

    // The language model's JSON answer as a request, or an error naming the first bad field.
    // Public for tests.
    std::optional<StaffRequest> fromModelJson(const QString& content, QString* error) const;

private:
    ParseResult fallback(const QString& text, const QString& why) const;

    sp::llm::LlmClient* m_client;
    QList<LocationName> m_locations;
    QStringList m_categories;
    RuleBasedParser m_rules;
};

} // namespace sp::staffrequests
