#include "serversettingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace sp::views {

ServerSettingsDialog::ServerSettingsDialog(const sp::db::ConnectionSettings& current,
                                           QWidget* parent)
    : QDialog(parent)
    , m_base(current)
{
    setWindowTitle(tr("Database Server"));
    m_host = new QLineEdit(current.host, this);
    m_host->setPlaceholderText(tr("localhost"));
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default (5432)"));
    m_port->setValue(current.port);
    m_database = new QLineEdit(current.database, this);
    m_database->setPlaceholderText(tr("stockpilot"));
    m_sslMode = new QComboBox(this);
    for (const char* mode : {"prefer", "require", "verify-ca", "verify-full", "disable", "allow"})
        m_sslMode->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    const int i =
        m_sslMode->findData(current.sslMode.isEmpty() ? QStringLiteral("prefer") : current.sslMode);
    m_sslMode->setCurrentIndex(qMax(0, i));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout(this);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("P&ort:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&SSL mode:"), m_sslMode);
    form->addRow(buttons);
}

sp::db::ConnectionSettings ServerSettingsDialog::settings() const
{
    sp::db::ConnectionSettings s = m_base;
    s.uri.clear(); // the fields edited here are now the whole truth
    s.host = m_host->text().trimmed();
    s.port = m_port->value();
    s.database = m_database->text().trimmed();
    s.sslMode = m_sslMode->currentData().toString();
    return s;
}

} // namespace sp::views
