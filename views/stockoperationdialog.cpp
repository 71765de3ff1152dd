#include "stockoperationdialog.h"

#include "db/dberror.h"
#include "db/whendone.h"
#include "errortext.h"
#include "inventory/stockoperations.h"
#include "skufield.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sp::views {

namespace {

QComboBox* locationCombo(const QList<LocationChoice>& locations, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    for (const LocationChoice& l : locations)
        combo->addItem(QStringLiteral("%1 – %2").arg(l.code, l.name), l.code);
    return combo;
}

void selectCode(QComboBox* combo, const QString& code)
{
    const int i = combo->findData(code);
    if (i >= 0)
        combo->setCurrentIndex(i);
}

} // namespace

StockOperationDialog::StockOperationDialog(Kind kind, sp::db::Database* database,
                                           const QList<LocationChoice>& locations, QWidget* parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_database(database)
{
    auto* form = new QFormLayout;
    m_sku = new SkuField(database, this);
    m_sku->setObjectName(QStringLiteral("sku"));
    m_sku->setPlaceholderText(tr("e.g. SKU000001, or scan the barcode"));
    auto* skuLabel = new QLabel(tr("&SKU:"), this);
    skuLabel->setBuddy(m_sku);
    auto* skuBox = new QVBoxLayout;
    skuBox->addWidget(m_sku);
    skuBox->addWidget(m_sku->messageLabel());
    form->addRow(skuLabel, skuBox);
    // A scanned product's SKU is in: the count or quantity comes next.
    connect(m_sku, &SkuField::resolved, this, [this] { m_quantity->setFocus(); });

    m_location = locationCombo(locations, this);
    m_location->setObjectName(QStringLiteral("location"));
    m_quantity = new QSpinBox(this);
    m_quantity->setObjectName(QStringLiteral("quantity"));
    m_quantity->setRange(0, 1'000'000);
    m_quantity->setAccelerated(true);

    switch (kind) {
    case Kind::Receive:
        setWindowTitle(tr("Receive Stock"));
        form->addRow(tr("&Location:"), m_location);
        m_quantity->setValue(1);
        form->addRow(tr("&Quantity:"), m_quantity);
        break;
    case Kind::Adjust:
        setWindowTitle(tr("Adjust Stock Count"));
        form->addRow(tr("&Location:"), m_location);
        form->addRow(tr("&Counted on hand:"), m_quantity);
        m_reason = new QComboBox(this);
        m_reason->setObjectName(QStringLiteral("reason"));
        m_reason->setEditable(true);
        m_reason->addItems({QString(), tr("Stock count"), tr("Damaged goods found"),
                            tr("Theft or loss"), tr("Found stock")});
        m_reason->lineEdit()->setPlaceholderText(tr("Why the count differs (required)"));
        form->addRow(tr("&Reason:"), m_reason);
        break;
    case Kind::Damage:
    case Kind::WriteOff:
    case Kind::Quarantine:
    case Kind::Release: {
        const QString title[] = {tr("Record Damaged Stock"), tr("Write Off Damaged Stock"),
                                 tr("Put Stock in Quarantine"),
                                 tr("Release Stock from Quarantine")};
        const QString what[] = {
            tr("The units stay on hand but can no longer be sold, until a manager writes them "
               "off."),
            tr("Damaged units leave the stock for good: on hand and damaged both go down."),
            tr("The units stay on hand but are held back from sale until they are released."),
            tr("Units in quarantine that passed their check become available again.")};
        const int i = int(kind) - int(Kind::Damage);
        setWindowTitle(title[i]);
        auto* explanation = new QLabel(what[i], this);
        explanation->setObjectName(QStringLiteral("explanation"));
        explanation->setWordWrap(true);
        form->addRow(explanation);
        form->addRow(tr("&Location:"), m_location);
        m_quantity->setValue(1);
        form->addRow(tr("&Quantity:"), m_quantity);
        m_reason = new QComboBox(this);
        m_reason->setObjectName(QStringLiteral("reason"));
        m_reason->setEditable(true);
        switch (kind) {
        case Kind::Damage:
            m_reason->addItems({QString(), tr("Damaged in handling"), tr("Damaged on delivery"),
                                tr("Faulty"), tr("Expired")});
            break;
        case Kind::WriteOff:
            m_reason->addItems({QString(), tr("Disposed of"), tr("Returned to the supplier"),
                                tr("Beyond repair")});
            break;
        case Kind::Quarantine:
            m_reason->addItems(
                {QString(), tr("Customer return, to check"), tr("Suspect batch"), tr("Recall")});
            break;
        default:
            m_reason->addItems({QString(), tr("Checked, sellable"), tr("Recall lifted")});
            break;
        }
        m_reason->lineEdit()->setPlaceholderText(tr("Why (required)"));
        form->addRow(tr("&Reason:"), m_reason);
        break;
    }
    case Kind::Transfer:
        setWindowTitle(tr("Transfer Stock"));
        m_location->setObjectName(QStringLiteral("from"));
        form->addRow(tr("&From:"), m_location);
        m_destination = locationCombo(locations, this);
        m_destination->setObjectName(QStringLiteral("to"));
        if (m_destination->count() > 1)
            m_destination->setCurrentIndex(1);
        form->addRow(tr("&To:"), m_destination);
        m_quantity->setValue(1);
        form->addRow(tr("&Quantity:"), m_quantity);
        break;
    }
    if (!needsReason()) {
        m_note = new QLineEdit(this);
        m_note->setObjectName(QStringLiteral("note"));
        m_note->setPlaceholderText(tr("Optional"));
        form->addRow(tr("&Note:"), m_note);
    }

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    const QString ok[] = {tr("Receive"),   tr("Adjust"),     tr("Transfer"), tr("Record damage"),
                          tr("Write off"), tr("Quarantine"), tr("Release")};
    m_buttons->button(QDialogButtonBox::Ok)->setText(ok[int(kind)]);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &StockOperationDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &StockOperationDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);
}

void StockOperationDialog::setSku(const QString& sku)
{
    m_sku->setText(sku);
}

void StockOperationDialog::setLocation(const QString& code)
{
    selectCode(m_location, code);
    // A transfer's destination defaults to another location than the source.
    if (m_destination && m_destination->currentData() == m_location->currentData()) {
        for (int i = 0; i < m_destination->count(); ++i) {
            if (m_destination->itemData(i) != m_location->currentData()) {
                m_destination->setCurrentIndex(i);
                break;
            }
        }
    }
}

void StockOperationDialog::setDestination(const QString& code)
{
    if (m_destination)
        selectCode(m_destination, code);
}

void StockOperationDialog::setQuantity(int quantity)
{
    m_quantity->setValue(quantity);
}

QString StockOperationDialog::errorMessage() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

QString StockOperationDialog::validate() const
{
    if (m_sku->text().trimmed().isEmpty())
        return tr("Enter a SKU.");
    if (m_sku->isUnknownBarcode())
        return m_sku->message();
    if (m_location->currentIndex() < 0)
        return tr("Choose a location.");
    if (m_kind != Kind::Adjust && m_quantity->value() <= 0)
        return tr("The quantity must be at least 1.");
    if (m_kind == Kind::Transfer) {
        if (m_destination->currentIndex() < 0)
            return tr("Choose where the stock goes.");
        if (m_destination->currentData() == m_location->currentData())
            return tr("Choose two different locations for a transfer.");
    }
    if (m_kind == Kind::Adjust && m_reason->currentText().trimmed().isEmpty())
        return tr("Enter the reason for the correction.");
    if (needsReason() && m_reason->currentText().trimmed().isEmpty())
        return tr("Enter the reason.");
    return {};
}

void StockOperationDialog::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void StockOperationDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void StockOperationDialog::accept()
{
    if (m_busy)
        return;
    // A barcode typed or scanned without its Enter: look it up first and show the SKU it
    // stands for; the person confirms with OK once they see it.
    if (m_sku->needsLookup() || m_sku->isLookingUp()) {
        m_sku->lookUp();
        return;
    }
    const QString problem = validate();
    if (!problem.isEmpty()) {
        showError(problem);
        return;
    }
    showError({});
    setBusy(true);

    const Kind kind = m_kind;
    const QString sku = m_sku->text().trimmed();
    const QString location = m_location->currentData().toString();
    const QString destination = m_destination ? m_destination->currentData().toString() : QString();
    const int quantity = m_quantity->value();
    const QString text = m_reason ? m_reason->currentText().trimmed() : m_note->text().trimmed();
    const QString permission = kind == Kind::Adjust     ? tr("Adjusting stock needs a manager.")
                               : kind == Kind::WriteOff ? tr("Writing stock off needs a manager.")
                                                        : tr("Your account may not change stock.");
    using sp::inventory::ConditionChange;

    QFuture<QJsonObject> done;
    switch (kind) {
    case Kind::Receive:
        done = sp::inventory::receive(*m_database, sku, location, quantity, text);
        break;
    case Kind::Adjust:
        done = sp::inventory::adjust(*m_database, sku, location, quantity, text);
        break;
    case Kind::Transfer:
        done = sp::inventory::transfer(*m_database, sku, location, destination, quantity, text);
        break;
    case Kind::Damage:
        done = sp::inventory::changeCondition(*m_database, ConditionChange::Damage, sku, location,
                                              quantity, text);
        break;
    case Kind::WriteOff:
        done = sp::inventory::changeCondition(*m_database, ConditionChange::WriteOff, sku, location,
                                              quantity, text);
        break;
    case Kind::Quarantine:
        done = sp::inventory::changeCondition(*m_database, ConditionChange::Quarantine, sku,
                                              location, quantity, text);
        break;
    case Kind::Release:
        done = sp::inventory::changeCondition(*m_database, ConditionChange::Release, sku, location,
                                              quantity, text);
        break;
    }
    sp::db::whenDone(
        this, done,
        [this](const QJsonObject&) {
            setBusy(false);
            emit succeeded();
            QDialog::accept();
        },
        [this, kind, permission](const sp::db::DbError& e) {
            setBusy(false);
            QString message = errorText(e, permission);
            // A count below the damaged or quarantined units: say which buttons free them.
            if (kind == Kind::Adjust && e.is(sp::db::sqlstate::CountBelowAllocated))
                message +=
                    QLatin1Char(' ') + tr("Damaged units leave the count with Write off…, units in "
                                          "quarantine with Release… (Stock page, per location).");
            showError(message);
        });
}

} // namespace sp::views
