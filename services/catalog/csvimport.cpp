#include "csvimport.h"

#include "csvreader.h"
#include "db/database.h"

#include <QFile>
#include <QFileInfo>
#include <QHashFunctions>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QScopeGuard>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <vector>

namespace sp::catalog {

namespace {

constexpr qsizetype ChunkSize = 256 * 1024;
constexpr qint64 ProgressStep = 256 * 1024;

enum class Type { Text, Json, Decimal, Integer };

struct ColumnSpec
{
    const char* name;
    Type type;
    bool required;
};

const QList<ColumnSpec>& specs(CsvKind kind)
{
    static const QList<ColumnSpec> products{
        {"sku", Type::Text, true},
        {"name", Type::Text, true},
        {"category", Type::Text, true},
        {"attributes", Type::Json, false},
        {"price", Type::Decimal, true},
        {"cost", Type::Decimal, true},
        {"supplier", Type::Text, false},
        {"pack_size", Type::Integer, false},
        {"lead_time_days", Type::Integer, false},
        // As text: leading zeros are part of it; the SQL side checks the digits.
        {"gtin", Type::Text, false},
    };
    static const QList<ColumnSpec> stock{
        {"sku", Type::Text, true},
        {"location", Type::Text, true},
        {"on_hand", Type::Integer, true},
    };
    // As text: the SQL side checks every line and lists every bad one (sales_record).
    static const QList<ColumnSpec> sales{
        {"sku", Type::Text, true},
        {"location", Type::Text, true},
        {"day", Type::Text, true},
        {"units", Type::Text, true},
    };
    // Master data as text too: the SQL side checks every line (functions/22_master_data.sql).
    static const QList<ColumnSpec> suppliers{
        {"name", Type::Text, true},
        {"lead_time_days", Type::Text, true},
        {"email", Type::Text, false},
        {"minimum_order", Type::Text, false},
    };
    static const QList<ColumnSpec> locations{
        {"code", Type::Text, true},     {"name", Type::Text, true},      {"kind", Type::Text, true},
        {"latitude", Type::Text, true}, {"longitude", Type::Text, true},
    };
    static const QList<ColumnSpec> policies{
        {"sku", Type::Text, true},
        {"location", Type::Text, true},
        {"min", Type::Text, true},
        {"max", Type::Text, true},
    };
    switch (kind) {
    case CsvKind::Products:
        return products;
    case CsvKind::StockCounts:
        return stock;
    case CsvKind::Suppliers:
        return suppliers;
    case CsvKind::Locations:
        return locations;
    case CsvKind::Policies:
        return policies;
    case CsvKind::Sales:
    case CsvKind::SalesHistory:
        break;
    }
    return sales;
}

QString quotedList(const QStringList& names)
{
    QStringList quoted;
    for (const QString& n : names)
        quoted.append(QLatin1Char('"') + n + QLatin1Char('"'));
    return quoted.join(QStringLiteral(", "));
}

std::string_view trimmed(const std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return std::string_view(s).substr(b, e - b);
}

std::optional<int> parseInteger(std::string_view v)
{
    if (!v.empty() && v.front() == '+')
        v.remove_prefix(1);
    if (v.empty() || v.front() == '+')
        return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || end != v.data() + v.size())
        return std::nullopt;
    return value;
}

// A decimal with at most two decimals and ten integer digits (numeric(12, 2)).
bool isDecimal(std::string_view v)
{
    if (!v.empty() && (v.front() == '+' || v.front() == '-'))
        v.remove_prefix(1);
    const size_t dot = v.find('.');
    const std::string_view whole = v.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
    if (whole.empty() || whole.size() > 10 || (dot != std::string_view::npos && fraction.empty()) ||
        fraction.size() > 2)
        return false;
    for (const char c : whole)
        if (c < '0' || c > '9')
            return false;
    for (const char c : fraction)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// COPY text format: backslash, tab and line breaks escaped.
void appendCopyText(QByteArray& out, std::string_view v)
{
    for (const char c : v) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

// A bad row or header at line, as the SQL validation (functions/20_import.sql) reports it.
sp::db::DbError rowRejected(qint64 line, const QString& message)
{
    return sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::ImportRowRejected), message,
                           QString::number(line));
}

// At most this many bad lines are listed; a file with more is still refused as a whole.
constexpr qsizetype MaxProblems = 100;

// One error for every bad line (in line order, one per line, at most MaxProblems): a single
// line as rowRejected says it, several as JSON in DETAIL, as the database lists them.
sp::db::DbError rejectedLines(QList<ImportProblem> problems)
{
    std::stable_sort(
        problems.begin(), problems.end(),
        [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    problems.erase(std::unique(problems.begin(), problems.end(),
                               [](const ImportProblem& a, const ImportProblem& b) {
                                   return a.line == b.line;
                               }),
                   problems.end());
    problems = problems.mid(0, MaxProblems);
    if (problems.size() == 1)
        return rowRejected(problems.first().line, problems.first().message);
    QJsonArray list;
    for (const ImportProblem& p : problems)
        list.append(
            QJsonObject{{QStringLiteral("line"), p.line}, {QStringLiteral("message"), p.message}});
    return sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::ImportRowRejected),
                           CsvImporter::tr("%1 lines are wrong; the first, line %2: %3")
                               .arg(problems.size())
                               .arg(problems.first().line)
                               .arg(problems.first().message),
                           QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
}

sp::db::DbError importFailed(const QString& message)
{
    return sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::ImportFailed), message);
}

} // namespace

bool isImportError(const sp::db::DbError& error)
{
    return error.is(sp::db::sqlstate::ImportRowRejected) ||
           error.is(sp::db::sqlstate::ImportFailed);
}

QList<ImportProblem> importProblems(const sp::db::DbError& error)
{
    if (!error.is(sp::db::sqlstate::ImportRowRejected))
        return {};
    const QJsonDocument list = QJsonDocument::fromJson(error.detail().toUtf8());
    if (!list.isArray())
        return {{error.detail().toLongLong(), error.message()}};
    QList<ImportProblem> problems;
    for (const QJsonValue& v : list.array())
        problems.append(
            {v[QLatin1String("line")].toInteger(), v[QLatin1String("message")].toString()});
    return problems;
}

qint64 importErrorLine(const sp::db::DbError& error)
{
    const QList<ImportProblem> problems = importProblems(error);
    return problems.isEmpty() ? 0 : problems.first().line;
}

QStringList csvColumns(CsvKind kind)
{
    QStringList names;
    for (const ColumnSpec& s : specs(kind))
        names.append(QString::fromLatin1(s.name));
    return names;
}

QString csvKindName(CsvKind kind)
{
    switch (kind) {
    case CsvKind::Products:
        return QStringLiteral("products");
    case CsvKind::StockCounts:
        return QStringLiteral("stock");
    case CsvKind::Suppliers:
        return QStringLiteral("suppliers");
    case CsvKind::Locations:
        return QStringLiteral("locations");
    case CsvKind::Policies:
        return QStringLiteral("policies");
    case CsvKind::Sales:
    case CsvKind::SalesHistory:
        break;
    }
    return QStringLiteral("sales");
}

ImportSummary CsvImporter::importFile(sp::db::Connection& c, CsvKind kind, const QString& path,
                                      const std::function<bool(qint64, qint64)>& progress)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw importFailed(tr("Cannot open %1: %2").arg(path, file.errorString()));
    const qint64 total = file.size();
    CsvReader reader(&file);
    const QList<ColumnSpec>& columns = specs(kind);

    // The header: every required column once, nothing unknown.
    try {
        if (!reader.next())
            throw rowRejected(1, tr("The file is empty. Its first line must name the columns: "
                                    "%1.")
                                     .arg(csvColumns(kind).join(QLatin1Char(','))));
    } catch (const CsvSyntaxError& e) {
        throw rowRejected(e.line, e.message);
    }
    const qint64 headerLine = reader.line();
    const int headerCount = reader.fieldCount();
    QList<int> fieldOf(columns.size(), -1); // column spec -> field index in the file
    QStringList unknown, duplicate, missing;
    for (int i = 0; i < headerCount; ++i) {
        const std::string_view raw = trimmed(reader.field(i));
        const QString name = QString::fromUtf8(raw.data(), qsizetype(raw.size())).toLower();
        qsizetype spec = -1;
        for (qsizetype s = 0; s < columns.size(); ++s)
            if (name == QLatin1String(columns[s].name))
                spec = s;
        if (spec < 0)
            unknown.append(name);
        else if (fieldOf[spec] >= 0)
            duplicate.append(name);
        else
            fieldOf[spec] = i;
    }
    for (qsizetype s = 0; s < columns.size(); ++s)
        if (columns[s].required && fieldOf[s] < 0)
            missing.append(QString::fromLatin1(columns[s].name));
    QStringList problems;
    if (!missing.isEmpty())
        problems.append(tr("missing column(s) %1").arg(quotedList(missing)));
    if (!unknown.isEmpty())
        problems.append(tr("unknown column(s) %1").arg(quotedList(unknown)));
    if (!duplicate.isEmpty())
        problems.append(tr("column(s) named twice: %1").arg(quotedList(duplicate)));
    if (!problems.isEmpty())
        throw rowRejected(headerLine,
                          tr("The header does not fit a %1 file: %2. The columns are: %3.")
                              .arg(csvKindName(kind), problems.join(QStringLiteral("; ")),
                                   csvColumns(kind).join(QLatin1Char(','))));

    sp::db::Transaction transaction(c);
    const bool sales = kind == CsvKind::Sales || kind == CsvKind::SalesHistory;
    const QByteArray table =
        sales ? c.exec("SELECT sales_begin()").bytes(0, 0)
              : c.exec("SELECT data_import_begin($1)", {csvKindName(kind)}).bytes(0, 0);
    QByteArray copySql = "COPY " + table + " (line";
    for (const ColumnSpec& s : columns)
        copySql += QByteArray(", ") + s.name;
    copySql += ") FROM STDIN";

    // Stock counts: the keys seen, hashed, so that the server looks for repeated levels only
    // when there may be some (that search is a pass over a million rows).
    std::vector<size_t> keys;
    const int skuField = fieldOf[0];
    const int locationField = kind == CsvKind::StockCounts ? fieldOf[1] : -1;
    // Every bad line, up to the cap: a bad line is left out of the COPY and reading goes on, so
    // that the rest of the file is checked too (here and by the database).
    QList<ImportProblem> badLines;
    bool cancelled = false;
    qint64 nextProgress = ProgressStep;
    qint64 rows = 0;

    // Checks one record and appends it as a COPY line; returns false with the problem noted.
    const auto encode = [&](QByteArray& out) -> bool {
        const qint64 line = reader.line();
        if (reader.fieldCount() != headerCount) {
            badLines.append({line, tr("This line has %1 field(s), the header has %2.")
                                       .arg(reader.fieldCount())
                                       .arg(headerCount)});
            return false;
        }
        out += QByteArray::number(line);
        for (qsizetype s = 0; s < columns.size(); ++s) {
            out += '\t';
            const ColumnSpec& spec = columns[s];
            if (fieldOf[s] < 0) {
                out += "\\N";
                continue;
            }
            const std::string& raw = reader.field(fieldOf[s]);
            if (!isValidText(raw)) {
                badLines.append(
                    {line,
                     tr("The %1 field is not valid UTF-8 text.").arg(QLatin1String(spec.name))});
                return false;
            }
            const std::string_view v =
                spec.type == Type::Json ? std::string_view(raw) : trimmed(raw);
            const QString shown = QString::fromUtf8(v.data(), qsizetype(v.size()));
            switch (spec.type) {
            case Type::Text:
                appendCopyText(out, v);
                break;
            case Type::Json:
                if (trimmed(raw).empty())
                    out += "{}";
                else
                    appendCopyText(out, v);
                break;
            case Type::Decimal:
                if (!isDecimal(v)) {
                    badLines.append(
                        {line, v.empty() ? tr("The %1 is empty.").arg(QLatin1String(spec.name))
                                         : tr("The %1 must be a number with at most two "
                                              "decimals, like 19.90 (got \"%2\").")
                                               .arg(QLatin1String(spec.name), shown)});
                    return false;
                }
                out.append(v.data(), qsizetype(v.size()));
                break;
            case Type::Integer:
                if (const auto n = parseInteger(v)) {
                    out += QByteArray::number(*n);
                } else {
                    badLines.append(
                        {line, v.empty() ? tr("The %1 is empty.").arg(QLatin1String(spec.name))
                                         : tr("The %1 must be a whole number (got "
                                              "\"%2\").")
                                               .arg(QLatin1String(spec.name), shown)});
                    return false;
                }
                break;
            }
        }
        out += '\n';
        if (locationField >= 0) {
            const std::string_view sku = trimmed(reader.field(skuField));
            const std::string_view location = trimmed(reader.field(locationField));
            keys.push_back(qHashMulti(0, QByteArrayView(sku.data(), qsizetype(sku.size())),
                                      QByteArrayView(location.data(), qsizetype(location.size()))));
        }
        return true;
    };

    c.copyIn(copySql.constData(), [&](QByteArray& chunk) -> bool {
        // Never throw out of here: the COPY must be ended properly for the rollback to work.
        try {
            while (chunk.size() < ChunkSize) {
                if (!reader.next())
                    return false;
                const qsizetype mark = chunk.size();
                if (!encode(chunk)) {
                    chunk.truncate(mark); // no half row for the COPY
                    if (badLines.size() >= MaxProblems)
                        return false;
                    continue;
                }
                ++rows;
                if (progress && reader.bytesRead() >= nextProgress) {
                    nextProgress = reader.bytesRead() + ProgressStep;
                    if (!progress(reader.bytesRead(), total)) {
                        cancelled = true;
                        return false;
                    }
                }
            }
            return true;
        } catch (const CsvSyntaxError& e) {
            // The reader cannot find where the next record starts: the check ends here.
            badLines.append({e.line, e.message});
            return false;
        }
    });
    if (cancelled || (progress && !progress(total, total)))
        throw sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::QueryCanceled),
                              tr("The import was cancelled; nothing was changed."));

    std::sort(keys.begin(), keys.end());
    const bool mayRepeat = std::adjacent_find(keys.begin(), keys.end()) != keys.end();

    const QString source = QFileInfo(path).fileName();
    sp::db::Result result;
    try {
        if (kind == CsvKind::Products)
            result = c.exec("SELECT data_import_products($1)", {source});
        else if (kind == CsvKind::StockCounts)
            result = c.exec("SELECT data_import_stock_counts($1, $2)", {source, mayRepeat});
        else if (kind == CsvKind::Suppliers || kind == CsvKind::Locations ||
                 kind == CsvKind::Policies)
            result =
                c.exec(QByteArray("SELECT data_import_" + csvKindName(kind).toLatin1() + "($1)")
                           .constData(),
                       {source});
        else
            result =
                c.exec("SELECT sales_record($1, $2)", {QString(QStringLiteral("import:") + source),
                                                       kind == CsvKind::SalesHistory});
    } catch (const sp::db::DbError& e) {
        if (!e.is(sp::db::sqlstate::ImportRowRejected))
            throw;
        // The database's bad lines beside the reader's, one list in line order.
        badLines += importProblems(e);
    }
    if (!badLines.isEmpty())
        throw rejectedLines(std::move(badLines)); // the transaction ends unapplied
    transaction.commit();
    const QJsonObject summary = QJsonDocument::fromJson(result.bytes(0, 0)).object();
    // Sales: the units recorded; the others: rows changed.
    return {summary.value(QLatin1String("rows")).toInteger(),
            summary.value(QLatin1String(sales ? "units" : "changed")).toInteger()};
}

qint64 CsvExporter::exportTo(sp::db::Connection& c, CsvKind kind, QIODevice* out,
                             const std::function<bool(qint64)>& progress)
{
    // Sales are read back from the ledger and the demand history, not as a file of their own.
    if (kind == CsvKind::Sales || kind == CsvKind::SalesHistory)
        throw importFailed(tr("Sales cannot be exported as a file."));
    const char* sql = nullptr;
    switch (kind) {
    case CsvKind::Products:
        sql = "COPY (SELECT sku, name, category, attributes, price, cost, supplier, pack_size,"
              " lead_time_days, gtin FROM products ORDER BY sku)"
              " TO STDOUT WITH (FORMAT csv, HEADER)";
        break;
    case CsvKind::StockCounts:
        sql = "COPY (SELECT p.sku, l.code AS location, s.on_hand FROM stock_levels s"
              " JOIN products p ON p.id = s.product_id JOIN locations l ON l.id = s.location_id"
              " ORDER BY p.sku, l.sort_order, l.code) TO STDOUT WITH (FORMAT csv, HEADER)";
        break;
    case CsvKind::Suppliers:
        sql = "COPY (SELECT name, lead_time_days, email, minimum_order FROM suppliers"
              " ORDER BY name) TO STDOUT WITH (FORMAT csv, HEADER)";
        break;
    case CsvKind::Locations:
        sql = "COPY (SELECT code, name, kind, latitude, longitude FROM locations"
              " ORDER BY sort_order, code) TO STDOUT WITH (FORMAT csv, HEADER)";
        break;
    case CsvKind::Policies:
        sql = "COPY (SELECT p.sku, l.code AS location, r.min_units AS min, r.max_units AS max"
              " FROM reorder_policies r JOIN products p ON p.id = r.product_id"
              " JOIN locations l ON l.id = r.location_id ORDER BY p.sku, l.sort_order, l.code)"
              " TO STDOUT WITH (FORMAT csv, HEADER)";
        break;
    case CsvKind::Sales:
    case CsvKind::SalesHistory:
        break;
    }
    qint64 rows = -1; // the header comes first
    QByteArray buffer;
    bool writeFailed = false;
    try {
        c.copyOut(sql, [&](const char* data, int size) {
            buffer.append(data, size);
            ++rows;
            if (buffer.size() >= ChunkSize) {
                writeFailed = out->write(buffer) != buffer.size();
                buffer.clear();
            }
            if (writeFailed)
                return false;
            return !(progress && rows > 0 && rows % 10000 == 0 && !progress(rows));
        });
    } catch (const sp::db::DbError&) {
        if (!writeFailed)
            throw;
    }
    if (!writeFailed && !buffer.isEmpty())
        writeFailed = out->write(buffer) != buffer.size();
    if (writeFailed)
        throw importFailed(tr("Cannot write the export: %1").arg(out->errorString()));
    if (progress)
        progress(qMax<qint64>(rows, 0));
    return qMax<qint64>(rows, 0);
}

qint64 CsvExporter::exportFile(sp::db::Connection& c, CsvKind kind, const QString& path,
                               const std::function<bool(qint64)>& progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw importFailed(tr("Cannot write %1: %2").arg(path, file.errorString()));
    const qint64 rows = exportTo(c, kind, &file, progress);
    if (!file.commit())
        throw importFailed(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return rows;
}

void CsvCancel::cancel()
{
    m_cancelled = true;
    QMutexLocker lock(&m_mutex);
    if (m_connection)
        m_connection->cancel();
}

void CsvCancel::attach(sp::db::Connection* connection)
{
    QMutexLocker lock(&m_mutex);
    m_connection = connection;
}

QFuture<CsvImportOutcome>
importCsv(sp::db::Database& db, CsvKind kind, const QString& path,
          std::shared_ptr<CsvCancel> cancel,
          std::function<void(qint64 bytesDone, qint64 bytesTotal)> progress)
{
    if (!cancel)
        cancel = std::make_shared<CsvCancel>();
    return db.run([kind, path, cancel, progress = std::move(progress)](sp::db::Connection& c) {
        cancel->attach(&c);
        auto detach = qScopeGuard([&cancel] { cancel->attach(nullptr); });
        CsvImportOutcome outcome;
        try {
            outcome.summary = CsvImporter::importFile(
                c, kind, path, [&cancel, &progress](qint64 done, qint64 total) {
                    if (cancel->isCancelled())
                        return false;
                    if (progress)
                        progress(done, total);
                    return true;
                });
        } catch (const sp::db::DbError& e) {
            if (!e.is(sp::db::sqlstate::ImportRowRejected))
                throw;
            outcome.rejected = e;
        }
        return outcome;
    });
}

QFuture<qint64> exportCsv(sp::db::Database& db, CsvKind kind, const QString& path,
                          std::shared_ptr<CsvCancel> cancel,
                          std::function<void(qint64 rows)> progress)
{
    if (!cancel)
        cancel = std::make_shared<CsvCancel>();
    return db.run([kind, path, cancel, progress = std::move(progress)](sp::db::Connection& c) {
        cancel->attach(&c);
        auto detach = qScopeGuard([&cancel] { cancel->attach(nullptr); });
        return CsvExporter::exportFile(c, kind, path, [&cancel, &progress](qint64 rows) {
            if (cancel->isCancelled())
                return false;
            if (progress)
                progress(rows);
            return true;
        });
    });
}

} // namespace sp::catalog
