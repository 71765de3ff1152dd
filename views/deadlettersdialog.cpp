#include "deadlettersdialog.h"

#include "deadlettersmodel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::DeadLettersModel;

DeadLettersDialog::DeadLettersDialog(sp::db::Database* db, QWidget* parent)
    : QDialog(parent)
    , m_model(new DeadLettersModel(db, this))
    , m_table(new QTableView(this))
    , m_requeue(new QPushButton(tr("&Requeue"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("deadLettersDialog"));
    setWindowTitle(tr("Dead Webhook Deliveries"));
    m_table->setObjectName(QStringLiteral("deadLettersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(DeadLettersModel::LastErrorColumn,
                                                      QHeaderView::Stretch);
    m_table->setWordWrap(false);

    m_requeue->setObjectName(QStringLiteral("requeue"));
    m_requeue->setToolTip(tr("Send the selected items again, from the first attempt"));
    m_message->setObjectName(QStringLiteral("deadLettersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_requeue, QDialogButtonBox::ActionRole);
    QPushButton* reloadButton = buttons->addButton(tr("Re&load"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reloadButton, &QPushButton::clicked, this, &DeadLettersDialog::reload);
    connect(m_requeue, &QPushButton::clicked, this, &DeadLettersDialog::requeueSelected);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Webhook items that failed on every attempt. Fix the "
                                    "endpoint, then requeue them."),
                                 this));
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(820, 420);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DeadLettersDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeadLettersDialog::updateButtons);
    connect(m_model, &DeadLettersModel::loaded, this, [this] {
        if (!m_busy && m_model->rowCount() == 0)
            m_message->setText(tr("No dead letters: every webhook was delivered or is still "
                                  "being tried."));
    });
    connect(m_model, &DeadLettersModel::requeued, this, [this](const QList<qint64>& ids) {
        m_busy = false;
        m_message->setText(tr("%n item(s) queued again.", nullptr, int(ids.size())));
        updateButtons();
    });
    connect(m_model, &DeadLettersModel::errorOccurred, this, [this](const QString& text) {
        m_busy = false;
        m_message->setText(text);
        updateButtons();
    });
    updateButtons();
    reload();
}

void DeadLettersDialog::reload()
{
    m_model->reload();
}

void DeadLettersDialog::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

QList<qint64> DeadLettersDialog::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        ids << i.data(DeadLettersModel::IdRole).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void DeadLettersDialog::requeueSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || m_busy)
        return;
    m_busy = true;
    m_message->setText(tr("Queuing %n item(s) again…", nullptr, int(ids.size())));
    updateButtons();
    m_model->requeue(ids);
}

void DeadLettersDialog::updateButtons()
{
    m_requeue->setEnabled(!m_busy && m_table->selectionModel()->hasSelection());
}

} // namespace sp::views
