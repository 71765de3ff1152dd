#pragma once

#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QDate>
#include <QFuture>
#include <QString>

#include <functional>

namespace sp::db {
class EmbeddedCluster;
}

namespace sp::catalog {

struct DemoOptions
{
    int skus = 2000;
    quint32 seed = 20261121;
    // The last day of the year of demand history; invalid means yesterday (UTC). The data
    // depends only on the seed, the SKU count and this day.
    QDate lastDay;
};

// A believable retailer: 8 locations in one region (warehouses WH1 and WH2, stores ST1..ST5,
// the online shop WEB), a catalogue of apparel, footwear and accessories in sizes and colours
// (SKU000001, SKU000002, ...), a year of daily sales per SKU and location with weekly and
// yearly seasonality, trends and promotions, the demand statistics and reorder points the
// agent computes from them, and the stock of a healthy retailer: most levels above their
// reorder point, a few percent out or low, some overstocked. Deterministic for a seed.
class DemoData final
{
    Q_DECLARE_TR_FUNCTIONS(sp::catalog::DemoData)

public:
    static bool isEmpty(sp::db::Connection& c); // no products yet
    // Loads locations, catalogue, stock (with an opening ledger row per figure), reorder points,
    // a year of demand history and its statistics with COPY, in one transaction. Throws
    // DbError DemoDataRefused when the database has products already (or an option is bad).
    // progress(done, total) may return false to cancel (rolls back; DbError 57014). Needs the
    // database owner.
    static void load(sp::db::Connection& c, const DemoOptions& options,
                     const std::function<bool(int done, int total)>& progress = {});
    // The demo staff users clerk, manager, admin (password = name). Embedded demo only.
    static void createDemoUsers(sp::db::Connection& c);
};

// The steps of preparing the embedded demo database, for a progress window to word.
enum class EmbeddedStep { Migrating, LoadingDemoData, CreatingDemoUsers };

// The embedded cluster made ready for sign-in, off the caller's thread: started, migrated, and on
// the first start filled with the demo data and the demo staff users. step and progress are
// called from the worker. Gives true when the demo data were loaded now; fails with DbError.
QFuture<bool> prepareEmbedded(sp::db::EmbeddedCluster& cluster,
                              std::function<void(EmbeddedStep)> step,
                              std::function<void(int done, int total)> progress);

} // namespace sp::catalog
