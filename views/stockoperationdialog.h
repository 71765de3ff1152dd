#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sp::db {
class Database;
}

namespace sp::views {

class SkuField;

struct LocationChoice
{
    QString code;
    QString name;
};

// Receive, Adjust (count correction), Transfer, and the changes of condition at one location
// (Damage, WriteOff, Quarantine, Release) in one dialog. The SKU may be typed or scanned
// (SkuField). Checks the input first, then runs the stock function on a worker thread; on
// failure it shows the database's message and stays open so the input can be fixed.
class StockOperationDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Receive, Adjust, Transfer, Damage, WriteOff, Quarantine, Release };

    StockOperationDialog(Kind kind, sp::db::Database* database,
                         const QList<LocationChoice>& locations, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    void setSku(const QString& sku);
    void setLocation(const QString& code);    // where; Transfer: from
    void setDestination(const QString& code); // Transfer only
    void setQuantity(int quantity);
    QString errorMessage() const;
    bool isBusy() const { return m_busy; }

    void accept() override;

signals:
    void succeeded();

private:
    bool needsReason() const { return m_kind != Kind::Receive && m_kind != Kind::Transfer; }
    QString validate() const;
    void showError(const QString& message);
    void setBusy(bool busy);

    Kind m_kind;
    sp::db::Database* m_database;
    SkuField* m_sku = nullptr;
    QComboBox* m_location = nullptr;
    QComboBox* m_destination = nullptr;
    QSpinBox* m_quantity = nullptr;
    QComboBox* m_reason = nullptr;
    QLineEdit* m_note = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace sp::views
