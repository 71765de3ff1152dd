#include "masterdatamodels.h"

#include <QLocale>

#include <algorithm>

namespace sp::models {

using sp::catalog::LocationRecord;
using sp::catalog::MasterData;
using sp::catalog::ReorderPolicy;
using sp::catalog::Supplier;

namespace {

// A MasterDataChanged event about this kind of master data (suppliers, locations, policies).
bool changes(const QList<sp::db::Event>& events, QLatin1String kind, bool orCatalog = false)
{
    return std::any_of(events.cbegin(), events.cend(), [&](const sp::db::Event& e) {
        if (orCatalog && e.type == QLatin1String("CatalogImported"))
            return true;
        return e.type == QLatin1String("MasterDataChanged") &&
               e.payload.value(QLatin1String("kind")).toString() == kind;
    });
}

QVariant alignment(bool number)
{
    return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
}

QString policyKey(const ReorderPolicy& p)
{
    return p.sku + QLatin1Char('\n') + p.location;
}

} // namespace

// --------------------------------------------------------------------------------------------

LocationsModel::LocationsModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &LocationsModel::errorOccurred);
}

int LocationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LocationsModel::kindText(const QString& kind)
{
    if (kind == QLatin1String("warehouse"))
        return tr("warehouse");
    if (kind == QLatin1String("store"))
        return tr("store");
    if (kind == QLatin1String("online"))
        return tr("online");
    return kind;
}

QVariant LocationsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LocationRecord& l = m_rows[index.row()];
    const bool sort = role == SortValueRole;
    switch (role) {
    case CodeRole:
        return l.code;
    case Qt::TextAlignmentRole:
        return alignment(index.column() == LatitudeColumn || index.column() == LongitudeColumn);
    case Qt::ToolTipRole:
        if (index.column() == InUseColumn && !l.active)
            return tr("Out of use: the agent's rules pass this location by.");
        return {};
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case CodeColumn:
        return l.code;
    case NameColumn:
        return l.name;
    case KindColumn:
        return sort ? l.kind : kindText(l.kind);
    case LatitudeColumn:
        return sort ? QVariant(l.latitude) : QVariant(QLocale().toString(l.latitude, 'f', 4));
    case LongitudeColumn:
        return sort ? QVariant(l.longitude) : QVariant(QLocale().toString(l.longitude, 'f', 4));
    case InUseColumn:
        return sort ? QVariant(l.active) : QVariant(l.active ? tr("yes") : tr("no"));
    default:
        return {};
    }
}

QVariant LocationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CodeColumn:
        return tr("Code");
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case LatitudeColumn:
        return tr("Latitude");
    case LongitudeColumn:
        return tr("Longitude");
    case InUseColumn:
        return tr("In use");
    default:
        return {};
    }
}

int LocationsModel::rowOfCode(const QString& code) const
{
    return rowWith(&LocationRecord::code, code);
}

void LocationsModel::load()
{
    loadRows(MasterData::locations(*m_db), [this](QList<LocationRecord> rows, bool reset) {
        if (reset)
            replaceRows(std::move(rows));
        else
            patchRows(
                std::move(rows), &LocationRecord::code,
                [](const LocationRecord& a, const LocationRecord& b) {
                    return a.name == b.name && a.kind == b.kind && a.latitude == b.latitude &&
                           a.longitude == b.longitude && a.active == b.active;
                },
                NewRows::Append, [](const LocationRecord&) {});
        emit loaded();
    });
}

void LocationsModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (changes(events, QLatin1String("locations")))
        refresh();
}

// --------------------------------------------------------------------------------------------

SuppliersModel::SuppliersModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &SuppliersModel::errorOccurred);
}

int SuppliersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SuppliersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Supplier& s = m_rows[index.row()];
    const bool sort = role == SortValueRole;
    switch (role) {
    case NameRole:
        return s.name;
    case Qt::TextAlignmentRole:
        return alignment(index.column() == LeadTimeColumn || index.column() == MinimumOrderColumn ||
                         index.column() == ProductsColumn);
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return s.name;
    case LeadTimeColumn:
        return sort ? QVariant(s.leadTimeDays) : QVariant(QLocale().toString(s.leadTimeDays));
    case EmailColumn:
        return s.email;
    case MinimumOrderColumn:
        if (sort)
            return s.minimumOrder;
        return s.minimumOrder > 0 ? QLocale().toString(s.minimumOrder, 'f', 2) : tr("none");
    case ProductsColumn:
        return sort ? QVariant(s.products) : QVariant(QLocale().toString(s.products));
    default:
        return {};
    }
}

QVariant SuppliersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case LeadTimeColumn:
        return tr("Lead time (days)");
    case EmailColumn:
        return tr("E-mail");
    case MinimumOrderColumn:
        return tr("Minimum order");
    case ProductsColumn:
        return tr("Products");
    default:
        return {};
    }
}

int SuppliersModel::rowOfName(const QString& name) const
{
    return rowWith(&Supplier::name, name);
}

void SuppliersModel::load()
{
    loadRows(MasterData::suppliers(*m_db), [this](QList<Supplier> rows, bool reset) {
        if (reset)
            replaceRows(std::move(rows));
        else
            patchRows(
                std::move(rows), &Supplier::name,
                [](const Supplier& a, const Supplier& b) {
                    return a.leadTimeDays == b.leadTimeDays && a.email == b.email &&
                           a.minimumOrder == b.minimumOrder && a.products == b.products;
                },
                NewRows::Append, [](const Supplier&) {});
        emit loaded();
    });
}

void SuppliersModel::applyEvents(const QList<sp::db::Event>& events)
{
    if (changes(events, QLatin1String("suppliers"), true))
        refresh();
}

// --------------------------------------------------------------------------------------------

ReorderPoliciesModel::ReorderPoliciesModel(sp::db::Database* db, QObject* parent)
    : LiveListModel(parent)
    , m_db(db)
{
    connect(&m_loader, &ModelLoader::errorOccurred, this, &ReorderPoliciesModel::errorOccurred);
}

int ReorderPoliciesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReorderPoliciesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReorderPolicy& p = m_rows[index.row()];
    const bool sort = role == SortValueRole;
    switch (role) {
    case SkuRole:
        return p.sku;
    case LocationRole:
        return p.location;
    case Qt::TextAlignmentRole:
        return alignment(index.column() == MinColumn || index.column() == MaxColumn);
    case Qt::DisplayRole:
    case SortValueRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SkuColumn:
        return p.sku;
    case ProductColumn:
        return p.productName;
    case LocationColumn:
        return p.location;
    case MinColumn:
        return sort ? QVariant(p.min) : QVariant(QLocale().toString(p.min));
    case MaxColumn:
        return sort ? QVariant(p.max) : QVariant(QLocale().toString(p.max));
    case ChangedByColumn:
        return p.updatedBy;
    case ChangedAtColumn:
        if (sort)
            return p.updatedAt.toMSecsSinceEpoch();
        return p.updatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    default:
        return {};
    }
}

QVariant ReorderPoliciesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SkuColumn:
        return tr("SKU");
    case ProductColumn:
        return tr("Product");
    case LocationColumn:
        return tr("Location");
    case MinColumn:
        return tr("Minimum");
    case MaxColumn:
        return tr("Maximum");
    case ChangedByColumn:
        return tr("Changed by");
    case ChangedAtColumn:
        return tr("Changed at");
    default:
        return {};
    }
}

int ReorderPoliciesModel::rowOf(const QString& sku, const QString& location) const
{
    return rowWith(policyKey, sku + QLatin1Char('\n') + location);
}

void ReorderPoliciesModel::setSearch(const QString& text)
{
    m_search = text.trimmed();
    reload();
}

void ReorderPoliciesModel::load()
{
    loadRows(MasterData::policies(*m_db, m_search, RowLimit), [this](QList<ReorderPolicy> rows,
                                                                     bool reset) {
        if (reset)
            replaceRows(std::move(rows));
        else
            patchRows(
                std::move(rows), policyKey,
                [](const ReorderPolicy& a, const ReorderPolicy& b) {
                    return a.productName == b.productName && a.min == b.min && a.max == b.max &&
                           a.updatedAt == b.updatedAt && a.updatedBy == b.updatedBy;
                },
                NewRows::Append, [](const ReorderPolicy&) {});
        emit loaded();
    });
}

void ReorderPoliciesModel::applyEvents(const QList<sp::db::Event>& events)
{
    // A products import may rename the products the policies show.
    if (changes(events, QLatin1String("policies"), true))
        refresh();
}

} // namespace sp::models
