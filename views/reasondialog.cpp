#include "reasondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace sp::views {

ReasonDialog::ReasonDialog(const QString& title, const QString& text, QWidget* parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
    , m_reason(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(text, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(m_form);

    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Why? (recorded with your name)"));
    m_reason->setMaxLength(500);
    m_form->addRow(tr("&Reason:"), m_reason);

    m_error->setObjectName(QStringLiteral("reasonError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReasonDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReasonDialog::reject);
    layout->addWidget(buttons);
    connect(m_reason, &QLineEdit::textChanged, m_error, &QLabel::hide);
    m_reason->setFocus();
}

void ReasonDialog::addField(const QString& label, QWidget* field)
{
    m_form->insertRow(m_form->rowCount() - 1, label, field);
}

QString ReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

void ReasonDialog::accept()
{
    if (reason().isEmpty()) {
        m_error->setText(tr("A reason is required: it is recorded with the change."));
        m_error->show();
        m_reason->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace sp::views
