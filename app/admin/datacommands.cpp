// stockpilot-admin commands for data: demo data, CSV import and export.

#include "admincontext.h"
#include "catalog/csvimport.h"
#include "catalog/demodata.h"

#include <QElapsedTimer>
#include <QFile>

#include <unistd.h>

namespace sp::admin {

namespace {

// Exit codes beyond 0 (done), 1 (database or other error) and 2 (usage).
constexpr int ExitRefused = 3;  // demo: the database has products already
constexpr int ExitRejected = 4; // import: the file was rejected, nothing changed

bool takeOption(QStringList& args, const QString& name, QString* value = nullptr)
{
    const qsizetype i = args.indexOf(name);
    if (i < 0)
        return false;
    if (value) {
        if (i + 1 >= args.size())
            return false;
        *value = args.takeAt(i + 1);
    }
    args.removeAt(i);
    return true;
}

int demo(AdminContext& ctx)
{
    QStringList args = ctx.arguments();
    sp::catalog::DemoOptions options;
    QString value;
    if (args.contains(QLatin1String("--skus"))) {
        bool ok = false;
        if (takeOption(args, QStringLiteral("--skus"), &value))
            options.skus = value.toInt(&ok);
        if (!ok || options.skus < 1) {
            ctx.err() << "demo: --skus needs a whole number above zero." << Qt::endl;
            return 2;
        }
    }
    if (args.contains(QLatin1String("--seed"))) {
        bool ok = false;
        if (takeOption(args, QStringLiteral("--seed"), &value))
            options.seed = value.toUInt(&ok);
        if (!ok) {
            ctx.err() << "demo: --seed needs a whole number." << Qt::endl;
            return 2;
        }
    }
    const bool withUsers = takeOption(args, QStringLiteral("--with-users"));
    if (!args.isEmpty()) {
        ctx.err() << "demo: unknown argument \"" << args.first()
                  << "\". Usage: stockpilot-admin demo [--skus N] [--seed S] [--with-users]"
                  << Qt::endl;
        return 2;
    }

    sp::db::Connection& c = ctx.connection();
    if (!sp::catalog::DemoData::isEmpty(c)) {
        ctx.err() << "demo: the database already has products. Demo data is loaded only into "
                     "an empty database."
                  << Qt::endl;
        return ExitRefused;
    }
    ctx.err() << "loading demo data: " << options.skus << " SKUs at 8 locations..." << Qt::endl;
    QElapsedTimer timer;
    timer.start();
    const bool tty = ::isatty(STDERR_FILENO);
    int lastPercent = -1;
    try {
        sp::catalog::DemoData::load(c, options, [&](int done, int total) {
            const int percent = int(qint64(done) * 100 / qMax(1, total));
            if (tty && percent != lastPercent) {
                lastPercent = percent;
                ctx.err() << '\r' << percent << "% " << Qt::flush;
            }
            return true;
        });
    } catch (const sp::db::DbError& e) {
        if (!e.is(sp::db::sqlstate::DemoDataRefused))
            throw;
        ctx.err() << "demo: " << e.message() << Qt::endl;
        return ExitRefused;
    }
    if (tty)
        ctx.err() << '\r';
    ctx.out() << "loaded " << options.skus << " SKUs x 8 locations with a year of sales in "
              << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    if (withUsers || ctx.location().isEmbedded()) {
        sp::catalog::DemoData::createDemoUsers(c);
        ctx.out() << "demo users: clerk, manager, admin (the password is the name)" << Qt::endl;
    }
    return 0;
}

int importFile(AdminContext& ctx, sp::catalog::CsvKind kind)
{
    using sp::catalog::CsvKind;
    QStringList args = ctx.arguments();
    const QString name = sp::catalog::csvKindName(kind);
    if (kind == CsvKind::Sales && args.removeAll(QStringLiteral("--history")) > 0)
        kind = CsvKind::SalesHistory;
    if (args.size() != 1 || args.first().startsWith(QLatin1String("--"))) {
        ctx.err() << "usage: stockpilot-admin import " << name
                  << (kind == CsvKind::Sales ? " FILE [--history]" : " FILE") << Qt::endl;
        return 2;
    }
    const QString& path = args.first();
    QElapsedTimer timer;
    timer.start();
    try {
        const sp::catalog::ImportSummary summary =
            sp::catalog::CsvImporter::importFile(ctx.connection(), kind, path);
        const char* what = " unit(s) of past demand recorded";
        switch (kind) {
        case CsvKind::Products:
            what = " product(s) new or changed";
            break;
        case CsvKind::StockCounts:
            what = " stock level(s) changed";
            break;
        case CsvKind::Sales:
            what = " unit(s) sold, taken from stock";
            break;
        case CsvKind::Suppliers:
            what = " supplier(s) new or changed";
            break;
        case CsvKind::Locations:
            what = " location(s) new or changed";
            break;
        case CsvKind::Policies:
            what = " reorder polic(ies) new or changed";
            break;
        case CsvKind::SalesHistory:
            break;
        }
        ctx.out() << "imported " << summary.rows << " row(s) from " << path << ": "
                  << summary.changed << what << " in "
                  << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
        return 0;
    } catch (const sp::db::DbError& e) {
        if (!sp::catalog::isImportError(e))
            throw;
        // file:line: message, as compilers say it, a line each; a file that cannot be read
        // names itself.
        const QList<sp::catalog::ImportProblem> problems = sp::catalog::importProblems(e);
        if (problems.isEmpty())
            ctx.err() << e.message() << Qt::endl;
        for (const sp::catalog::ImportProblem& p : problems) {
            if (p.line > 0)
                ctx.err() << path << ':' << p.line << ": ";
            ctx.err() << p.message << Qt::endl;
        }
        if (problems.size() >= 100)
            ctx.err() << "(the first 100 bad lines)" << Qt::endl;
        ctx.err() << "Nothing was imported." << Qt::endl;
        return ExitRejected;
    }
}

int exportFile(AdminContext& ctx, sp::catalog::CsvKind kind)
{
    const QStringList& args = ctx.arguments();
    if (args.size() != 1) {
        ctx.err() << "usage: stockpilot-admin export " << sp::catalog::csvKindName(kind)
                  << " FILE|-" << Qt::endl;
        return 2;
    }
    const QString& path = args.first();
    try {
        qint64 rows = 0;
        if (path == QLatin1String("-")) {
            QFile out;
            if (!out.open(stdout, QIODevice::WriteOnly)) {
                ctx.err() << "export: cannot write to standard output." << Qt::endl;
                return 1;
            }
            rows = sp::catalog::CsvExporter::exportTo(ctx.connection(), kind, &out);
        } else {
            rows = sp::catalog::CsvExporter::exportFile(ctx.connection(), kind, path);
            ctx.out() << "exported " << rows << " row(s) to " << path << Qt::endl;
        }
        return 0;
    } catch (const sp::db::DbError& e) {
        if (!sp::catalog::isImportError(e))
            throw;
        ctx.err() << "export: " << e.message() << Qt::endl;
        return 1;
    }
}

} // namespace

QList<AdminCommand> dataCommands()
{
    using sp::catalog::CsvKind;
    return {
        {"demo", "demo [--skus N] [--seed S] [--with-users]",
         "load demo data into an empty database", demo},
        {"import products", "import products FILE", "import products from CSV (upsert by SKU)",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::Products);
         }},
        {"import stock", "import stock FILE", "import stock counts from CSV",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::StockCounts);
         }},
        {"import sales", "import sales FILE [--history]",
         "record sales from CSV (sku,location,day,units): taken from stock; with --history as "
         "past demand only",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::Sales);
         }},
        {"import suppliers", "import suppliers FILE",
         "import suppliers from CSV (name,lead_time_days,email,minimum_order; upsert by name)",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::Suppliers);
         }},
        {"import locations", "import locations FILE",
         "import locations from CSV (code,name,kind,latitude,longitude; upsert by code)",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::Locations);
         }},
        {"import policies", "import policies FILE",
         "import reorder policies from CSV (sku,location,min,max)",
         [](AdminContext& ctx) {
             return importFile(ctx, CsvKind::Policies);
         }},
        {"export products", "export products FILE|-", "export products as CSV",
         [](AdminContext& ctx) {
             return exportFile(ctx, CsvKind::Products);
         }},
        {"export stock", "export stock FILE|-", "export stock counts as CSV",
         [](AdminContext& ctx) {
             return exportFile(ctx, CsvKind::StockCounts);
         }},
        {"export suppliers", "export suppliers FILE|-", "export suppliers as CSV",
         [](AdminContext& ctx) {
             return exportFile(ctx, CsvKind::Suppliers);
         }},
        {"export locations", "export locations FILE|-", "export locations as CSV",
         [](AdminContext& ctx) {
             return exportFile(ctx, CsvKind::Locations);
         }},
        {"export policies", "export policies FILE|-", "export reorder policies as CSV",
         [](AdminContext& ctx) {
             return exportFile(ctx, CsvKind::Policies);
         }},
    };
}

} // namespace sp::admin
