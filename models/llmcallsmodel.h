#pragma once

#include "llm/llmcalllog.h"
#include "modelloader.h"

#include <QAbstractTableModel>

namespace sp::db {
class Database;
}

namespace sp::models {

// The most recent language model calls (the call log), newest first. Loads LlmCallLog::recent
// through the ModelLoader; reading the log needs a manager, and a refusal arrives as
// errorOccurred.
class LlmCallsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        AtColumn,
        PurposeColumn,
        ModelColumn,
        LatencyColumn,
        TokensColumn,
        OutcomeColumn,
        WhoColumn,
        ColumnCount
    };

    explicit LlmCallsModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void reload(int limit = 50);
    const sp::llm::LlmCall* callAt(int row) const;
    // "OK", "Timed out", ... for an outcome name of the log.
    static QString outcomeText(const QString& outcome);

signals:
    void loaded();
    void errorOccurred(const QString& message);

private:
    sp::db::Database* m_db;
    QList<sp::llm::LlmCall> m_calls;
    ModelLoader m_loader;
};

} // namespace sp::models
