#include "masterdata.h"

#include "db/database.h"

namespace sp::catalog {

QList<Supplier> MasterData::suppliers(sp::db::Connection& c)
{
    const sp::db::Result r =
        c.exec("SELECT s.name, s.lead_time_days, coalesce(s.email, ''), s.minimum_order,"
               " (SELECT count(*) FROM products p WHERE p.supplier = s.name)"
               " FROM suppliers s ORDER BY s.name");
    QList<Supplier> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        list.append({r.text(i, 0), r.toInt(i, 1), r.text(i, 2), r.toDouble(i, 3), r.toInt(i, 4)});
    return list;
}

QFuture<QList<Supplier>> MasterData::suppliers(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return suppliers(c); });
}

void MasterData::setSupplier(sp::db::Connection& c, const Supplier& s)
{
    c.exec("SELECT supplier_set($1, $2, $3, $4::numeric)",
           {s.name, s.leadTimeDays, s.email.isEmpty() ? sp::db::Param() : sp::db::Param(s.email),
            QString::number(s.minimumOrder, 'f', 2)});
}

QFuture<void> MasterData::setSupplier(sp::db::Database& db, const Supplier& s)
{
    return db.run([s](sp::db::Connection& c) { setSupplier(c, s); });
}

QList<LocationRecord> MasterData::locations(sp::db::Connection& c)
{
    const sp::db::Result r = c.exec("SELECT code, name, kind, latitude, longitude, active"
                                    " FROM locations ORDER BY sort_order, code");
    QList<LocationRecord> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        list.append({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.toDouble(i, 3), r.toDouble(i, 4),
                     r.toBool(i, 5)});
    return list;
}

QFuture<QList<LocationRecord>> MasterData::locations(sp::db::Database& db)
{
    return db.run([](sp::db::Connection& c) { return locations(c); });
}

void MasterData::setLocation(sp::db::Connection& c, const LocationRecord& l)
{
    c.exec("SELECT location_set($1, $2, $3, $4, $5)",
           {l.code, l.name, l.kind, l.latitude, l.longitude});
}

QFuture<void> MasterData::setLocation(sp::db::Database& db, const LocationRecord& l)
{
    return db.run([l](sp::db::Connection& c) { setLocation(c, l); });
}

void MasterData::setLocationActive(sp::db::Connection& c, const QString& code, bool active)
{
    c.exec("SELECT location_set_active($1, $2)", {code, active});
}

QFuture<void> MasterData::setLocationActive(sp::db::Database& db, const QString& code, bool active)
{
    return db.run([=](sp::db::Connection& c) { setLocationActive(c, code, active); });
}

QList<ReorderPolicy> MasterData::policies(sp::db::Connection& c, const QString& search, int limit)
{
    const sp::db::Result r =
        c.exec("SELECT p.sku, p.name, l.code, r.min_units, r.max_units, r.updated_at, r.updated_by"
               " FROM reorder_policies r JOIN products p ON p.id = r.product_id"
               " JOIN locations l ON l.id = r.location_id"
               " WHERE $1 = '' OR strpos(lower(p.sku || ' ' || p.name), lower($1)) > 0"
               " ORDER BY p.sku, l.sort_order, l.code LIMIT $2",
               {search.trimmed(), limit});
    QList<ReorderPolicy> list;
    list.reserve(r.rows());
    for (int i = 0; i < r.rows(); ++i)
        list.append({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.toInt(i, 3), r.toInt(i, 4),
                     QDateTime::fromString(r.text(i, 5), Qt::ISODateWithMs), r.text(i, 6)});
    return list;
}

QFuture<QList<ReorderPolicy>> MasterData::policies(sp::db::Database& db, const QString& search,
                                                   int limit)
{
    return db.run([=](sp::db::Connection& c) { return policies(c, search, limit); });
}

void MasterData::setPolicy(sp::db::Connection& c, const QString& sku, const QString& location,
                           int min, int max)
{
    c.exec("SELECT reorder_policy_set($1, $2, $3, $4)", {sku, location, min, max});
}

QFuture<void> MasterData::setPolicy(sp::db::Database& db, const QString& sku,
                                    const QString& location, int min, int max)
{
    return db.run([=](sp::db::Connection& c) { setPolicy(c, sku, location, min, max); });
}

void MasterData::clearPolicy(sp::db::Connection& c, const QString& sku, const QString& location)
{
    c.exec("SELECT reorder_policy_clear($1, $2)", {sku, location});
}

QFuture<void> MasterData::clearPolicy(sp::db::Database& db, const QString& sku,
                                      const QString& location)
{
    return db.run([=](sp::db::Connection& c) { clearPolicy(c, sku, location); });
}

} // namespace sp::catalog
