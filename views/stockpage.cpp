#include "stockpage.h"

#include "db/eventstream.h"
#include "ledgermodel.h"
#include "skufield.h"
#include "staff/session.h"
#include "stockdetailmodel.h"
#include "stocktablemodel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBarModelMapper>
#include <QVBoxLayout>
#include <QValueAxis>

namespace sp::views {

namespace {

using sp::models::StockTableModel;

// Colours low and empty location cells so shortages stand out while scrolling.
class StockCellDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QVariant status = index.data(StockTableModel::StatusRole);
        if (!status.isValid())
            return;
        switch (status.toInt()) {
        case 1: // low
            option->backgroundBrush = QColor(0xFF, 0xF0, 0xC2);
            option->palette.setColor(QPalette::Text, QColor(0x7A, 0x4D, 0x00));
            break;
        case 2: // out of stock
            option->backgroundBrush = QColor(0xFD, 0xD8, 0xD5);
            option->palette.setColor(QPalette::Text, QColor(0xA0, 0x1B, 0x12));
            option->font.setBold(true);
            break;
        default:
            break;
        }
    }
};

// Tables that may hold many rows: fixed row heights, so Qt never measures every row.
void makeFast(QTableView* view)
{
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace

StockPage::StockPage(sp::staff::Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_model = new StockTableModel(session->database(), this);
    m_detail = new sp::models::StockDetailModel(session->database(), this);
    m_ledger = new sp::models::LedgerModel(session->database(), this);

    // Filters.
    m_search = new SkuField(session->database(), this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search SKU or name, or scan a barcode…"));
    m_search->setClearButtonEnabled(true);
    m_search->messageLabel()->setWordWrap(false);
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("category"));
    m_category->addItem(tr("All categories"), QString());
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_location = new QComboBox(this);
    m_location->setObjectName(QStringLiteral("location"));
    m_location->addItem(tr("All locations"), QString());
    m_location->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->addItem(tr("All"), int(sp::models::StockFilter::Status::Any));
    m_status->addItem(tr("Low"), int(sp::models::StockFilter::Status::Low));
    m_status->addItem(tr("Out of stock"), int(sp::models::StockFilter::Status::Out));

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &StockPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &StockPage::applyFilter);
    // A scan: no search for its digits meanwhile, then at once for the SKU it stands for.
    connect(m_search, &SkuField::lookupStarted, m_debounce, &QTimer::stop);
    connect(m_search, &SkuField::resolved, this, &StockPage::applyFilter);
    for (QComboBox* combo : {m_category, m_location, m_status}) {
        connect(combo, &QComboBox::currentIndexChanged, this, &StockPage::applyFilter);
    }

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_search->messageLabel());
    filters->addWidget(m_category);
    filters->addWidget(m_location);
    filters->addWidget(new QLabel(tr("Status:"), this));
    filters->addWidget(m_status);

    // The table.
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("stockTable"));
    m_table->setModel(m_model);
    makeFast(m_table);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setItemDelegate(new StockCellDelegate(m_table));
    m_table->horizontalHeader()->setSortIndicator(StockTableModel::SkuColumn, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setDefaultSectionSize(80);
    m_table->horizontalHeader()->setMinimumSectionSize(48);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("rowCount"));
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("loadError"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();

    auto* tablePane = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filters);
    tableLayout->addWidget(m_table, 1);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_errorLabel, 1);
    footer->addStretch();
    footer->addWidget(m_countLabel);
    tableLayout->addLayout(footer);

    // The detail pane.
    m_detailTitle = new QLabel(tr("Select a SKU to see its stock per location and history."), this);
    m_detailTitle->setObjectName(QStringLiteral("detailTitle"));
    m_detailTable = new QTableView(this);
    m_detailTable->setObjectName(QStringLiteral("detailTable"));
    m_detailTable->setModel(m_detail);
    makeFast(m_detailTable);
    m_detailTable->horizontalHeader()->setDefaultSectionSize(84);
    m_detailTable->verticalHeader()->show(); // the location names are the row headers
    m_detailTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Available and the reorder point first: what people look for, visible without scrolling.
    m_detailTable->horizontalHeader()->moveSection(sp::models::StockDetailModel::AvailableColumn,
                                                   0);
    m_detailTable->horizontalHeader()->moveSection(sp::models::StockDetailModel::ReorderPointColumn,
                                                   1);
    m_detailTable->verticalHeader()->setMaximumWidth(190);
    // A row is a location: Damage… and the other buttons act where the selected row is.
    m_detailTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ledgerTable = new QTableView(this);
    m_ledgerTable->setObjectName(QStringLiteral("ledgerTable"));
    m_ledgerTable->setModel(m_ledger);
    makeFast(m_ledgerTable);
    m_ledgerTable->horizontalHeader()->setStretchLastSection(true);
    m_ledgerTable->horizontalHeader()->setDefaultSectionSize(64);
    m_ledgerTable->setColumnWidth(sp::models::LedgerModel::TimeColumn, 150);
    m_ledgerTable->setColumnWidth(sp::models::LedgerModel::ReasonColumn, 130);

    auto* figures = new QWidget(this);
    auto* figuresLayout = new QVBoxLayout(figures);
    figuresLayout->setContentsMargins(0, 0, 0, 0);
    auto* figuresHead = new QHBoxLayout;
    figuresHead->addWidget(new QLabel(tr("<b>Per location</b>"), figures), 1);
    const struct
    {
        StockOperationDialog::Kind kind;
        const char* name;
        QString text;
    } conditions[] = {
        {StockOperationDialog::Kind::Damage, "damageStock", tr("&Damage…")},
        {StockOperationDialog::Kind::WriteOff, "writeOffStock", tr("&Write off…")},
        {StockOperationDialog::Kind::Quarantine, "quarantineStock", tr("Q&uarantine…")},
        {StockOperationDialog::Kind::Release, "releaseStock", tr("Re&lease…")},
    };
    for (const auto& c : conditions) {
        auto* button = new QPushButton(c.text, figures);
        button->setObjectName(QLatin1String(c.name));
        connect(button, &QPushButton::clicked, this,
                [this, kind = c.kind] { openConditionDialog(kind); });
        figuresHead->addWidget(button);
        m_conditionButtons.append(button);
        if (c.kind == StockOperationDialog::Kind::WriteOff)
            m_writeOff = button;
    }
    figuresLayout->addLayout(figuresHead);
    figuresLayout->addWidget(m_detailTable, 3);
    figuresLayout->addWidget(createAvailabilityChart(), 2);
    auto* history = new QWidget(this);
    auto* historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(tr("<b>Ledger</b> (newest first)"), history));
    historyLayout->addWidget(m_ledgerTable);
    auto* detailSplitter = new QSplitter(Qt::Horizontal, this);
    detailSplitter->addWidget(figures);
    detailSplitter->addWidget(history);
    // The figures matter more than the history; give them the room for all eight columns.
    detailSplitter->setStretchFactor(0, 3);
    detailSplitter->setStretchFactor(1, 2);

    auto* detailPane = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(detailSplitter, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(tablePane);
    m_splitter->addWidget(detailPane);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    connect(m_model, &StockTableModel::loaded, this, &StockPage::onLoaded);
    connect(m_model, &StockTableModel::categoriesChanged, this, &StockPage::fillCategories);
    connect(m_model, &StockTableModel::errorOccurred, this, [this](const QString& message) {
        m_failed = true;
        m_errorLabel->setText(message);
        m_errorLabel->show();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StockPage::updateCountLabel);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StockPage::updateCountLabel);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &StockPage::onCurrentChanged);
    connect(m_detailTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StockPage::updateConditionButtons);
    connect(m_detail, &QAbstractItemModel::modelReset, this, &StockPage::updateConditionButtons);
    // The detail's figures for a new SKU: select the location chosen in the table, if any.
    connect(m_detail, &sp::models::StockDetailModel::loaded, this, [this] {
        if (detailLocationCode().isEmpty())
            selectDetailLocation(selectedLocationCode());
    });
    updateConditionButtons();

    // Live updates: only the rows an event touches are refreshed; a reconnect catches up from
    // the last event seen, and a load that failed while the server was away is repeated.
    connect(session->events(), &sp::db::EventStream::eventsReceived, m_model,
            &StockTableModel::applyEvents);
    connect(session->events(), &sp::db::EventStream::eventsReceived, m_detail,
            &sp::models::StockDetailModel::applyEvents);
    connect(session->events(), &sp::db::EventStream::eventsReceived, m_ledger,
            &sp::models::LedgerModel::applyEvents);
    connect(session, &sp::staff::Session::reconnected, this, [this] {
        if (m_failed || !m_loadedOnce)
            reload();
    });
}

// Available units per location as bars, bound to the detail model (no copying into series).
QWidget* StockPage::createAvailabilityChart()
{
    auto* series = new QBarSeries(this);
    auto* mapper = new QVBarModelMapper(this);
    mapper->setFirstBarSetColumn(sp::models::StockDetailModel::AvailableColumn);
    mapper->setLastBarSetColumn(sp::models::StockDetailModel::AvailableColumn);
    mapper->setSeries(series);
    mapper->setModel(m_detail);

    auto* chart = new QChart;
    chart->addSeries(series);
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    auto* categories = new QBarCategoryAxis(chart);
    auto* values = new QValueAxis(chart);
    values->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);

    auto updateAxes = [this, categories, values, series] {
        QStringList names;
        int highest = 0;
        for (int row = 0; row < m_detail->rowCount(); ++row) {
            // Codes, not names: five to ten bars must fit under a narrow chart.
            names << m_detail->index(row, 0)
                         .data(sp::models::StockDetailModel::LocationCodeRole)
                         .toString();
            highest = qMax(
                highest,
                m_detail->index(row, sp::models::StockDetailModel::AvailableColumn).data().toInt());
        }
        categories->setCategories(names);
        values->setRange(0, highest > 0 ? highest + highest / 10 + 1 : 10);
        for (QBarSet* set : series->barSets())
            set->setColor(QColor(0x2f, 0x81, 0xf7));
    };
    connect(m_detail, &QAbstractItemModel::modelReset, this, updateAxes);
    connect(m_detail, &QAbstractItemModel::dataChanged, this, updateAxes);
    connect(m_detail, &QAbstractItemModel::rowsInserted, this, updateAxes);

    m_chart = new QChartView(chart, this);
    m_chart->setObjectName(QStringLiteral("availabilityChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(140);
    return m_chart;
}

void StockPage::load()
{
    reload();
}

void StockPage::reload()
{
    m_failed = false;
    m_errorLabel->hide();
    m_model->reload();
}

void StockPage::applyFilter()
{
    m_debounce->stop();
    if (m_search->isLookingUp())
        return; // the SKU it resolves to comes next
    sp::models::StockFilter filter;
    filter.text = m_search->text().trimmed();
    filter.category = m_category->currentData().toString();
    filter.locationCode = m_location->currentData().toString();
    filter.status = sp::models::StockFilter::Status(m_status->currentData().toInt());
    const sp::models::StockFilter& current = m_model->filter();
    if (current.text == filter.text && current.category == filter.category &&
        current.locationCode == filter.locationCode && current.status == filter.status) {
        return;
    }
    m_model->setFilter(filter);
}

void StockPage::onLoaded(qint64 elapsedMs)
{
    m_lastLoadMs = elapsedMs;
    m_failed = false;
    m_errorLabel->hide();
    fillCategories();
    fillLocations();
    updateCountLabel();
    // Widen the text columns once, from the first page only (never over every row).
    if (!m_loadedOnce) {
        m_table->resizeColumnToContents(StockTableModel::SkuColumn);
        m_table->horizontalHeader()->setSectionResizeMode(StockTableModel::NameColumn,
                                                          QHeaderView::Stretch);
        m_table->resizeColumnToContents(StockTableModel::CategoryColumn);
    }
    // Keep the selected SKU selected across reloads and filter changes.
    if (!m_selectedSku.isEmpty()) {
        const int row = m_model->rowForSku(m_selectedSku);
        if (row >= 0) {
            const int column = qMax(0, m_table->currentIndex().column());
            m_table->setCurrentIndex(m_model->index(row, column));
            m_table->scrollTo(m_model->index(row, column));
        }
    }
    if (!m_loadedOnce) {
        m_loadedOnce = true;
        emit firstRowsLoaded();
    }
}

void StockPage::updateCountLabel()
{
    const QLocale locale;
    const int rows = m_model->rowCount();
    // Whole phrases rather than "%n SKU(s)": the English source must read well untranslated.
    QString text = rows == 1 ? tr("1 SKU") : tr("%1 SKUs").arg(locale.toString(rows));
    if (m_lastLoadMs >= 0)
        text += QStringLiteral(" · ") + tr("loaded in %1 ms").arg(locale.toString(m_lastLoadMs));
    m_countLabel->setText(text);
}

void StockPage::fillCategories()
{
    const QString current = m_category->currentData().toString();
    const QStringList categories = m_model->categories();
    QStringList present;
    for (int i = 1; i < m_category->count(); ++i)
        present << m_category->itemData(i).toString();
    if (present == categories)
        return;
    const QSignalBlocker blocker(m_category); // refilling is not a filter change
    m_category->clear();
    m_category->addItem(tr("All categories"), QString());
    for (const QString& c : categories)
        m_category->addItem(c, c);
    m_category->setCurrentIndex(qMax(0, m_category->findData(current)));
}

void StockPage::fillLocations()
{
    if (m_location->count() > 1)
        return;
    const QSignalBlocker blocker(m_location);
    for (const auto& l : m_model->locations())
        m_location->addItem(QStringLiteral("%1 – %2").arg(l.code, l.name), l.code);
}

QList<LocationChoice> StockPage::locationChoices() const
{
    QList<LocationChoice> choices;
    for (const auto& l : m_model->locations())
        choices.append({l.code, l.name});
    return choices;
}

QString StockPage::detailLocationCode() const
{
    const QModelIndexList rows = m_detailTable->selectionModel()->selectedRows();
    return rows.isEmpty()
               ? QString()
               : rows.first().data(sp::models::StockDetailModel::LocationCodeRole).toString();
}

void StockPage::selectDetailLocation(const QString& code)
{
    if (code.isEmpty())
        return;
    for (int row = 0; row < m_detail->rowCount(); ++row) {
        if (m_detail->index(row, 0).data(sp::models::StockDetailModel::LocationCodeRole) == code) {
            m_detailTable->selectRow(row);
            return;
        }
    }
}

void StockPage::updateConditionButtons()
{
    const bool chosen = !m_selectedSku.isEmpty() && !detailLocationCode().isEmpty();
    for (QPushButton* button : std::as_const(m_conditionButtons))
        button->setEnabled(chosen);
    // The database refuses a clerk's write-off; the button says so before anyone tries.
    if (m_session->role() == QLatin1String("clerk")) {
        m_writeOff->setEnabled(false);
        m_writeOff->setToolTip(tr("Managers may write stock off."));
    }
}

StockOperationDialog* StockPage::openConditionDialog(StockOperationDialog::Kind kind)
{
    const QString location = detailLocationCode();
    if (m_selectedSku.isEmpty() || location.isEmpty())
        return nullptr;
    auto* dialog = new StockOperationDialog(kind, m_session->database(), locationChoices(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSku(m_selectedSku);
    dialog->setLocation(location);
    dialog->open();
    return dialog;
}

QString StockPage::selectedSku() const
{
    return m_selectedSku;
}

QString StockPage::selectedLocationCode() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return {};
    return m_model->locationCodeForColumn(current.column());
}

void StockPage::onCurrentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    const QString sku = current.isValid()
                            ? current.siblingAtColumn(0).data(StockTableModel::SkuRole).toString()
                            : QString();
    if (sku.isEmpty())
        return;
    if (sku == m_selectedSku) {
        // Another location of the same SKU: the per-location actions follow it.
        selectDetailLocation(selectedLocationCode());
        return;
    }
    m_selectedSku = sku;
    const QString name = current.siblingAtColumn(StockTableModel::NameColumn).data().toString();
    m_detailTitle->setText(
        QStringLiteral("<b>%1</b>  %2").arg(sku.toHtmlEscaped(), name.toHtmlEscaped()));
    m_detail->setSku(sku);
    m_ledger->setSku(sku);
    updateConditionButtons();
    emit selectionChanged(sku);
}

} // namespace sp::views
