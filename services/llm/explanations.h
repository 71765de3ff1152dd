#pragma once

#include "llm/llmclient.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sp::db {
class Connection;
}

namespace sp::llm {

// Short explanations of suggestions ("Restock: 1.7 days of cover left, below the reorder point
// of 60."), worded by the language model from the suggestion's stored numbers only and checked
// before they are stored; otherwise the deterministic template of the database stands
// (sp_explanation_template in the migration). What the model may write:
//   - one or two sentences, at most MaxLength characters, plain text, starting with the kind
//     ("Restock:");
//   - numbers that are in the stored numbers or follow from two of them (a sum, a difference, a
//     ratio, a percentage or percentage change, per week / per day), rounded as written, and at
//     least one of them;
//   - no advice to decide (approve, reject), no instructions, no links, no markup.
// The product's name, the supplier and any other free text never reach the model.
class Explanations final
{
    Q_DECLARE_TR_FUNCTIONS(sp::llm::Explanations)

public:
    static constexpr int MaxLength = 160;
    // Suggestions worded per job run (sent at once, so a run takes about one reply's time).
    static constexpr int BatchSize = 6;

    // "Restock", "Transfer", "Markdown", "Ledger audit"; for other kinds the kind capitalised.
    static QString label(const QString& kind);
    // Empty when text may be shown as the explanation of a suggestion with these figures,
    // otherwise why not (for the note shown next to the template).
    static QString check(const QString& text, const QString& kind, const QJsonObject& numbers,
                         const QJsonObject& proposal);
    // The figures that go to the model: numbers, booleans and identifier-like names only.
    static QJsonObject figures(const QJsonObject& numbers, const QJsonObject& proposal);
    static QList<ChatMessage> prompt(const QString& kind, const QJsonObject& numbers,
                                     const QJsonObject& proposal);

    // The scheduled job: words up to BatchSize pending suggestions that have no explanation for
    // their current numbers, checks each answer and stores it, or the template with the reason
    // the answer was not used. Without a configured model it returns at once (the database's
    // template is shown). Returns counts for the job's run.
    static QJsonObject run(sp::db::Connection& c, LlmClient* client, int batch = BatchSize);
};

} // namespace sp::llm
