#include "suggestiondialogs.h"

#include "inboxmodel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace sp::views {

using sp::approvals::Suggestion;

ModifyDialog::ModifyDialog(const Suggestion& s, const QStringList& locations, QWidget* parent)
    : QDialog(parent)
    , m_id(s.id)
{
    setWindowTitle(tr("Modify suggestion %1").arg(s.id));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("%1 for %2 %3: %4")
            .arg(sp::models::InboxModel::kindName(s.kind), s.isPurchase() ? s.supplier : s.sku,
                 s.location.isEmpty() ? tr("(all locations)") : s.location, s.proposalText()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    // An adjustment's quantity is the counted stock, which may be zero.
    const bool isCount = s.kind == QLatin1String("adjustment");
    const bool hasQuantity =
        s.kind == QLatin1String("restock") || s.kind == QLatin1String("transfer") || isCount;
    if (hasQuantity) {
        m_originalQuantity = s.quantity;
        m_quantity = new QSpinBox(this);
        m_quantity->setObjectName(QStringLiteral("quantity"));
        m_quantity->setRange(isCount ? 0 : 1, 1000000);
        m_quantity->setValue(s.quantity);
        m_quantity->setToolTip(tr("Proposed: %1").arg(s.quantity));
        form->addRow(tr("&Quantity (proposed %1):").arg(s.quantity), m_quantity);
        connect(m_quantity, &QSpinBox::valueChanged, this, &ModifyDialog::updateOk);
    }
    if (s.isPurchase()) {
        // Line by line: a quantity of 0 leaves the line out of the order.
        for (const QJsonValue& l : s.proposal.value(QLatin1String("lines")).toArray()) {
            Line line{l[QLatin1String("sku")].toString(), l[QLatin1String("quantity")].toInt(),
                      new QSpinBox(this)};
            line.edit->setObjectName(QStringLiteral("line_") + line.sku);
            line.edit->setRange(0, 1000000);
            line.edit->setSingleStep(qMax(1, l[QLatin1String("pack_size")].toInt()));
            line.edit->setValue(line.proposed);
            form->addRow(tr("%1 %2 (proposed %3):")
                             .arg(line.sku, l[QLatin1String("name")].toString())
                             .arg(line.proposed),
                         line.edit);
            connect(line.edit, &QSpinBox::valueChanged, this, &ModifyDialog::updateOk);
            m_lines.append(line);
        }
    }
    if (s.kind == QLatin1String("transfer")) {
        m_originalSource = s.source;
        m_source = new QComboBox(this);
        m_source->setObjectName(QStringLiteral("source"));
        QStringList codes = locations;
        codes.removeAll(s.location); // the destination is never its own source
        if (!codes.contains(s.source))
            codes.prepend(s.source);
        m_source->addItems(codes);
        m_source->setCurrentText(s.source);
        form->addRow(tr("&Source (proposed %1):").arg(s.source), m_source);
        connect(m_source, &QComboBox::currentTextChanged, this, &ModifyDialog::updateOk);
    }
    if (s.kind == QLatin1String("markdown")) {
        m_originalDiscount = qRound(s.proposal.value(QLatin1String("discount_pct")).toDouble());
        m_originalEffective = s.proposal.value(QLatin1String("effective_from")).toString();
        m_discount = new QSpinBox(this);
        m_discount->setObjectName(QStringLiteral("discount"));
        m_discount->setRange(1, 90);
        m_discount->setSuffix(QStringLiteral(" %"));
        m_discount->setValue(m_originalDiscount);
        form->addRow(tr("&Discount (proposed %1 %):").arg(m_originalDiscount), m_discount);
        m_effective = new QDateEdit(this);
        m_effective->setObjectName(QStringLiteral("effectiveFrom"));
        m_effective->setCalendarPopup(true);
        m_effective->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        m_effective->setMinimumDate(QDate::currentDate());
        const QDate original = QDate::fromString(m_originalEffective, Qt::ISODate);
        m_effective->setDate(original.isValid() ? original : QDate::currentDate());
        form->addRow(tr("&Effective from:"), m_effective);
        connect(m_discount, &QSpinBox::valueChanged, this, &ModifyDialog::updateOk);
        connect(m_effective, &QDateEdit::dateChanged, this, &ModifyDialog::updateOk);
    }
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setPlaceholderText(tr("Optional: why you changed it"));
    form->addRow(tr("&Note:"), m_note);

    auto* keep = new QLabel(tr("The original proposal and your change are both kept."), this);
    keep->setWordWrap(true);
    layout->addWidget(keep);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Approve with changes"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    updateOk();
}

QJsonObject ModifyDialog::changes() const
{
    QJsonObject c;
    if (m_quantity && m_quantity->value() != m_originalQuantity)
        c.insert(QStringLiteral("quantity"), m_quantity->value());
    if (m_source && m_source->currentText() != m_originalSource)
        c.insert(QStringLiteral("source"), m_source->currentText());
    if (m_discount && m_discount->value() != m_originalDiscount)
        c.insert(QStringLiteral("discount_pct"), m_discount->value());
    if (m_effective) {
        const QString date = m_effective->date().toString(Qt::ISODate);
        if (date != m_originalEffective)
            c.insert(QStringLiteral("effective_from"), date);
    }
    QJsonArray lines;
    for (const Line& l : m_lines)
        if (l.edit->value() != l.proposed)
            lines.append(QJsonObject{{QStringLiteral("sku"), l.sku},
                                     {QStringLiteral("quantity"), l.edit->value()}});
    if (!lines.isEmpty())
        c.insert(QStringLiteral("lines"), lines);
    return c;
}

QSpinBox* ModifyDialog::lineEdit(const QString& sku) const
{
    for (const Line& l : m_lines)
        if (l.sku == sku)
            return l.edit;
    return nullptr;
}

QString ModifyDialog::note() const
{
    return m_note->text().trimmed();
}

void ModifyDialog::updateOk()
{
    // A purchase keeps at least one line; to order nothing, reject it.
    const bool someLine =
        m_lines.isEmpty() || std::any_of(m_lines.cbegin(), m_lines.cend(),
                                         [](const Line& l) { return l.edit->value() > 0; });
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(someLine && !changes().isEmpty());
}

RejectDialog::RejectDialog(const QList<Suggestion>& suggestions, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Reject %n suggestion(s)", nullptr, int(suggestions.size())));
    auto* layout = new QVBoxLayout(this);
    QStringList lines;
    for (const Suggestion& s : suggestions.mid(0, 5)) {
        lines << tr("%1 %2 %3: %4")
                     .arg(sp::models::InboxModel::kindName(s.kind),
                          s.isPurchase() ? s.supplier : s.sku, s.location, s.proposalText());
    }
    if (suggestions.size() > 5)
        lines << tr("and %n more", nullptr, int(suggestions.size() - 5));
    auto* what = new QLabel(lines.join(QLatin1Char('\n')), this);
    layout->addWidget(what);
    auto* label = new QLabel(tr("&Reason (required):"), this);
    layout->addWidget(label);
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Why this should not happen"));
    m_reason->setTabChangesFocus(true);
    label->setBuddy(m_reason);
    layout->addWidget(m_reason);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Reject"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_reason, &QPlainTextEdit::textChanged, this,
            [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty()); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
}

QString RejectDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

} // namespace sp::views
