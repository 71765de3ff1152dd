#include "endpointsettingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace sp::views {

EndpointSettingsDialog::EndpointSettingsDialog(EndpointControl* control, QWidget* parent)
    : QDialog(parent)
    , m_control(control)
    , m_enabled(new QCheckBox(tr("&Serve customers' carts and partner services from this "
                                 "program"),
                              this))
    , m_address(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Customer endpoint"));
    m_enabled->setObjectName(QStringLiteral("endpointEnabled"));
    m_address->setObjectName(QStringLiteral("endpointAddress"));
    m_port->setObjectName(QStringLiteral("endpointPort"));
    m_status->setObjectName(QStringLiteral("endpointStatus"));
    m_status->setWordWrap(true);
    m_port->setRange(1, 65535);
    m_address->setToolTip(tr("127.0.0.1: this computer only; 0.0.0.0: every network interface"));

    const EndpointSettings current = control->settings();
    m_enabled->setChecked(current.enabled);
    m_address->setText(current.address);
    m_port->setValue(current.port);
    m_status->setText(control->statusText());

    auto* form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Port:"), m_port);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(control, &EndpointControl::statusChanged, this,
            &EndpointSettingsDialog::restartFinished);
    connect(buttons, &QDialogButtonBox::accepted, this, &EndpointSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EndpointSettingsDialog::reject);
    auto enable = [this] {
        m_address->setEnabled(m_enabled->isChecked());
        m_port->setEnabled(m_enabled->isChecked());
    };
    connect(m_enabled, &QCheckBox::toggled, this, enable);
    enable();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
}

EndpointSettings EndpointSettingsDialog::settings() const
{
    EndpointSettings s;
    s.enabled = m_enabled->isChecked();
    s.address = m_address->text().trimmed();
    s.port = m_port->value();
    return s;
}

void EndpointSettingsDialog::accept()
{
    const EndpointSettings s = settings();
    if (s.enabled && QHostAddress(s.address).isNull()) {
        m_status->setText(
            tr("\"%1\" is not an IP address (for example 127.0.0.1).").arg(s.address));
        return;
    }
    const bool ok = m_control->apply(s);
    QSettings settings;
    s.save(settings);
    m_status->setText(m_control->statusText());
    if (ok && m_control->isStarting()) {
        m_waitingForStart = true;
        m_ok->setEnabled(false);
        return;
    }
    if (ok)
        QDialog::accept();
}

void EndpointSettingsDialog::restartFinished()
{
    if (!m_waitingForStart || m_control->isStarting())
        return;
    m_waitingForStart = false;
    m_ok->setEnabled(true);
    m_status->setText(m_control->statusText());
    if (m_control->isRunning() || !m_control->settings().enabled)
        QDialog::accept();
}

} // namespace sp::views
