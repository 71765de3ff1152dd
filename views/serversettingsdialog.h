#pragma once

#include "db/connectionsettings.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace sp::views {

// Host, port, database and SSL mode of a shared PostgreSQL server. The user name and password
// are asked for at sign-in; nothing secret is edited here.
class ServerSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ServerSettingsDialog(const sp::db::ConnectionSettings& current,
                                  QWidget* parent = nullptr);
    sp::db::ConnectionSettings settings() const;

private:
    sp::db::ConnectionSettings m_base;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QComboBox* m_sslMode = nullptr;
};

} // namespace sp::views
