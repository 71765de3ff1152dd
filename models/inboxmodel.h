#pragma once

#include "approvals/suggestions.h"
#include "db/database.h"
#include "db/eventstream.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QSet>

namespace sp::models {

// The approval inbox: every pending suggestion (restock, transfer, markdown, audit), most
// urgent first. Loads off the GUI thread; applyEvents() keeps it live: new suggestions appear,
// refreshed ones change in place, and ones decided by someone else or superseded leave.
class InboxModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        KindColumn,
        SkuColumn,
        LocationColumn,
        ProposalColumn,
        ReasonColumn,
        ValueColumn,
        AgeColumn,
        PriorityColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64
        KindRole,                  // restock, transfer, markdown, audit
        SortValueRole,             // raw value of the column, for sorting
        PriorityRole,              // 3 high, 2 normal, 1 low
        NumbersRole,               // QVariantMap of the rule's figures
        ProposalRole,              // QVariantMap of the proposal
        ReasonRole,
        CreatedAtRole, // QDateTime (UTC)
        QuantityRole,
        SourceRole,           // transfer source code
        ExplanationRole,      // short explanation from the numbers
        ExplanationSourceRole // "llm" or "template"
    };

    explicit InboxModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void reload();
    bool isLoading() const { return m_loading; }
    // The suggestion shown in a row (for the detail pane); nullptr when out of range.
    const sp::approvals::Suggestion* suggestionAt(int row) const;
    int rowForId(qint64 id) const;
    int highPriorityCount() const;

    static QString kindName(const QString& kind);
    static QString priorityName(int priority);
    // Who worded a suggestion's explanation, for people ("Worded by the language model ...").
    static QString explanationSourceText(const sp::approvals::Suggestion& s);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loadingChanged(bool loading);
    void loaded(qint64 elapsedMs);
    void errorOccurred(const QString& message);
    // Suggestions that appeared live (not by a reload), e.g. for a tray notification.
    void suggestionsArrived(const QList<qint64>& ids);

private:
    void fetch(const QList<qint64>& ids);
    void merge(const QList<sp::approvals::Suggestion>& changed);
    static bool before(const sp::approvals::Suggestion& a, const sp::approvals::Suggestion& b);

    sp::db::Database* m_db;
    QList<sp::approvals::Suggestion> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
    QSet<qint64> m_queued; // ids that changed while a reload was running
};

} // namespace sp::models
