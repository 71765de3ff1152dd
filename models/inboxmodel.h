#pragma once

#include "approvals/suggestions.h"
#include "db/eventstream.h"
#include "modelloader.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sp::db {
class Database;
}

namespace sp::models {

// The approval inbox: every pending suggestion (restock, transfer, markdown, audit; the agent's
// and staff requests), most urgent first or sorted by a column (in SQL). Loads through the
// ModelLoader in pages of PageSize rows as a view scrolls (canFetchMore/fetchMore, keyset paging),
// so an inbox of thousands opens as fast as one of ten. applyEvents() keeps it live: new
// suggestions appear where they sort among the loaded rows (later ones come with their page),
// refreshed ones change in place or move, and ones decided by someone else or superseded leave.
// The pending and high-priority counts are the database's, not the loaded rows'.
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
        OriginColumn, // "Agent" or "Requested by <user>"
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
        OriginRole,           // agent, staff
        RequestedByRole,      // the staff member who asked (origin staff)
        RequestRole,          // QVariantMap of the request as filed (origin staff)
        ExplanationRole,      // short explanation from the numbers
        ExplanationSourceRole // "llm" or "template"
    };

    static constexpr int PageSize = 200;

    explicit InboxModel(sp::db::Database* db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Sorts in SQL and loads again; column -1 is the inbox's own order (most urgent first).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    sp::approvals::InboxPageQuery query() const { return m_query; }

    void reload();
    bool isLoading() const { return m_loader.isLoading(); }
    // Every pending suggestion has been loaded (no page left).
    bool isComplete() const { return m_complete; }
    int pendingCount() const { return m_counts.total; }
    // The suggestion shown in a row (for the detail pane); nullptr when out of range.
    const sp::approvals::Suggestion* suggestionAt(int row) const;
    int rowForId(qint64 id) const;
    int highPriorityCount() const;

    static QString kindName(const QString& kind);
    static QString priorityName(int priority);
    // Who worded a suggestion's explanation, for people ("Worded by the language model ...").
    static QString explanationSourceText(const sp::approvals::Suggestion& s);
    static QString originText(const sp::approvals::Suggestion& s);

public slots:
    void applyEvents(const QList<sp::db::Event>& events);

signals:
    void loadingChanged(bool loading);
    void loaded(qint64 elapsedMs); // the first page of a (re)load is in
    void countsChanged(int pending, int highPriority);
    void errorOccurred(const QString& message);
    // Suggestions that appeared live (not by a reload), e.g. for a tray notification.
    void suggestionsArrived(const QList<qint64>& ids);

private:
    void merge(const QList<sp::approvals::Suggestion>& changed);
    void appendPage(const QList<sp::approvals::Suggestion>& rows);
    void setCounts(const sp::approvals::PendingCounts& counts);
    bool before(const sp::approvals::Suggestion& a, const sp::approvals::Suggestion& b) const;
    // Where s belongs among the loaded rows; -1 when it sorts after them and more pages are
    // still to come (its page brings it).
    int placeFor(const sp::approvals::Suggestion& s) const;

    sp::db::Database* m_db;
    sp::approvals::InboxPageQuery m_query;
    QList<sp::approvals::Suggestion> m_rows;
    mutable QHash<qint64, int> m_rowOfId; // rebuilt when rows have moved
    mutable bool m_rowOfIdDirty = true;
    sp::approvals::PendingCounts m_counts;
    bool m_fetching = false; // a further page is on its way
    bool m_complete = true;  // no page left after the loaded rows
    // Loading: the first page of a (re)load is on its way.
    ModelLoader m_loader;
};

} // namespace sp::models
