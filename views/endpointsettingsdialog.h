#pragma once

#include "endpointcontrol.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sp::views {

// Settings → Customer endpoint…: on/off, address and port of the endpoint this program runs.
// OK saves them (QSettings http/*) and applies them at once; if the port is taken the dialog
// stays open and says so.
class EndpointSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    EndpointSettingsDialog(EndpointControl* control, QWidget* parent = nullptr);

    EndpointSettings settings() const;
    void accept() override;

private:
    EndpointControl* m_control;
    QCheckBox* m_enabled;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLabel* m_status;
};

} // namespace sp::views
