#pragma once

#include "endpointcontrol.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sp::views {

// Settings → Customer endpoint…: on/off, address and port of the endpoint this program runs.
// OK saves them (QSettings http/*) and applies them at once; if the port is taken the dialog
// stays open and says so. A restart waits for the old server's requests without blocking:
// the dialog closes once the new server runs.
class EndpointSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    EndpointSettingsDialog(EndpointControl* control, QWidget* parent = nullptr);

    EndpointSettings settings() const;
    void accept() override;

private:
    // After OK, while the endpoint restarts: closes the dialog once it runs, or says why not.
    void restartFinished();

    EndpointControl* m_control;
    QCheckBox* m_enabled;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLabel* m_status;
    QPushButton* m_ok = nullptr;
    bool m_waitingForStart = false;
};

} // namespace sp::views
