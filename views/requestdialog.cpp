#include "requestdialog.h"

#include "approvals/reasontemplates.h"
#include "db/database.h"
#include "db/whendone.h"
#include "errortext.h"
#include "skufield.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QVBoxLayout>

namespace sp::views {

using sp::staffrequests::RequestPreview;
using sp::staffrequests::StaffRequest;

namespace {

QLabel* wrappingLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

RequestDialog::RequestDialog(Kind kind, sp::staffrequests::RequestFiler* filer,
                             sp::db::Database* database, QWidget* parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_filer(filer)
    , m_database(database)
{
    auto* form = new QFormLayout;
    if (kind == Kind::Text) {
        setWindowTitle(tr("Staff Request"));
        m_text = new QLineEdit(this);
        m_text->setObjectName(QStringLiteral("text"));
        m_text->setPlaceholderText(tr("e.g. 20 units of SKU000123 to Store Mitte"));
        m_text->setMaxLength(1000);
        form->addRow(tr("&Request:"), m_text);
        connect(m_text, &QLineEdit::textEdited, this, &RequestDialog::invalidate);
        connect(m_text, &QLineEdit::returnPressed, this, &RequestDialog::requestPreview);
    }
    if (kind == Kind::Transfer || kind == Kind::Adjustment || kind == Kind::Restock) {
        m_sku = new SkuField(database, this);
        m_sku->setObjectName(QStringLiteral("sku"));
        m_sku->setPlaceholderText(tr("e.g. SKU000001, or scan the barcode"));
        m_skuCompletions = new QStringListModel(this);
        auto* completer = new QCompleter(m_skuCompletions, this);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
        m_sku->setCompleter(completer);
        auto* skuLabel = new QLabel(tr("&SKU:"), this);
        skuLabel->setBuddy(m_sku);
        auto* skuBox = new QVBoxLayout;
        skuBox->addWidget(m_sku);
        skuBox->addWidget(m_sku->messageLabel());
        form->addRow(skuLabel, skuBox);
        connect(m_sku, &QLineEdit::textEdited, this, [this](const QString& text) {
            invalidate();
            completeSku(text);
        });
        // A scan replaces the text without an edit: what was previewed no longer holds.
        connect(m_sku, &SkuField::resolved, this, &RequestDialog::invalidate);
        m_location = new QComboBox(this);
        m_location->setObjectName(QStringLiteral("location"));
        connect(m_location, &QComboBox::currentIndexChanged, this, &RequestDialog::invalidate);
    }
    switch (kind) {
    case Kind::Text:
        break;
    case Kind::Transfer:
        setWindowTitle(tr("Request a Transfer"));
        m_location->setObjectName(QStringLiteral("to"));
        form->addRow(tr("&To:"), m_location);
        m_from = new QComboBox(this);
        m_from->setObjectName(QStringLiteral("from"));
        form->addRow(tr("&From:"), m_from);
        connect(m_from, &QComboBox::currentIndexChanged, this, &RequestDialog::invalidate);
        break;
    case Kind::Adjustment:
        setWindowTitle(tr("Request a Stock Adjustment"));
        form->addRow(tr("&Location:"), m_location);
        break;
    case Kind::Restock:
        setWindowTitle(tr("Request a Restock"));
        form->addRow(tr("&Location:"), m_location);
        break;
    case Kind::Promotion:
        setWindowTitle(tr("Request a Promotion"));
        m_category = new QComboBox(this);
        m_category->setObjectName(QStringLiteral("category"));
        form->addRow(tr("&Category:"), m_category);
        connect(m_category, &QComboBox::currentIndexChanged, this, &RequestDialog::invalidate);
        m_discount = new QSpinBox(this);
        m_discount->setObjectName(QStringLiteral("discount"));
        m_discount->setRange(0, 90);
        m_discount->setSuffix(tr(" %"));
        // 0: the optimizer suggests a discount per SKU from its cover and past response.
        m_discount->setSpecialValueText(tr("Suggest"));
        form->addRow(tr("&Discount:"), m_discount);
        connect(m_discount, &QSpinBox::valueChanged, this, &RequestDialog::invalidate);
        break;
    }
    if (kind == Kind::Transfer || kind == Kind::Adjustment || kind == Kind::Restock) {
        m_quantity = new QSpinBox(this);
        m_quantity->setObjectName(QStringLiteral("quantity"));
        m_quantity->setRange(kind == Kind::Adjustment ? 0 : 1, 1'000'000);
        m_quantity->setAccelerated(true);
        form->addRow(kind == Kind::Adjustment ? tr("&Counted on hand:") : tr("&Quantity:"),
                     m_quantity);
        connect(m_quantity, &QSpinBox::valueChanged, this, &RequestDialog::invalidate);
    }
    if (kind == Kind::Adjustment) {
        m_reason = new QComboBox(this);
        m_reason->setObjectName(QStringLiteral("reason"));
        m_reason->setEditable(true);
        m_reason->addItems({QString(), tr("Stock count"), tr("Damaged goods found"),
                            tr("Theft or loss"), tr("Found stock")});
        m_reason->lineEdit()->setPlaceholderText(tr("Why the count differs (required)"));
        form->addRow(tr("&Reason:"), m_reason);
        connect(m_reason, &QComboBox::currentTextChanged, this, &RequestDialog::invalidate);
    }

    m_previewButton = new QPushButton(tr("&Preview"), this);
    m_previewButton->setObjectName(QStringLiteral("preview"));
    m_previewButton->setAutoDefault(false);
    connect(m_previewButton, &QPushButton::clicked, this, &RequestDialog::requestPreview);

    auto* result = new QGroupBox(tr("Proposal"), this);
    auto* resultLayout = new QFormLayout(result);
    m_reader = wrappingLabel(QStringLiteral("reader"), result);
    m_choice = wrappingLabel(QStringLiteral("choice"), result);
    m_reasonLabel = wrappingLabel(QStringLiteral("reasonText"), result);
    m_alternative = wrappingLabel(QStringLiteral("alternative"), result);
    m_alternative->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    resultLayout->addRow(tr("Read by:"), m_reader);
    resultLayout->addRow(tr("Proposal:"), m_choice);
    resultLayout->addRow(tr("Why:"), m_reasonLabel);
    resultLayout->addRow(m_alternative);
    m_alternative->hide();

    m_error = wrappingLabel(QStringLiteral("error"), this);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    fileButton()->setText(tr("&File Request"));
    fileButton()->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RequestDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RequestDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_previewButton, 0, Qt::AlignRight);
    layout->addWidget(result);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    invalidate();
    loadCatalogue();
}

QPushButton* RequestDialog::fileButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString RequestDialog::errorMessage() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

QString RequestDialog::readerText() const
{
    return m_reader->text();
}

QString RequestDialog::choiceText() const
{
    return m_choice->text();
}

QString RequestDialog::reasonText() const
{
    return m_reasonLabel->text();
}

void RequestDialog::setSku(const QString& sku)
{
    if (m_sku)
        m_sku->setText(sku);
    invalidate();
}

void RequestDialog::setLocation(const QString& code)
{
    m_wantedLocation = code;
    if (m_location && m_location->findData(code) >= 0)
        m_location->setCurrentIndex(m_location->findData(code));
}

void RequestDialog::setQuantity(int quantity)
{
    if (m_quantity)
        m_quantity->setValue(quantity);
}

void RequestDialog::loadCatalogue()
{
    if (!m_database)
        return;
    m_previewButton->setEnabled(false);
    sp::db::whenDone(
        this, sp::staffrequests::RequestFiler::catalogue(*m_database),
        [this](const sp::staffrequests::RequestCatalogue& cat) {
            for (QComboBox* combo : {m_location, m_from}) {
                if (!combo)
                    continue;
                const QSignalBlocker block(combo);
                if (combo == m_from)
                    combo->addItem(tr("Best source (optimizer chooses)"), QString());
                for (const auto& l : cat.locations)
                    combo->addItem(QStringLiteral("%1 – %2").arg(l.code, l.name), l.code);
            }
            if (m_location && !m_wantedLocation.isEmpty())
                setLocation(m_wantedLocation);
            if (m_category) {
                const QSignalBlocker block(m_category);
                m_category->addItems(cat.categories);
            }
            m_catalogueLoaded = true;
            m_previewButton->setEnabled(true);
            emit catalogueLoaded();
        },
        [this](const sp::db::DbError& e) { showError(errorText(e)); });
}

void RequestDialog::completeSku(const QString& prefix)
{
    const QString wanted = prefix.trimmed();
    if (!m_database || wanted.size() < 2)
        return;
    // Only the newest answer counts: typing on while an older query runs drops its answer.
    const quint64 generation = ++m_completionGeneration;
    sp::db::whenDone(
        this, sp::staffrequests::RequestFiler::matchingSkus(*m_database, wanted),
        [this, generation](const QStringList& skus) {
            if (generation == m_completionGeneration)
                m_skuCompletions->setStringList(skus);
        },
        [](const sp::db::DbError&) {}); // completion is a convenience; the preview checks
}

QString RequestDialog::validate() const
{
    if (m_kind == Kind::Text) {
        if (m_text->text().trimmed().isEmpty())
            return tr("Write what you need, e.g. \"20 units of SKU000123 to Store Mitte\".");
        return {};
    }
    if (m_sku && m_sku->text().trimmed().isEmpty())
        return tr("Enter a SKU.");
    if (m_sku && m_sku->isUnknownBarcode())
        return m_sku->message();
    if (m_location && m_location->currentIndex() < 0)
        return tr("Choose a location.");
    if (m_kind != Kind::Adjustment && m_quantity && m_quantity->value() <= 0)
        return tr("The quantity must be at least 1.");
    if (m_from && m_from->currentData().toString() == m_location->currentData().toString())
        return tr("Choose two different locations for a transfer.");
    if (m_reason && m_reason->currentText().trimmed().isEmpty())
        return tr("Enter the reason for the adjustment.");
    if (m_category && m_category->currentText().isEmpty())
        return tr("Choose a category.");
    return {};
}

StaffRequest RequestDialog::formRequest() const
{
    StaffRequest r;
    switch (m_kind) {
    case Kind::Text:
    case Kind::Transfer:
        r.kind = sp::staffrequests::RequestKind::Transfer;
        break;
    case Kind::Adjustment:
        r.kind = sp::staffrequests::RequestKind::Adjustment;
        break;
    case Kind::Restock:
        r.kind = sp::staffrequests::RequestKind::Restock;
        break;
    case Kind::Promotion:
        r.kind = sp::staffrequests::RequestKind::Promotion;
        break;
    }
    if (m_sku)
        r.sku = m_sku->text().trimmed().toUpper();
    if (m_location)
        r.location = m_location->currentData().toString();
    if (m_from)
        r.fromLocation = m_from->currentData().toString();
    if (m_quantity)
        r.quantity = m_quantity->value();
    if (m_reason)
        r.reason = m_reason->currentText().trimmed();
    if (m_category)
        r.category = m_category->currentText();
    if (m_discount)
        r.discountPercent = m_discount->value();
    return r;
}

void RequestDialog::requestPreview()
{
    if (m_busy || !m_catalogueLoaded)
        return;
    // A barcode without its Enter: first the SKU it stands for, shown, then a preview of that.
    if (m_sku && (m_sku->needsLookup() || m_sku->isLookingUp())) {
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
    const quint64 generation = ++m_previewGeneration;
    const QFuture<RequestPreview> future =
        m_kind == Kind::Text ? m_filer->preview(m_text->text()) : m_filer->preview(formRequest());
    sp::db::whenDone(
        this, future,
        [this, generation](const RequestPreview& preview) {
            setBusy(false);
            if (generation == m_previewGeneration)
                showPreview(preview);
        },
        [this](const sp::db::DbError& e) {
            setBusy(false);
            showError(errorText(e));
        });
}

void RequestDialog::showPreview(const RequestPreview& preview)
{
    m_preview = preview;
    if (preview.reader == QLatin1String("llm"))
        m_reader->setText(tr("the language model"));
    else if (preview.reader == QLatin1String("rules"))
        m_reader->setText(tr("the rule-based parser"));
    else
        m_reader->setText(tr("this form"));
    if (!preview.readerNote.isEmpty())
        m_reader->setText(m_reader->text() + QStringLiteral(" (") + preview.readerNote +
                          QLatin1Char(')'));
    if (!preview.error.isEmpty()) {
        m_choice->clear();
        m_reasonLabel->clear();
        m_alternative->hide();
        showError(preview.error);
    } else if (preview.optimized) {
        const auto& o = *preview.optimized;
        m_choice->setText(o.feasible ? preview.choiceText() : tr("Nothing can be filed."));
        m_reasonLabel->setText(sp::approvals::reasonText(o.reasonTemplate, o.reason));
        if (o.feasible && !o.asAsked) {
            m_alternative->setText(
                tr("This cannot be met exactly as asked; the proposal is the best feasible "
                   "alternative."));
            m_alternative->show();
        } else {
            m_alternative->hide();
        }
        showError({});
    }
    fileButton()->setEnabled(preview.canFile());
    emit previewShown();
}

void RequestDialog::invalidate()
{
    // What is filed must be what the person saw: any change asks for a new preview.
    ++m_previewGeneration;
    m_preview.reset();
    if (m_reader) {
        m_reader->setText(tr("(press Preview)"));
        m_choice->clear();
        m_reasonLabel->clear();
        m_alternative->hide();
    }
    if (m_buttons)
        fileButton()->setEnabled(false);
}

void RequestDialog::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void RequestDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_previewButton->setEnabled(!busy && m_catalogueLoaded);
    fileButton()->setEnabled(!busy && m_preview && m_preview->canFile());
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void RequestDialog::accept()
{
    if (m_busy)
        return;
    if (!m_preview || !m_preview->canFile()) {
        requestPreview();
        return;
    }
    setBusy(true);
    sp::db::whenDone(
        this, m_filer->file(*m_preview),
        [this](const sp::staffrequests::FiledRequest& filed) {
            setBusy(false);
            emit this->filed(filed);
            QDialog::accept();
        },
        [this](const sp::db::DbError& e) {
            setBusy(false);
            showError(errorText(e, tr("You may not file requests.")));
        });
}

} // namespace sp::views
