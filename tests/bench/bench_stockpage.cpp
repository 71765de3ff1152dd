// The Stock page at full size: how long until the first rows show, how long filters take, how
// much memory the program needs while a person scrolls through every row, and how long a
// change committed elsewhere takes to reach the model.
//
// STOCKPILOT_BENCH_DATA_DIR names the data directory of an embedded cluster holding the demo
// catalogue (125,000 SKUs x 8 locations). Prints "BENCH <metric> <value> <unit>" lines.

#include "db/database.h"
#include "db/embeddedcluster.h"
#include "db/eventstream.h"
#include "stocktablemodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>

using namespace sp::db;
using namespace sp::models;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

void bench(const char* metric, double value, const char* unit)
{
    out() << "BENCH " << metric << ' ' << QString::number(value, 'f', 1) << ' ' << unit << Qt::endl;
}

// Runs the event loop until the condition holds; false on timeout.
bool waitFor(const std::function<bool()>& condition, int timeoutMs = 60'000)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.start(1); // wakes the loop so the condition is checked often
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

struct LoadTimes
{
    double firstRows = 0; // the first page is in (loaded())
    double complete = 0;  // every row's id is in (isLoading() false)
};

// Starts a (re)load and measures it.
LoadTimes timedLoad(StockTableModel& model, const std::function<void()>& start)
{
    QElapsedTimer clock;
    LoadTimes t;
    bool done = false;
    const auto c = QObject::connect(&model, &StockTableModel::loaded, [&] {
        t.firstRows = clock.nsecsElapsed() / 1e6;
        done = true;
    });
    clock.start();
    start();
    const bool ok = waitFor([&] { return done && !model.isLoading(); });
    t.complete = clock.nsecsElapsed() / 1e6;
    QObject::disconnect(c);
    if (!ok)
        throw std::runtime_error("the Stock page did not load in time");
    return t;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const qsizetype i =
        qBound<qsizetype>(0, qsizetype(p * (values.size() - 1) + 0.5), values.size() - 1);
    return values[i];
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

int run()
{
    const QString dir = qEnvironmentVariable("STOCKPILOT_BENCH_DATA_DIR");
    if (dir.isEmpty()) {
        QTextStream(stderr) << "Set STOCKPILOT_BENCH_DATA_DIR to the data directory of an "
                               "embedded cluster with the demo catalogue.\n";
        return 2;
    }
    EmbeddedCluster cluster(dir);
    if (!cluster.isRunning())
        cluster.ensureRunning();
    const ConnectionSettings settings = cluster.ownerSettings();
    Connection writer(settings);
    const Result size = writer.exec("SELECT (SELECT count(*) FROM products), "
                                    "(SELECT count(*) FROM stock_levels), "
                                    "(SELECT count(*) FROM locations)");
    out() << "dataset: " << size.text(0, 0) << " SKUs, " << size.text(0, 1) << " stock levels, "
          << size.text(0, 2) << " locations" << Qt::endl;
    if (size.toLongLong(0, 0) == 0) {
        QTextStream(stderr) << "The catalogue is empty.\n";
        return 2;
    }

    Database db(settings, 4);
    EventStream stream(settings);
    bool streaming = false;
    QObject::connect(&stream, &EventStream::started, [&] { streaming = true; });
    stream.start();
    if (!waitFor([&] { return streaming; }, 30'000))
        throw std::runtime_error("the event stream did not start");

    StockTableModel model(&db);
    QObject::connect(&stream, &EventStream::eventsReceived, &model, &StockTableModel::applyEvents);
    QObject::connect(&model, &StockTableModel::errorOccurred, [](const QString& message) {
        QTextStream(stderr) << "model error: " << message << Qt::endl;
    });

    // Where the time of a first load goes, query by query.
    db.runHere([](Connection& c) {
        sp::inventory::StockCatalog catalog(c);
        QElapsedTimer clock;
        clock.start();
        catalog.locations();
        const double locations = clock.nsecsElapsed() / 1e6;
        clock.restart();
        catalog.categories();
        const double categories = clock.nsecsElapsed() / 1e6;
        clock.restart();
        const QList<int> ids = catalog.productIds({});
        const double idsMs = clock.nsecsElapsed() / 1e6;
        clock.restart();
        catalog.rows(ids.mid(0, StockTableModel::PageSize));
        const double page = clock.nsecsElapsed() / 1e6;
        out() << "  first load: locations " << locations << " ms, categories " << categories
              << " ms, ordered ids " << idsMs << " ms, first page " << page << " ms" << Qt::endl;
    });

    // First rows: locations, categories and the first page; then the ordered ids of the rest.
    const LoadTimes first = timedLoad(model, [&] { model.reload(); });
    bench("stockpage_first_rows_ms", first.firstRows, "ms");
    bench("stockpage_all_rows_ms", first.complete, "ms");
    const LoadTimes again = timedLoad(model, [&] { model.reload(); });
    bench("stockpage_reload_first_rows_ms", again.firstRows, "ms");
    bench("stockpage_rows", model.rowCount(), "rows");

    // Filters, each from the unfiltered page, as a person would switch them.
    const Result sample = writer.exec(
        "SELECT (SELECT name FROM products ORDER BY id OFFSET (SELECT count(*) / 3 FROM products) "
        "        LIMIT 1), "
        "       (SELECT category FROM products ORDER BY id OFFSET (SELECT count(*) / 2 FROM "
        "        products) LIMIT 1), "
        "       (SELECT code FROM locations ORDER BY sort_order DESC, code DESC LIMIT 1)");
    const QStringList words = sample.text(0, 0).split(QLatin1Char(' '));
    StockFilter text;
    text.text = words.mid(0, 2).join(QLatin1Char(' ')).toLower();
    StockFilter category;
    category.category = sample.text(0, 1);
    StockFilter low;
    low.status = StockFilter::Status::Low;
    StockFilter locationOut;
    locationOut.locationCode = sample.text(0, 2);
    locationOut.status = StockFilter::Status::Out;
    struct Kind
    {
        const char* metric;
        StockFilter filter;
    };
    double worst = 0;
    double worstComplete = 0;
    for (const Kind& k :
         {Kind{"stockpage_filter_text_ms", text}, Kind{"stockpage_filter_category_ms", category},
          Kind{"stockpage_filter_low_ms", low},
          Kind{"stockpage_filter_location_out_ms", locationOut}}) {
        const LoadTimes t = timedLoad(model, [&] { model.setFilter(k.filter); });
        out() << "  " << k.metric << ": " << model.rowCount() << " rows, all in after "
              << t.complete << " ms" << Qt::endl;
        bench(k.metric, t.firstRows, "ms");
        worst = qMax(worst, t.firstRows);
        worstComplete = qMax(worstComplete, t.complete);
        timedLoad(model, [&] { model.setFilter({}); });
    }
    // Until the filtered rows show; and until the count (scroll bar) is final.
    bench("stockpage_filter_ms", worst, "ms");
    bench("stockpage_filter_complete_ms", worstComplete, "ms");

    // Sorting by figures that have no index.
    bench("stockpage_sort_location_ms",
          timedLoad(model,
                    [&] { model.sort(StockTableModel::FirstLocationColumn, Qt::DescendingOrder); })
              .firstRows,
          "ms");
    bench("stockpage_sort_total_ms",
          timedLoad(model, [&] { model.sort(model.totalColumn(), Qt::AscendingOrder); }).firstRows,
          "ms");
    timedLoad(model, [&] { model.sort(StockTableModel::SkuColumn, Qt::AscendingOrder); });

    // Scroll through every page, as dragging the scroll bar to the end slowly would.
    QList<double> pageMs;
    for (int row = 0; row < model.rowCount(); row += StockTableModel::PageSize) {
        QElapsedTimer clock;
        clock.start();
        model.data(model.index(row, 0));
        if (!waitFor([&] { return model.isRowLoaded(row); }))
            throw std::runtime_error("a page did not load in time");
        pageMs.append(clock.nsecsElapsed() / 1e6);
    }
    bench("stockpage_page_p50_ms", percentile(pageMs, 0.5), "ms");
    bench("stockpage_cached_pages", model.cachedPageCount(), "pages");

    // Live: a change committed on another connection until the model announced the row.
    timedLoad(model, [&] { model.reload(); });
    const QString location = model.locationCodeForColumn(StockTableModel::FirstLocationColumn);
    QList<double> latencies;
    for (int i = 0; i < 1000; ++i) {
        const int row = (i * 7) % StockTableModel::PageSize;
        const QString sku = model.data(model.index(row, StockTableModel::SkuColumn)).toString();
        bool seen = false;
        const auto c = QObject::connect(&model, &QAbstractItemModel::dataChanged,
                                        [&](const QModelIndex& tl, const QModelIndex& br) {
                                            seen = seen || (tl.row() <= row && row <= br.row());
                                        });
        QElapsedTimer clock;
        clock.start();
        writer.exec("SELECT stock_receive($1, $2, 1, 'bench')", {sku, location});
        if (!waitFor([&] { return seen; }, 10'000))
            throw std::runtime_error("a change did not reach the model");
        latencies.append(clock.nsecsElapsed() / 1e6);
        QObject::disconnect(c);
    }
    bench("commit_to_model_p50_ms", percentile(latencies, 0.5), "ms");
    bench("commit_to_model_p95_ms", percentile(latencies, 0.95), "ms");
    bench("stockpage_peak_rss_mb", peakRssMb(), "MB");

    stream.stop();
    db.close();
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    try {
        return run();
    } catch (const DbError& e) {
        QTextStream(stderr) << "database error: " << e.message() << Qt::endl;
    } catch (const std::exception& e) {
        QTextStream(stderr) << e.what() << Qt::endl;
    }
    return 1;
}
