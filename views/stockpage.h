#pragma once

#include "stockoperationdialog.h"

#include <QElapsedTimer>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;

namespace sp::models {
class LedgerModel;
class StockDetailModel;
class StockTableModel;
} // namespace sp::models

namespace sp::staff {
class Session;
}

namespace sp::views {

class SkuField;

// Stock levels: one row per SKU, one column per location, filtered in SQL by text (or a scanned
// barcode's SKU), category, location and status; the selected SKU's figures per location and
// its ledger below. Damage…, Write off… (managers), Quarantine… and Release… act on the
// selected SKU at the location selected in the per-location figures.
class StockPage final : public QWidget
{
    Q_OBJECT

public:
    explicit StockPage(sp::staff::Session* session, QWidget* parent = nullptr);

    // Loads the models; call once the session's event stream has started.
    void load();
    void reload();

    QString selectedSku() const;
    // The location of the selected cell, or empty when the selection is not on a location.
    QString selectedLocationCode() const;
    QList<LocationChoice> locationChoices() const;
    // The location of the selected row of the per-location figures, empty when none is.
    QString detailLocationCode() const;
    // Opens a Damage, WriteOff, Quarantine or Release dialog (window-modal, returns at once)
    // for the selected SKU at the detail's location.
    StockOperationDialog* openConditionDialog(StockOperationDialog::Kind kind);
    bool hasLoaded() const { return m_loadedOnce; }

    sp::models::StockTableModel* tableModel() const { return m_model; }
    sp::models::StockDetailModel* detailModel() const { return m_detail; }
    sp::models::LedgerModel* ledgerModel() const { return m_ledger; }
    QTableView* tableView() const { return m_table; }
    QTableView* detailView() const { return m_detailTable; }
    SkuField* searchField() const { return m_search; }

signals:
    void firstRowsLoaded();
    void selectionChanged(const QString& sku);

private:
    QWidget* createAvailabilityChart();
    void applyFilter();
    void onLoaded(qint64 elapsedMs);
    void onCurrentChanged();
    void fillCategories();
    void fillLocations();
    void updateCountLabel();
    void updateConditionButtons();
    void selectDetailLocation(const QString& code);

    sp::staff::Session* m_session;
    sp::models::StockTableModel* m_model = nullptr;
    sp::models::StockDetailModel* m_detail = nullptr;
    sp::models::LedgerModel* m_ledger = nullptr;
    SkuField* m_search = nullptr;
    QComboBox* m_category = nullptr;
    QComboBox* m_location = nullptr;
    QComboBox* m_status = nullptr;
    QTableView* m_table = nullptr;
    QTableView* m_detailTable = nullptr;
    QTableView* m_ledgerTable = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_detailTitle = nullptr;
    QLabel* m_errorLabel = nullptr;
    QSplitter* m_splitter = nullptr;
    QChartView* m_chart = nullptr;
    QList<QPushButton*> m_conditionButtons; // Damage, Write off, Quarantine, Release
    QPushButton* m_writeOff = nullptr;
    QTimer* m_debounce = nullptr;
    QString m_selectedSku;
    qint64 m_lastLoadMs = -1;
    bool m_loadedOnce = false;
    bool m_failed = false;
};

} // namespace sp::views
