#include "inboxpage.h"

#include "approvals/reasontemplates.h"
#include "db/database.h"
#include "db/whendone.h"
#include "errortext.h"
#include "eventlogmodel.h"
#include "inboxmodel.h"
#include "staffroles.h"
#include "suggestiondialogs.h"

#include <QAction>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

namespace sp::views {

using sp::approvals::DecisionOutcome;
using sp::approvals::DecisionResult;
using sp::approvals::Suggestion;
using sp::approvals::Suggestions;
using sp::models::EventLogModel;
using sp::models::InboxModel;

namespace {

QAction* makeAction(QWidget* owner, const QString& text, const QKeySequence& key,
                    const QString& tip)
{
    auto* a = new QAction(text, owner);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    owner->addAction(a);
    return a;
}

QString escaped(const QString& s)
{
    return s.toHtmlEscaped();
}

} // namespace

InboxPage::InboxPage(sp::db::Database* db, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_model(new InboxModel(db, this))
    , m_history(new EventLogModel(db, 50, this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
    , m_message(new QLabel(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("inboxPage"));
    m_approve = makeAction(this, tr("&Approve"), QKeySequence(Qt::Key_A),
                           tr("Approve the selected suggestions as proposed"));
    m_modify = makeAction(this, tr("&Modify…"), QKeySequence(Qt::Key_M),
                          tr("Change the quantity, source or discount, then approve"));
    m_reject = makeAction(this, tr("&Reject…"), QKeySequence(Qt::Key_R),
                          tr("Reject the selected suggestions with a reason"));
    auto* refresh = makeAction(this, tr("Re&load"), QKeySequence(QKeySequence::Refresh),
                               tr("Load the inbox again"));
    connect(m_approve, &QAction::triggered, this, &InboxPage::approveSelected);
    connect(m_modify, &QAction::triggered, this, &InboxPage::modifySelected);
    connect(m_reject, &QAction::triggered, this, &InboxPage::rejectSelected);
    connect(refresh, &QAction::triggered, this, &InboxPage::reload);

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_approve);
    toolbar->addAction(m_modify);
    toolbar->addAction(m_reject);
    toolbar->addSeparator();
    toolbar->addAction(refresh);
    toolbar->addSeparator();
    toolbar->addWidget(m_summary);

    m_message->setObjectName(QStringLiteral("inboxMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_table->setObjectName(QStringLiteral("inboxTable"));
    // The model sorts in SQL and loads pages as the table scrolls (no proxy: a proxy would
    // sort only the rows loaded so far).
    m_table->setModel(m_model);
    // The model's order (most urgent first) until a header is clicked; set before sorting is
    // enabled, which sorts (and so loads) by the indicator at once.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed widths from the font: sizing to contents would read every row of a big inbox.
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const QList<std::pair<int, int>> widths = {
        {InboxModel::KindColumn, 7},     {InboxModel::SkuColumn, 8},
        {InboxModel::LocationColumn, 6}, {InboxModel::ProposalColumn, 15},
        {InboxModel::ValueColumn, 7},    {InboxModel::AgeColumn, 6},
        {InboxModel::PriorityColumn, 6}, {InboxModel::OriginColumn, 11}};
    for (const auto& [column, ems] : widths)
        m_table->setColumnWidth(column, ems * em);
    m_table->horizontalHeader()->setMinimumSectionSize(3 * em);
    m_table->horizontalHeader()->setSectionResizeMode(InboxModel::ReasonColumn,
                                                      QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addAction(m_approve);
    m_table->addAction(m_modify);
    m_table->addAction(m_reject);

    m_detail->setObjectName(QStringLiteral("inboxDetail"));
    m_detail->setOpenLinks(false);
    auto* historyView = new QTableView(this);
    historyView->setObjectName(QStringLiteral("inboxHistory"));
    historyView->setModel(m_history);
    historyView->verticalHeader()->hide();
    historyView->horizontalHeader()->setStretchLastSection(true);
    historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    historyView->setColumnHidden(EventLogModel::SkuColumn, true);
    auto* detailSplit = new QSplitter(Qt::Vertical, this);
    detailSplit->addWidget(m_detail);
    detailSplit->addWidget(historyView);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(detailSplit);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({700, 300});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    // The counts are the database's (most rows may not be loaded); a reload shows them too.
    connect(m_model, &InboxModel::countsChanged, this, &InboxPage::updateBadge);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InboxPage::updateBadge);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &InboxPage::updateDetail);
    connect(m_model, &InboxModel::errorOccurred, this,
            [this](const QString& text) { showMessage(text, true); });
    m_approveTip = m_approve->toolTip();
    m_modifyTip = m_modify->toolTip();
    m_rejectTip = m_reject->toolTip();
    updateActions();
    updateDetail();
}

void InboxPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    emit shown();
}

void InboxPage::reload()
{
    m_model->reload();
}

void InboxPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
    m_history->applyEvents(events);
}

void InboxPage::setLocationCodes(const QStringList& codes)
{
    m_locationCodes = codes;
}

QList<qint64> InboxPage::selectedIds() const
{
    QList<int> rows;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    QList<qint64> ids;
    for (int row : rows)
        ids << m_model->index(row, 0).data(InboxModel::IdRole).toLongLong();
    return ids;
}

QList<Suggestion> InboxPage::selectedSuggestions() const
{
    QList<Suggestion> out;
    for (qint64 id : selectedIds()) {
        if (const Suggestion* s = m_model->suggestionAt(m_model->rowForId(id)))
            out << *s;
    }
    return out;
}

bool InboxPage::selectId(qint64 id)
{
    const int row = m_model->rowForId(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_table->scrollTo(index);
    return true;
}

void InboxPage::setRole(const QString& role)
{
    m_role = role;
    sp::db::whenDone(
        this, Suggestions::approvalPolicies(*m_db),
        [this](const QList<sp::approvals::ApprovalPolicy>& policies) {
            m_policies = policies;
            updateActions();
        },
        [](const sp::db::DbError&) {
            // Without the policies every action is offered; the database still decides.
        });
}

QString InboxPage::refusalFor(const Suggestion& s, double value) const
{
    if (m_role.isEmpty() || m_policies.isEmpty())
        return {};
    const StaffRole mine = staffRole(m_role);
    QStringList who;
    const QLocale locale;
    for (const sp::approvals::ApprovalPolicy& p : m_policies) {
        if (p.kind != s.kind)
            continue;
        if (staffRole(p.role) <= mine && (!p.maxValue || value <= *p.maxValue))
            return {};
        const QString name = p.role == QLatin1String("admin")     ? tr("admins")
                             : p.role == QLatin1String("manager") ? tr("managers")
                                                                  : tr("clerks");
        who << (p.maxValue ? tr("%1 up to %2").arg(name, locale.toString(*p.maxValue, 'f', 2))
                           : name);
    }
    return tr("Who may decide it (%1): %2.")
        .arg(InboxModel::kindName(s.kind),
             who.isEmpty() ? tr("nobody") : who.join(QStringLiteral(", ")));
}

void InboxPage::updateActions()
{
    const int n = int(m_table->selectionModel()->selectedRows().size());
    const bool idle = m_busy == 0;
    // What the policies keep from this role: approving at the value, rejecting at all.
    QString approveRefusal, rejectRefusal;
    for (const Suggestion& s : selectedSuggestions()) {
        if (approveRefusal.isEmpty())
            approveRefusal = refusalFor(s, s.value);
        if (rejectRefusal.isEmpty())
            rejectRefusal = refusalFor(s, 0);
    }
    m_approve->setEnabled(idle && n > 0 && approveRefusal.isEmpty());
    m_modify->setEnabled(idle && n == 1 && rejectRefusal.isEmpty());
    m_reject->setEnabled(idle && n > 0 && rejectRefusal.isEmpty());
    m_approve->setToolTip(approveRefusal.isEmpty() ? m_approveTip : approveRefusal);
    m_modify->setToolTip(rejectRefusal.isEmpty() ? m_modifyTip : rejectRefusal);
    m_reject->setToolTip(rejectRefusal.isEmpty() ? m_rejectTip : rejectRefusal);
    m_approve->setText(n > 1 ? tr("&Approve %n", nullptr, n) : tr("&Approve"));
}

void InboxPage::updateBadge()
{
    const int high = m_model->highPriorityCount();
    m_summary->setText(tr("%n pending", nullptr, m_model->pendingCount()) + QStringLiteral(" · ") +
                       tr("%n high priority", nullptr, high));
    if (high != m_lastBadge) {
        m_lastBadge = high;
        emit highPriorityCountChanged(high);
    }
}

void InboxPage::updateDetail()
{
    const QList<qint64> ids = selectedIds();
    const Suggestion* s =
        ids.size() == 1 ? m_model->suggestionAt(m_model->rowForId(ids.first())) : nullptr;
    if (!s) {
        m_detail->setHtml(ids.isEmpty()
                              ? tr("<p>Select a suggestion to see its numbers and history.</p>")
                              : tr("<p>%n suggestions selected.</p>", nullptr, int(ids.size())));
        if (!m_history->filter().sku.isEmpty())
            m_history->setFilter({{QStringLiteral("__none__")}, {}, {}, {}});
        return;
    }
    const QLocale locale;
    QString html;
    html += QStringLiteral("<h3>%1 · %2</h3>")
                .arg(escaped(InboxModel::kindName(s->kind)), escaped(s->proposalText()));
    const QString location =
        s->location.isEmpty() ? tr("All locations") : tr("Location %1").arg(s->location);
    if (s->isPurchase())
        html += QStringLiteral("<p><b>%1</b><br>%2</p>")
                    .arg(escaped(s->supplier.isEmpty() ? tr("No supplier named") : s->supplier),
                         escaped(location));
    else
        html += QStringLiteral("<p><b>%1</b> %2<br>%3</p>")
                    .arg(escaped(s->sku), escaped(s->productName), escaped(location));
    html += QStringLiteral("<p>%1</p>").arg(escaped(s->reasonText()));
    const QJsonArray lines =
        (s->final.isEmpty() ? s->proposal : s->final).value(QLatin1String("lines")).toArray();
    if (s->isPurchase()) {
        // Each line with its own figures and reason, as a restock of that SKU alone says it.
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr><th align=\"left\">"
                               "%1</th><th align=\"left\">%2</th><th align=\"right\">%3</th>"
                               "<th align=\"right\">%4</th><th align=\"left\">%5</th></tr>")
                    .arg(tr("SKU").toHtmlEscaped(), tr("Product").toHtmlEscaped(),
                         tr("Quantity").toHtmlEscaped(), tr("Amount").toHtmlEscaped(),
                         tr("Why").toHtmlEscaped());
        for (const QJsonValue& l : lines)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td align=\"right\">%3</td>"
                                   "<td align=\"right\">%4</td><td>%5</td></tr>")
                        .arg(escaped(l[QLatin1String("sku")].toString()),
                             escaped(l[QLatin1String("name")].toString()),
                             locale.toString(l[QLatin1String("quantity")].toInt()),
                             locale.toString(l[QLatin1String("quantity")].toInt() *
                                                 l[QLatin1String("unit_cost")].toDouble(),
                                             'f', 2),
                             escaped(sp::approvals::reasonText(
                                 l[QLatin1String("reason_template")].toObject(),
                                 l[QLatin1String("reason")].toString())));
        html += QStringLiteral("</table>");
    }
    if (!s->explanation.isEmpty())
        html += QStringLiteral("<p><i>%1</i><br><small>%2</small></p>")
                    .arg(escaped(s->explanation), escaped(InboxModel::explanationSourceText(*s)));
    if (s->isStaffRequest()) {
        // What the person asked for, in their words, beside what was filed from it.
        html += QStringLiteral("<p><b>%1</b>").arg(escaped(InboxModel::originText(*s)));
        if (!s->requestText().isEmpty())
            html += QStringLiteral("<br><i>“%1”</i>").arg(escaped(s->requestText()));
        html += QStringLiteral("</p><table cellspacing=\"0\" cellpadding=\"2\">");
        // The rest of the request as filed (the structured request, who or what read it).
        for (auto it = s->request.constBegin(); it != s->request.constEnd(); ++it) {
            if (it.key() == QLatin1String("text"))
                continue;
            const QJsonValue v = it.value();
            QString text;
            if (v.isObject())
                text =
                    QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            else if (v.isArray())
                text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
            else if (v.isDouble())
                text = QLocale().toString(v.toDouble(), 'g', 10);
            else
                text = v.toVariant().toString();
            html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                        .arg(escaped(QString(it.key()).replace(QLatin1Char('_'), QLatin1Char(' '))),
                             escaped(text));
        }
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    auto row = [&html](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td>%1</td><td align=\"right\"><b>%2</b></td></tr>")
                    .arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    row(tr("Value"), locale.toString(s->value, 'f', 2));
    row(tr("Priority"), InboxModel::priorityName(s->priority));
    row(tr("Origin"), InboxModel::originText(*s));
    if (s->quantity > 0)
        row(tr("Quantity"), locale.toString(s->quantity));
    if (!s->source.isEmpty())
        row(tr("Source"), s->source);
    row(tr("Suggested"), locale.toString(s->createdAt.toLocalTime(), QLocale::ShortFormat));
    if (s->updatedAt.isValid() && s->updatedAt != s->createdAt)
        row(tr("Last refreshed"),
            locale.toString(s->updatedAt.toLocalTime(), QLocale::ShortFormat));
    html += QStringLiteral("</table><h4>%1</h4><table cellspacing=\"0\" cellpadding=\"2\">")
                .arg(tr("Numbers").toHtmlEscaped());
    for (auto it = s->numbers.constBegin(); it != s->numbers.constEnd(); ++it) {
        if (it.key() == QLatin1String("line_numbers"))
            continue; // shown per line above
        const QJsonValue v = it.value();
        QString text;
        if (v.isDouble())
            text = locale.toString(v.toDouble(), 'g', 10);
        else if (v.isString())
            text = v.toString();
        else if (v.isNull())
            text = QStringLiteral("–");
        else
            text = QString::fromUtf8(
                QJsonDocument(QJsonObject{{QString(), v}}).toJson(QJsonDocument::Compact));
        row(QString(it.key()).replace(QLatin1Char('_'), QLatin1Char(' ')), text);
    }
    html += QStringLiteral("</table><h4>%1</h4>").arg(tr("History of this SKU").toHtmlEscaped());
    m_detail->setHtml(html);
    // A purchase's history is its first (most urgent) line's.
    const QString historySku =
        s->isPurchase() ? lines.at(0)[QLatin1String("sku")].toString() : s->sku;
    if (m_history->filter().sku != historySku) {
        m_history->setFilter(
            {{QStringLiteral("InventoryActionSuggested"),
              QStringLiteral("PriceAdjustmentSuggested"), QStringLiteral("HumanReviewRequired"),
              QStringLiteral("HumanResponseReceived"), QStringLiteral("ActionExecuted"),
              QStringLiteral("SuggestionSuperseded")},
             historySku,
             {},
             {}});
    }
}

void InboxPage::showMessage(const QString& text, bool error)
{
    if (text.isEmpty()) {
        m_message->hide();
        m_message->clear();
        return;
    }
    m_message->setText(text);
    m_message->setProperty("error", error);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { background: #fde2e1; color: #7a1712;"
                                                    " padding: 6px; border-radius: 3px; }")
                                   : QStringLiteral("QLabel { background: #e3f4e1; color: #1d4d17;"
                                                    " padding: 6px; border-radius: 3px; }"));
    m_message->show();
}

void InboxPage::approveSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || m_busy)
        return;
    decide(sp::approvals::Decision::Approve, ids, {}, {});
}

void InboxPage::modifySelected()
{
    const QList<Suggestion> selected = selectedSuggestions();
    if (selected.size() != 1 || m_busy || m_modifyDialog)
        return;
    QStringList codes = m_locationCodes;
    if (codes.isEmpty()) {
        // Without a catalogue, offer the locations the inbox mentions.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const Suggestion* s = m_model->suggestionAt(row);
            for (const QString& c : {s->location, s->source}) {
                if (!c.isEmpty() && !codes.contains(c))
                    codes << c;
            }
        }
        codes.sort();
    }
    auto* dialog = new ModifyDialog(selected.first(), codes, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_modifyDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        decide(sp::approvals::Decision::Modify, {dialog->suggestionId()}, dialog->changes(),
               dialog->note());
    });
    dialog->open();
}

void InboxPage::rejectSelected()
{
    const QList<Suggestion> selected = selectedSuggestions();
    if (selected.isEmpty() || m_busy || m_rejectDialog)
        return;
    QList<qint64> ids;
    for (const Suggestion& s : selected)
        ids << s.id;
    auto* dialog = new RejectDialog(selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_rejectDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids] {
        decide(sp::approvals::Decision::Reject, ids, {}, dialog->reason());
    });
    dialog->open();
}

void InboxPage::decide(sp::approvals::Decision decision, const QList<qint64>& ids,
                       const QJsonObject& changes, const QString& text)
{
    m_busy = int(ids.size());
    m_messages.clear();
    updateActions();
    showMessage(tr("Deciding %n suggestion(s)…", nullptr, int(ids.size())), false);
    // One batch: each decision is its own transaction, so one refusal (another manager was
    // first) does not undo the others.
    auto future = Suggestions::decide(*m_db, decision, ids, changes, text);
    sp::db::whenDone(
        this, future,
        [this](const QList<DecisionOutcome>& outcomes) {
            m_busy = 0;
            QList<sp::db::Event> touched;
            for (const DecisionOutcome& o : outcomes) {
                if (o.error)
                    failOne(o.id, *o.error);
                else
                    finishOne(o.id, o.result);
                // Refresh these rows now rather than when the event stream brings the news.
                sp::db::Event e;
                e.type = QStringLiteral("HumanResponseReceived");
                e.payload.insert(QStringLiteral("suggestion_id"), o.id);
                touched << e;
            }
            m_model->applyEvents(touched);
            showMessage(
                m_messages.join(QLatin1Char('\n')),
                std::any_of(outcomes.cbegin(), outcomes.cend(), [](const DecisionOutcome& o) {
                    return o.error.has_value() || o.result.status == QLatin1String("failed");
                }));
            updateActions();
        },
        [this, ids](const sp::db::DbError& e) {
            m_busy = 0;
            for (qint64 id : ids)
                failOne(id, e);
            showMessage(m_messages.join(QLatin1Char('\n')), true);
            updateActions();
        });
}

void InboxPage::finishOne(qint64 id, const DecisionResult& r)
{
    if (r.status == QLatin1String("failed"))
        m_messages << tr("Suggestion %1 was approved but could not be carried out: %2")
                          .arg(id)
                          .arg(r.error);
    else if (r.status == QLatin1String("rejected"))
        m_messages << tr("Suggestion %1 rejected.").arg(id);
    else
        m_messages << tr("Suggestion %1 approved and carried out.").arg(id);
    emit decided(id, r.status);
}

void InboxPage::failOne(qint64 id, const sp::db::DbError& e)
{
    const QString text = tr("Suggestion %1: %2").arg(id).arg(errorText(e));
    m_messages << text;
    emit decisionRefused(id, text);
}

} // namespace sp::views
