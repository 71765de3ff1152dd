#pragma once

#include "db/eventstream.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTextBrowser;

namespace sp::db {
class Database;
}
namespace sp::models {
class EventLogModel;
}

namespace sp::views {

class SkuField;

// The Event log page: events newest first, filtered by type, SKU and time (the filters become
// SQL in the model), with the selected event's payload below. New matching events appear on
// top as they happen.
class EventLogPage final : public QWidget
{
    Q_OBJECT

public:
    explicit EventLogPage(sp::db::Database* db, QWidget* parent = nullptr);

    sp::models::EventLogModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* typeFilter() const { return m_type; }
    SkuField* skuFilter() const { return m_sku; }
    QCheckBox* fromEnabled() const { return m_useFrom; }
    QDateTimeEdit* fromEdit() const { return m_from; }
    QCheckBox* toEnabled() const { return m_useTo; }
    QDateTimeEdit* toEdit() const { return m_to; }
    QTextBrowser* payloadView() const { return m_payload; }

public slots:
    void reload();
    void applyEvents(const QList<sp::db::Event>& events);
    // Reads the filter widgets into the model (which reloads).
    void applyFilter();

private:
    void showSelected();

    sp::models::EventLogModel* m_model;
    QTableView* m_table;
    QComboBox* m_type;
    SkuField* m_sku;
    QCheckBox* m_useFrom;
    QDateTimeEdit* m_from;
    QCheckBox* m_useTo;
    QDateTimeEdit* m_to;
    QLabel* m_status;
    QTextBrowser* m_payload;
};

} // namespace sp::views
