#pragma once

#include "approvals/suggestions.h"
#include "db/eventstream.h"
#include "suggestiondialogs.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace sp::db {
class Database;
class DbError;
} // namespace sp::db

namespace sp::models {
class EventLogModel;
class InboxModel;
} // namespace sp::models

namespace sp::views {

// The approval inbox: every pending suggestion of every kind in one sortable table, a detail
// pane with the suggestion's numbers and the SKU's recent agent history, and Approve (several
// at once), Modify and Reject (with a reason). Decisions go through the SQL functions on a
// worker thread; the database checks the policies and who decided first, and its refusal is
// shown in words above the table. Kept live by applyEvents().
class InboxPage final : public QWidget
{
    Q_OBJECT

public:
    explicit InboxPage(sp::db::Database* db, QWidget* parent = nullptr);

    sp::models::InboxModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QAction* approveAction() const { return m_approve; }
    QAction* modifyAction() const { return m_modify; }
    QAction* rejectAction() const { return m_reject; }
    QLabel* messageLabel() const { return m_message; }
    QTextBrowser* detailView() const { return m_detail; }
    // The dialog opened by Modify or Reject while it is open (window-modal, open()).
    ModifyDialog* modifyDialog() const { return m_modifyDialog; }
    RejectDialog* rejectDialog() const { return m_rejectDialog; }

    // Ids of the selected suggestions, in table order.
    QList<qint64> selectedIds() const;
    bool selectId(qint64 id);
    // Codes a transfer's source may be changed to.
    void setLocationCodes(const QStringList& codes);
    // The signed-in role: Approve, Modify and Reject are offered only for what the approval
    // policies let it decide (read once, off the GUI thread); empty offers everything.
    void setRole(const QString& role);
    // Why the role may not decide this suggestion at this value, naming who may; empty when it
    // may (or the policies are not read yet).
    QString refusalFor(const sp::approvals::Suggestion& s, double value) const;
    int busyCount() const { return m_busy; }

public slots:
    void reload();
    void applyEvents(const QList<sp::db::Event>& events);
    void approveSelected();
    void modifySelected();
    void rejectSelected();

signals:
    // One per decided suggestion: status is executed, failed or rejected.
    void decided(qint64 id, const QString& status);
    // One per refused decision, with the words shown.
    void decisionRefused(qint64 id, const QString& message);
    // Pending high-priority suggestions (for the side list's badge).
    void highPriorityCountChanged(int count);
    // The page became visible (the person opened the Inbox).
    void shown();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void decide(sp::approvals::Decision decision, const QList<qint64>& ids,
                const QJsonObject& changes, const QString& text);
    void finishOne(qint64 id, const sp::approvals::DecisionResult& r);
    void failOne(qint64 id, const sp::db::DbError& e);
    void showMessage(const QString& text, bool error);
    void updateActions();
    void updateDetail();
    void updateBadge();
    QList<sp::approvals::Suggestion> selectedSuggestions() const;

    sp::db::Database* m_db;
    sp::models::InboxModel* m_model;
    sp::models::EventLogModel* m_history;
    QTableView* m_table;
    QTextBrowser* m_detail;
    QLabel* m_message;
    QLabel* m_summary;
    QAction* m_approve;
    QAction* m_modify;
    QAction* m_reject;
    QPointer<ModifyDialog> m_modifyDialog;
    QPointer<RejectDialog> m_rejectDialog;
    QStringList m_locationCodes;
    QString m_role;
    QList<sp::approvals::ApprovalPolicy> m_policies;
    QString m_approveTip;
    QString m_modifyTip;
    QString m_rejectTip;
    QStringList m_messages; // of the running batch
    int m_busy = 0;
    int m_lastBadge = -1;
};

} // namespace sp::views
