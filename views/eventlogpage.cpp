#include "eventlogpage.h"

#include "eventlogmodel.h"
#include "skufield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace sp::views {

using sp::models::EventFilter;
using sp::models::EventLogModel;

EventLogPage::EventLogPage(sp::db::Database* db, QWidget* parent)
    : QWidget(parent)
    , m_model(new EventLogModel(db, 200, this))
    , m_table(new QTableView(this))
    , m_type(new QComboBox(this))
    , m_sku(new SkuField(db, this))
    , m_useFrom(new QCheckBox(tr("&From"), this))
    , m_from(new QDateTimeEdit(this))
    , m_useTo(new QCheckBox(tr("&To"), this))
    , m_to(new QDateTimeEdit(this))
    , m_status(new QLabel(this))
    , m_payload(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("eventLogPage"));
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_type->addItem(tr("Every type"), QString());
    for (const QString& t : EventLogModel::knownTypes())
        m_type->addItem(t, t);
    m_sku->setObjectName(QStringLiteral("skuFilter"));
    m_sku->setPlaceholderText(tr("SKU"));
    m_sku->setClearButtonEnabled(true);
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit* e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        e->setEnabled(false);
    }
    m_from->setObjectName(QStringLiteral("fromFilter"));
    m_to->setObjectName(QStringLiteral("toFilter"));
    m_from->setDateTime(now.addDays(-1));
    m_to->setDateTime(now.addSecs(3600));
    auto* typeLabel = new QLabel(tr("T&ype:"), this);
    typeLabel->setBuddy(m_type);
    auto* skuLabel = new QLabel(tr("&SKU:"), this);
    skuLabel->setBuddy(m_sku);
    auto* reloadButton = new QPushButton(tr("Re&load"), this);

    auto* filters = new QHBoxLayout;
    filters->addWidget(typeLabel);
    filters->addWidget(m_type);
    filters->addWidget(skuLabel);
    filters->addWidget(m_sku);
    filters->addWidget(m_sku->messageLabel());
    filters->addWidget(m_useFrom);
    filters->addWidget(m_from);
    filters->addWidget(m_useTo);
    filters->addWidget(m_to);
    filters->addWidget(reloadButton);
    filters->addStretch(1);
    filters->addWidget(m_status);

    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_payload->setObjectName(QStringLiteral("eventPayload"));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_payload);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    // Typing in the SKU box filters after a short pause instead of once per key.
    auto* typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(300);
    connect(typing, &QTimer::timeout, this, &EventLogPage::applyFilter);
    connect(m_sku, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
    connect(m_sku, &QLineEdit::returnPressed, this, &EventLogPage::applyFilter);
    connect(m_sku, &SkuField::resolved, this, &EventLogPage::applyFilter);
    connect(m_type, &QComboBox::currentIndexChanged, this, &EventLogPage::applyFilter);
    connect(m_useFrom, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useTo, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(m_useFrom, &QCheckBox::toggled, this, &EventLogPage::applyFilter);
    connect(m_useTo, &QCheckBox::toggled, this, &EventLogPage::applyFilter);
    connect(m_from, &QDateTimeEdit::editingFinished, this, &EventLogPage::applyFilter);
    connect(m_to, &QDateTimeEdit::editingFinished, this, &EventLogPage::applyFilter);
    connect(reloadButton, &QPushButton::clicked, this, &EventLogPage::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EventLogPage::showSelected);
    connect(m_model, &EventLogModel::loadingChanged, this, [this](bool loading) {
        m_status->setText(loading ? tr("Loading…")
                                  : tr("%n event(s)", nullptr, m_model->rowCount()));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_model->isLoading())
            m_status->setText(tr("%n event(s)", nullptr, m_model->rowCount()));
    });
    connect(m_model, &EventLogModel::errorOccurred, m_status, &QLabel::setText);
}

void EventLogPage::reload()
{
    m_model->reload();
}

void EventLogPage::applyEvents(const QList<sp::db::Event>& events)
{
    m_model->applyEvents(events);
}

void EventLogPage::applyFilter()
{
    EventFilter f;
    const QString type = m_type->currentData().toString();
    if (!type.isEmpty())
        f.types << type;
    f.sku = m_sku->text().trimmed();
    if (m_useFrom->isChecked())
        f.from = m_from->dateTime().toUTC();
    if (m_useTo->isChecked())
        f.to = m_to->dateTime().toUTC();
    const EventFilter& old = m_model->filter();
    if (f.types == old.types && f.sku == old.sku && f.from == old.from && f.to == old.to)
        return;
    m_payload->clear();
    m_model->setFilter(f);
}

void EventLogPage::showSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const EventLogModel::Row* r = rows.isEmpty() ? nullptr : m_model->rowAt(rows.first().row());
    if (!r) {
        m_payload->clear();
        return;
    }
    m_payload->setPlainText(
        tr("Event %1 · %2 · %3\n\n")
            .arg(r->id)
            .arg(r->type, r->at.toLocalTime().toString(Qt::ISODate)) +
        QString::fromUtf8(QJsonDocument(r->payload).toJson(QJsonDocument::Indented)));
}

} // namespace sp::views
