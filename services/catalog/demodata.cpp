#include "demodata.h"

#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "gtin.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentRun>

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <numbers>
#include <thread>
#include <vector>

namespace sp::catalog {

namespace {

constexpr int HistoryDays = 365;
constexpr int MaxSkus = 999'999; // SKU000001 .. SKU999999
constexpr qsizetype ChunkSize = 512 * 1024;

// A small, fast generator (splitmix64). Each SKU gets its own stream derived from the seed, so
// the data do not depend on the order they are generated in.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    {}
    Rng(quint64 seed, quint64 a, quint64 b = 0)
        : m_state(seed * 0x9E3779B97F4A7C15ull ^ (a + 1) * 0xBF58476D1CE4E5B9ull ^
                  (b + 1) * 0x94D049BB133111EBull)
    {
        next();
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int between(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); } // inclusive
    double normal()
    {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    int poisson(double lambda)
    {
        if (lambda <= 0)
            return 0;
        if (lambda > 30)
            return qMax(0, int(std::lround(lambda + std::sqrt(lambda) * normal())));
        // Inversion: walk the cumulative distribution.
        double p = std::exp(-lambda);
        double cumulative = p;
        const double u = uniform();
        int k = 0;
        while (u > cumulative && k < 200) {
            ++k;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }
    template<typename T, size_t N>
    const T& pick(const std::array<T, N>& items)
    {
        return items[next() % N];
    }

private:
    quint64 m_state;
};

// --- The region: the Randstad (Netherlands) ------------------------------------------------

struct DemoLocation
{
    const char* code;
    const char* name;
    const char* kind;
    double latitude;
    double longitude;
    double demand; // relative sales volume
    int warehouse; // index of the warehouse that replenishes it (-1 for a warehouse)
};

const std::array<DemoLocation, 8> Locations{{
    {"WH1", "Warehouse Utrecht Lage Weide", "warehouse", 52.1037, 5.0734, 0.10, -1},
    {"WH2", "Warehouse Rotterdam Waalhaven", "warehouse", 51.8860, 4.4383, 0.08, -1},
    {"ST1", "Store Amsterdam Kalverstraat", "store", 52.3702, 4.8906, 1.60, 0},
    {"ST2", "Store Rotterdam Lijnbaan", "store", 51.9205, 4.4751, 1.10, 1},
    {"ST3", "Store Utrecht Oudegracht", "store", 52.0900, 5.1214, 0.90, 0},
    {"ST4", "Store The Hague Spuistraat", "store", 52.0774, 4.3130, 1.00, 1},
    {"ST5", "Store Haarlem Grote Houtstraat", "store", 52.3796, 4.6346, 0.70, 0},
    {"WEB", "Online shop", "online", 52.1037, 5.0734, 1.50, 0},
}};

// Sales by weekday (Monday first): stores peak on Saturday, the online shop on Sunday evening
// and Monday, warehouses ship business orders on weekdays only.
constexpr std::array<double, 7> StoreWeek{0.75, 0.80, 0.85, 1.00, 1.20, 1.60, 0.80};
constexpr std::array<double, 7> OnlineWeek{1.20, 1.05, 1.00, 0.95, 0.85, 0.85, 1.10};
constexpr std::array<double, 7> WarehouseWeek{1.35, 1.25, 1.15, 1.15, 1.10, 0.0, 0.0};

// --- The catalogue ----------------------------------------------------------------------------

enum class Sizes { Letters, Dress, Waist, Shoes, Belt, Socks, Gloves, One };

struct SizeSet
{
    std::vector<const char*> names;
    std::vector<double> weights; // share of a style's sales, about 1 on average
};

const SizeSet& sizeSet(Sizes s)
{
    static const QHash<int, SizeSet> sets{
        {int(Sizes::Letters),
         {{"XS", "S", "M", "L", "XL", "XXL"}, {0.40, 1.00, 1.60, 1.55, 0.95, 0.50}}},
        {int(Sizes::Dress), {{"XS", "S", "M", "L", "XL"}, {0.60, 1.20, 1.50, 1.10, 0.60}}},
        {int(Sizes::Waist),
         {{"28", "30", "32", "34", "36", "38"}, {0.50, 1.10, 1.55, 1.45, 0.90, 0.50}}},
        {int(Sizes::Shoes),
         {{"36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46"},
          {0.40, 0.70, 1.00, 1.20, 1.30, 1.40, 1.40, 1.30, 1.10, 0.75, 0.40}}},
        {int(Sizes::Belt), {{"80", "90", "100", "110"}, {0.70, 1.30, 1.30, 0.70}}},
        {int(Sizes::Socks), {{"35-38", "39-42", "43-46"}, {0.80, 1.30, 0.90}}},
        {int(Sizes::Gloves), {{"S", "M", "L"}, {0.80, 1.30, 0.90}}},
        {int(Sizes::One), {{""}, {1.0}}},
    };
    return *sets.constFind(int(s));
}

struct ProductType
{
    const char* name;
    const char* category;
    const char* department;
    const char* material;
    Sizes sizes;
    double minPrice;
    double maxPrice;
    int peakMonth; // 0: sells all year
    int packSize;
    double popularity;
};

const std::array<ProductType, 36> Types{{
    {"Linen Shirt", "Shirts", "Apparel", "linen", Sizes::Letters, 34.9, 59.9, 6, 5, 1.0},
    {"Oxford Shirt", "Shirts", "Apparel", "cotton", Sizes::Letters, 34.9, 69.9, 0, 5, 1.1},
    {"Flannel Shirt", "Shirts", "Apparel", "cotton", Sizes::Letters, 29.9, 54.9, 12, 5, 0.8},
    {"Denim Shirt", "Shirts", "Apparel", "denim", Sizes::Letters, 39.9, 64.9, 0, 5, 0.7},
    {"Crew Neck T-Shirt", "T-Shirts", "Apparel", "cotton", Sizes::Letters, 9.9, 24.9, 7, 10, 2.2},
    {"V-Neck T-Shirt", "T-Shirts", "Apparel", "cotton", Sizes::Letters, 9.9, 24.9, 7, 10, 1.3},
    {"Polo Shirt", "T-Shirts", "Apparel", "piqué cotton", Sizes::Letters, 24.9, 49.9, 6, 10, 1.1},
    {"Merino Sweater", "Knitwear", "Apparel", "merino wool", Sizes::Letters, 59.9, 119.0, 12, 5,
     0.8},
    {"Cable Knit Cardigan", "Knitwear", "Apparel", "wool", Sizes::Letters, 69.9, 129.0, 11, 5, 0.5},
    {"Hoodie", "Sweatshirts", "Apparel", "cotton fleece", Sizes::Letters, 39.9, 69.9, 10, 5, 1.3},
    {"Chinos", "Trousers", "Apparel", "cotton twill", Sizes::Waist, 49.9, 89.9, 0, 5, 1.1},
    {"Slim Jeans", "Jeans", "Apparel", "denim", Sizes::Waist, 59.9, 99.9, 0, 5, 1.5},
    {"Straight Jeans", "Jeans", "Apparel", "denim", Sizes::Waist, 59.9, 99.9, 0, 5, 1.0},
    {"Cargo Trousers", "Trousers", "Apparel", "cotton ripstop", Sizes::Waist, 54.9, 84.9, 0, 5,
     0.6},
    {"Shorts", "Shorts", "Apparel", "cotton", Sizes::Waist, 24.9, 44.9, 7, 10, 0.9},
    {"Summer Dress", "Dresses", "Apparel", "viscose", Sizes::Dress, 39.9, 79.9, 6, 5, 0.9},
    {"Wrap Dress", "Dresses", "Apparel", "jersey", Sizes::Dress, 49.9, 89.9, 0, 5, 0.6},
    {"Rain Jacket", "Outerwear", "Apparel", "recycled polyester", Sizes::Letters, 79.9, 149.0, 10,
     5, 0.6},
    {"Down Parka", "Outerwear", "Apparel", "nylon, down", Sizes::Letters, 149.0, 299.0, 12, 2, 0.5},
    {"Wool Coat", "Outerwear", "Apparel", "wool", Sizes::Letters, 149.0, 259.0, 11, 2, 0.4},
    {"Canvas Sneakers", "Sneakers", "Footwear", "canvas", Sizes::Shoes, 49.9, 79.9, 5, 6, 1.2},
    {"Leather Sneakers", "Sneakers", "Footwear", "leather", Sizes::Shoes, 89.9, 149.0, 0, 6, 0.9},
    {"Running Shoes", "Sports Shoes", "Footwear", "mesh", Sizes::Shoes, 79.9, 159.0, 4, 6, 0.8},
    {"Chelsea Boots", "Boots", "Footwear", "suede", Sizes::Shoes, 119.0, 199.0, 11, 6, 0.6},
    {"Hiking Boots", "Boots", "Footwear", "leather", Sizes::Shoes, 129.0, 219.0, 10, 6, 0.4},
    {"Leather Sandals", "Sandals", "Footwear", "leather", Sizes::Shoes, 39.9, 79.9, 7, 6, 0.7},
    {"Penny Loafers", "Shoes", "Footwear", "leather", Sizes::Shoes, 89.9, 139.0, 0, 6, 0.4},
    {"Wool Beanie", "Hats", "Accessories", "wool", Sizes::One, 14.9, 29.9, 12, 12, 1.0},
    {"Canvas Cap", "Hats", "Accessories", "cotton canvas", Sizes::One, 19.9, 29.9, 6, 12, 0.9},
    {"Knit Scarf", "Scarves", "Accessories", "wool blend", Sizes::One, 24.9, 49.9, 12, 10, 0.7},
    {"Leather Belt", "Belts", "Accessories", "leather", Sizes::Belt, 29.9, 59.9, 0, 10, 0.6},
    {"Canvas Tote Bag", "Bags", "Accessories", "cotton canvas", Sizes::One, 14.9, 34.9, 0, 10, 0.8},
    {"Leather Backpack", "Bags", "Accessories", "leather", Sizes::One, 99.9, 179.0, 9, 4, 0.4},
    {"Sport Socks 3-Pack", "Socks", "Accessories", "cotton blend", Sizes::Socks, 9.9, 14.9, 0, 12,
     2.0},
    {"Sunglasses", "Eyewear", "Accessories", "acetate", Sizes::One, 39.9, 129.0, 6, 6, 0.6},
    {"Leather Gloves", "Gloves", "Accessories", "leather", Sizes::Gloves, 34.9, 69.9, 1, 10, 0.4},
}};

struct Colour
{
    const char* name;
    double weight;
};

const std::array<Colour, 20> Colours{{
    {"Black", 1.5},  {"White", 1.3},    {"Navy", 1.3},  {"Grey", 1.1},       {"Blue", 1.1},
    {"Beige", 0.8},  {"Khaki", 0.7},    {"Olive", 0.6}, {"Burgundy", 0.5},   {"Red", 0.5},
    {"Green", 0.5},  {"Brown", 0.8},    {"Sand", 0.6},  {"Light Blue", 0.8}, {"Pink", 0.4},
    {"Yellow", 0.3}, {"Charcoal", 0.8}, {"Cream", 0.6}, {"Rust", 0.4},       {"Teal", 0.4},
}};

// Style lines: a type comes in many styles, each with its own name.
const std::array<const char*, 16> Fits{
    "Classic", "Relaxed", "Slim",   "Organic", "Heritage",    "Essential", "Premium", "Everyday",
    "Urban",   "Coastal", "Nordic", "Vintage", "Lightweight", "Recycled",  "Studio",  "Weekend"};
const std::array<const char*, 24> Lines{
    "Harbor",  "Alpine", "Meadow", "Dune",    "Canal",  "Polder", "Tulip", "Beacon",
    "Delta",   "Linden", "Marina", "Summit",  "Willow", "Ember",  "Tidal", "Heath",
    "Orchard", "Quay",   "Breeze", "Foundry", "Atlas",  "Lumen",  "Fjord", "Rivet"};

struct Supplier
{
    const char* name;
    int leadTime;
};

const std::array<Supplier, 6> ApparelSuppliers{{{"Nordtex", 12},
                                                {"Baltic Weavers", 21},
                                                {"Porto Knit", 18},
                                                {"Anatolia Textiles", 28},
                                                {"Dhaka Garments", 60},
                                                {"Saigon Apparel Co.", 55}}};
const std::array<Supplier, 3> FootwearSuppliers{
    {{"Stepwell", 14}, {"Iberia Shoes", 21}, {"Hanoi Footwear", 63}}};
const std::array<Supplier, 3> AccessorySuppliers{
    {{"Capworks", 10}, {"Leatherline", 18}, {"Shenzhen Accessories", 49}}};

struct Style
{
    const ProductType* type;
    double popularity;
    int launchDay;                 // index into the year; 0 = sold all year
    std::array<int, 2> promoStart; // -1: none
    std::array<int, 2> promoLength;
};

struct Product
{
    int style;
    double weight; // size x colour share of the style's sales
    int packSize;
    int leadTime;
};

QString seasonName(int peakMonth)
{
    if (peakMonth == 0)
        return QStringLiteral("all-year");
    if (peakMonth >= 3 && peakMonth <= 5)
        return QStringLiteral("spring");
    if (peakMonth >= 6 && peakMonth <= 8)
        return QStringLiteral("summer");
    if (peakMonth >= 9 && peakMonth <= 11)
        return QStringLiteral("autumn");
    return QStringLiteral("winter");
}

void appendCopyText(QByteArray& out, const QByteArray& v)
{
    for (const char c : v) {
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
            out += '\\';
        out += c;
    }
}

// Big-endian integers for COPY's binary format.
void appendBinary32(QByteArray& out, qint32 v)
{
    const quint32 u = quint32(v);
    const char bytes[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
    out.append(bytes, 4);
}

void appendBinary16(QByteArray& out, qint16 v)
{
    const quint16 u = quint16(v);
    const char bytes[2] = {char(u >> 8), char(u)};
    out.append(bytes, 2);
}

void appendInt(QByteArray& out, qint64 v)
{
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, v);
    out.append(digits, r.ptr - digits);
}

QByteArray money(double v)
{
    return QByteArray::number(v, 'f', 2);
}

// A price that looks like a price: 34.90, 39.95, 119.00.
double shelfPrice(double raw)
{
    if (raw >= 100)
        return std::round(raw / 10.0) * 10.0 - 1.0;
    return std::floor(raw) + 0.90;
}

struct Catalogue
{
    std::vector<Style> styles;
    std::vector<Product> products;
    QByteArray copyData; // the products as COPY text
};

Catalogue makeCatalogue(int skus, quint32 seed)
{
    Catalogue cat;
    cat.products.reserve(size_t(skus));
    Rng rng(seed, 0xCA7A);
    std::array<int, Types.size()> typeCount{};
    double typeTotal = 0;
    for (const ProductType& t : Types)
        typeTotal += t.popularity;

    while (int(cat.products.size()) < skus) {
        // Popular types get more styles.
        double r = rng.uniform() * typeTotal;
        size_t ti = 0;
        while (ti + 1 < Types.size() && r >= Types[ti].popularity) {
            r -= Types[ti].popularity;
            ++ti;
        }
        const ProductType& type = Types[ti];
        const int nth = typeCount[ti]++;
        QString styleName = QString::fromUtf8(type.name);
        if (nth > 0) {
            const int k = nth - 1;
            styleName =
                QString::fromLatin1(Fits[size_t(k) % Fits.size()]) + QLatin1Char(' ') +
                (k >= int(Fits.size())
                     ? QString::fromLatin1(Lines[size_t(k / int(Fits.size())) % Lines.size()]) +
                           QLatin1Char(' ')
                     : QString()) +
                styleName;
        }

        Style style;
        style.type = &type;
        style.popularity = std::exp(0.9 * rng.normal() - 0.4) * type.popularity;
        style.launchDay = rng.uniform() < 0.10 ? rng.between(120, 330) : 0;
        for (int p = 0; p < 2; ++p) {
            const bool has = rng.uniform() < (p == 0 ? 0.45 : 0.15);
            style.promoStart[size_t(p)] = has ? rng.between(0, HistoryDays - 15) : -1;
            style.promoLength[size_t(p)] = rng.between(5, 14);
        }
        const int styleIndex = int(cat.styles.size());
        cat.styles.push_back(style);

        const Supplier supplier =
            QByteArray(type.department) == "Apparel"
                ? rng.pick(ApparelSuppliers)
                : (QByteArray(type.department) == "Footwear" ? rng.pick(FootwearSuppliers)
                                                             : rng.pick(AccessorySuppliers));
        const int leadTime = qMax(3, supplier.leadTime + rng.between(-3, 4));
        const double price = shelfPrice(rng.uniform(type.minPrice, type.maxPrice));
        const double margin = rng.uniform(0.32, 0.55);

        // 2 to 5 colours, no colour twice.
        std::array<bool, Colours.size()> used{};
        const int colours = rng.between(2, 5);
        const SizeSet& sizes = sizeSet(type.sizes);
        for (int ci = 0; ci < colours && int(cat.products.size()) < skus; ++ci) {
            size_t colour = rng.next() % Colours.size();
            while (used[colour])
                colour = (colour + 1) % Colours.size();
            used[colour] = true;
            for (size_t si = 0; si < sizes.names.size() && int(cat.products.size()) < skus; ++si) {
                const int index = int(cat.products.size()) + 1;
                const QByteArray sku = "SKU" + QByteArray::number(index).rightJustified(6, '0');
                const QString size = QString::fromLatin1(sizes.names[si]);
                QString name =
                    styleName + QLatin1Char(' ') + QString::fromLatin1(Colours[colour].name);
                if (!size.isEmpty())
                    name += QLatin1Char(' ') + size;
                QByteArray attributes =
                    "{\"colour\": \"" + QByteArray(Colours[colour].name).toLower() + '"';
                if (!size.isEmpty())
                    attributes += ", \"size\": \"" + size.toLatin1() + '"';
                attributes += ", \"material\": \"" + QByteArray(type.material) +
                              "\", \"style\": \"ST" +
                              QByteArray::number(styleIndex + 1).rightJustified(5, '0') +
                              "\", \"department\": \"" + QByteArray(type.department) +
                              "\", \"season\": \"" + seasonName(type.peakMonth).toLatin1() + "\"}";
                const double cost = std::round(price * margin * 100.0) / 100.0;

                QByteArray& out = cat.copyData;
                out += sku;
                out += '\t';
                appendCopyText(out, name.toUtf8());
                out += '\t';
                appendCopyText(out, QByteArray(type.category));
                out += '\t';
                appendCopyText(out, attributes);
                out += '\t';
                out += money(price);
                out += '\t';
                out += money(cost);
                out += '\t';
                appendCopyText(out, QByteArray(supplier.name));
                out += '\t';
                appendInt(out, type.packSize);
                out += '\t';
                appendInt(out, leadTime);
                out += '\t';
                // An EAN-13 of GS1's prefix 20, for use inside one company: never a real
                // product's, so a demo barcode cannot be taken for one.
                const QString gtin =
                    QStringLiteral("20") + QString::number(index).rightJustified(10, u'0');
                out += gtin.toLatin1();
                out += char('0' + gtinCheckDigit(gtin));
                out += '\n';

                cat.products.push_back({styleIndex, sizes.weights[si] * Colours[colour].weight,
                                        type.packSize, leadTime});
            }
        }
    }
    return cat;
}

// The settings of the agent's demand statistics (agent_settings), with their defaults.
struct StatisticsSettings
{
    int windowDays = 56;
    double serviceLevelZ = 1.65;
};

// The figures agent_demand_statistics() computes for one (product, location), computed the same
// way with the same floating-point operations, so the demo's reorder points are the job's.
struct DemandStats
{
    int windowDays = 0;
    qint64 windowSum = 0;
    qint64 windowSumSquares = 0;
    int units28d = 0;
    double avgDaily = 0;
    double sdDaily = 0;
    double rate = 0; // recent units per day, weighted towards the last four weeks

    int safetyStock(int leadTime, const StatisticsSettings& settings) const
    {
        return int(std::ceil(settings.serviceLevelZ * sdDaily * std::sqrt(double(leadTime))));
    }
    int reorderPoint(int leadTime, const StatisticsSettings& settings) const
    {
        return int(
            std::ceil(avgDaily * double(leadTime) + double(safetyStock(leadTime, settings))));
    }
};

DemandStats statisticsOf(const std::array<int, HistoryDays>& units,
                         const StatisticsSettings& settings)
{
    DemandStats s;
    s.windowDays = qMin(settings.windowDays, HistoryDays);
    for (int d = HistoryDays - s.windowDays; d < HistoryDays; ++d) {
        s.windowSum += units[size_t(d)];
        s.windowSumSquares += qint64(units[size_t(d)]) * units[size_t(d)];
    }
    for (int d = HistoryDays - 28; d < HistoryDays; ++d)
        s.units28d += units[size_t(d)];
    const qint64 n = s.windowDays;
    s.avgDaily = double(s.windowSum) / double(n);
    s.sdDaily = std::sqrt(double(n * s.windowSumSquares - s.windowSum * s.windowSum)) / double(n);
    return s;
}

// What the stock phase needs to know about one (product, location) after its demand is drawn.
struct LevelPlan
{
    int onHand = 0;
    int damaged = 0;
    int reorderPoint = 0;
    int safetyStock = 0;
    DemandStats stats;
};

} // namespace

bool DemoData::isEmpty(sp::db::Connection& c)
{
    return c.exec("SELECT NOT EXISTS (SELECT FROM products)").toBool(0, 0);
}

void DemoData::createDemoUsers(sp::db::Connection& c)
{
    for (const char* name : {"clerk", "manager", "admin"})
        c.exec("SELECT staff_user_add($1, $1, $1)", {name});
}

void DemoData::load(sp::db::Connection& c, const DemoOptions& options,
                    const std::function<bool(int, int)>& progress)
{
    if (options.skus < 1 || options.skus > MaxSkus)
        throw sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::DemoDataRefused),
                              tr("The number of SKUs must be between 1 and %1.").arg(MaxSkus));
    const QDate lastDay = options.lastDay.isValid()
                              ? options.lastDay
                              : QDateTime::currentDateTimeUtc().date().addDays(-1);
    const QDate firstDay = lastDay.addDays(-(HistoryDays - 1));
    const int skus = options.skus;
    const int total = 2 * skus + 1;
    bool cancelled = false;
    const auto report = [&](int done) {
        if (progress && !cancelled && !progress(done, total))
            cancelled = true;
        return !cancelled;
    };
    const auto throwIfCancelled = [&] {
        if (cancelled)
            throw sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::QueryCanceled),
                                  tr("Loading the demo data was cancelled; nothing was changed."));
    };

    const Catalogue catalogue = makeCatalogue(skus, options.seed);

    sp::db::Transaction transaction(c);
    // Two programs starting on an empty database at once: the second waits, then sees products.
    c.execScript("LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE");
    if (!isEmpty(c))
        throw sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::DemoDataRefused),
                              tr("The database already has products. Demo data is loaded only into "
                                 "an empty database."));

    // Foreign-key checks are most of the work of a bulk load (two lookups for each of the 3M
    // rows of levels, history and ledger), and every id here comes from rows this transaction
    // has just written. A superuser may skip them, as long as no migration has put triggers of
    // its own on these tables (those must run).
    const bool skipChecks =
        c.exec("SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
               " AND NOT EXISTS (SELECT FROM pg_trigger WHERE NOT tgisinternal"
               " AND tgrelid IN ('public.products'::regclass, 'public.locations'::regclass,"
               " 'public.stock_levels'::regclass, 'public.demand_history'::regclass,"
               " 'public.stock_movements'::regclass, to_regclass('public.demand_stats'))"
               " AND tgname NOT IN ('stock_movements_append_only', 'stock_movements_no_truncate'))")
            .toBool(0, 0);
    if (skipChecks)
        c.execScript("SET LOCAL session_replication_role = replica");

    // Locations.
    std::array<int, Locations.size()> locationId{};
    for (size_t i = 0; i < Locations.size(); ++i) {
        const DemoLocation& l = Locations[i];
        c.exec("INSERT INTO locations (code, name, kind, latitude, longitude, sort_order)"
               " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
               {l.code, l.name, l.kind, l.latitude, l.longitude, int(i) + 1});
        locationId[i] = c.exec("SELECT id FROM locations WHERE code = $1", {l.code}).toInt(0, 0);
    }

    // The suppliers the catalogue names, each with an address for its purchase orders.
    const auto addSuppliers = [&c](const auto& list) {
        for (const Supplier& s : list) {
            const QString name = QString::fromUtf8(s.name);
            const QString mailbox =
                name.toLower().remove(QRegularExpression(QStringLiteral("[^a-z0-9]")));
            c.exec("INSERT INTO suppliers (name, lead_time_days, email, minimum_order)"
                   " VALUES ($1, $2, $3, 250) ON CONFLICT (name) DO NOTHING",
                   {name, s.leadTime, QStringLiteral("orders@%1.example").arg(mailbox)});
        }
    };
    addSuppliers(ApparelSuppliers);
    addSuppliers(FootwearSuppliers);
    addSuppliers(AccessorySuppliers);

    // The catalogue, then its ids in SKU order.
    qsizetype offset = 0;
    c.copyIn("COPY products (sku, name, category, attributes, price, cost, supplier, pack_size,"
             " lead_time_days, gtin) FROM STDIN",
             [&](QByteArray& chunk) {
                 if (offset >= catalogue.copyData.size())
                     return false;
                 qsizetype end = qMin(offset + ChunkSize, catalogue.copyData.size());
                 while (end < catalogue.copyData.size() && catalogue.copyData[end - 1] != '\n')
                     ++end;
                 chunk = catalogue.copyData.mid(offset, end - offset);
                 offset = end;
                 return report(int(qint64(skus) * offset / catalogue.copyData.size()));
             });
    throwIfCancelled();
    std::vector<int> productId(static_cast<size_t>(skus));
    {
        const sp::db::Result ids = c.exec("SELECT id FROM products ORDER BY sku");
        for (int i = 0; i < skus; ++i)
            productId[size_t(i)] = ids.toInt(i, 0);
    }

    // A year of daily sales per (product, location), and from it the reorder points and stock.
    // The history table is empty (it references products): truncating it lets COPY write the
    // rows frozen, so the first reads do not rewrite 1M rows to set hint bits.
    c.execScript("TRUNCATE demand_history");
    // PostgreSQL counts days from 2000-01-01.
    const qint32 firstDayNumber = qint32(firstDay.toJulianDay() - QDate(2000, 1, 1).toJulianDay());
    std::array<double, HistoryDays> dayFactor[3]; // store, online, warehouse weekday factors
    std::array<double, HistoryDays> seasonPhase{};
    for (int d = 0; d < HistoryDays; ++d) {
        const QDate date = firstDay.addDays(d);
        const size_t dow = size_t(date.dayOfWeek() - 1);
        dayFactor[0][size_t(d)] = StoreWeek[dow];
        dayFactor[1][size_t(d)] = OnlineWeek[dow];
        dayFactor[2][size_t(d)] = WarehouseWeek[dow];
        seasonPhase[size_t(d)] = 2.0 * std::numbers::pi * (date.dayOfYear() - 1) / 365.25;
    }

    // The agent's statistics settings, when its migration is there (it always is once the
    // program has migrated the database; a bare schema gets the defaults).
    StatisticsSettings settings;
    const bool hasAgent = !c.exec("SELECT to_regclass('public.demand_stats') IS NULL").toBool(0, 0);
    if (hasAgent) {
        const sp::db::Result cfg =
            c.exec("SELECT stats_window_days, service_level_z::float8 FROM agent_settings");
        if (cfg.rows() == 1) {
            settings.windowDays = cfg.toInt(0, 0);
            settings.serviceLevelZ = cfg.toDouble(0, 1);
        }
    }

    std::vector<LevelPlan> plans(size_t(skus) * Locations.size());
    std::array<int, HistoryDays> units{};
    // Draws one SKU's year at every location as COPY rows, and plans its stock levels.
    const auto draw = [&](int sku, QByteArray& chunk) {
        const Product& product = catalogue.products[size_t(sku)];
        const Style& style = catalogue.styles[size_t(product.style)];
        Rng rng(options.seed, quint64(sku) + 1, 0xDE);
        const double peak = style.type->peakMonth
                                ? 2.0 * std::numbers::pi * (style.type->peakMonth - 0.5) / 12.0
                                : 0.0;
        const double amplitude = style.type->peakMonth ? rng.uniform(0.35, 0.7) : 0.0;
        const double skuTrend = rng.uniform(-0.45, 0.55);
        const double base = 0.6 * style.popularity * product.weight;
        std::array<DemandStats, Locations.size()> stats{};
        for (size_t li = 0; li < Locations.size(); ++li) {
            const DemoLocation& loc = Locations[li];
            const int week = loc.warehouse < 0 ? 2 : (li == 7 ? 1 : 0);
            const double trend = skuTrend + rng.uniform(-0.25, 0.25);
            const double level = base * loc.demand * rng.uniform(0.7, 1.3);
            double sum28 = 0, sum91 = 0;
            for (int d = 0; d < HistoryDays; ++d) {
                double lambda = level * dayFactor[week][size_t(d)];
                if (amplitude > 0)
                    lambda *= 1.0 + amplitude * std::cos(seasonPhase[size_t(d)] - peak);
                lambda *= qMax(0.1, 1.0 + trend * (d - HistoryDays / 2.0) / HistoryDays);
                for (size_t p = 0; p < 2; ++p)
                    if (style.promoStart[p] >= 0 && d >= style.promoStart[p] &&
                        d < style.promoStart[p] + style.promoLength[p])
                        lambda *= 1.8;
                int n = d < style.launchDay ? 0 : rng.poisson(lambda);
                // Business customers order whole packs now and then.
                if (loc.warehouse < 0 && d >= style.launchDay && dayFactor[2][size_t(d)] > 0 &&
                    rng.uniform() < 0.006)
                    n += product.packSize * rng.between(1, 3);
                units[size_t(d)] = n;
                if (d >= HistoryDays - 91) {
                    sum91 += n;
                    if (d >= HistoryDays - 28)
                        sum28 += n;
                }
            }
            stats[li] = statisticsOf(units, settings);
            stats[li].rate = 0.6 * sum28 / 28.0 + 0.4 * sum91 / 91.0;

            // One row in COPY's binary format: parsing text is most of the server's work in
            // this load, and binary int arrays spare it.
            appendBinary16(chunk, 4);
            appendBinary32(chunk, 4);
            appendBinary32(chunk, productId[size_t(sku)]);
            appendBinary32(chunk, 2);
            appendBinary16(chunk, qint16(locationId[li]));
            appendBinary32(chunk, 4);
            appendBinary32(chunk, firstDayNumber);
            appendBinary32(chunk, 20 + HistoryDays * 8);
            appendBinary32(chunk, 1);  // dimensions
            appendBinary32(chunk, 0);  // no NULLs
            appendBinary32(chunk, 23); // int4
            appendBinary32(chunk, HistoryDays);
            appendBinary32(chunk, 1); // lower bound
            for (int d = 0; d < HistoryDays; ++d) {
                appendBinary32(chunk, 4);
                appendBinary32(chunk, units[size_t(d)]);
            }
        }

        // Stock of a healthy retailer, measured against the reorder points the agent's
        // demand-statistics job computes from this history (so its first run changes none):
        // most levels hold their reorder point plus up to two weeks of sales, a few percent are
        // out or low, some single levels and about one SKU in seventy everywhere are overstocked
        // (slow sellers for markdowns); warehouses hold the stores' next days.
        const bool overstockedSku = rng.uniform() < 0.015;
        double servedRate[2] = {0, 0};
        for (size_t li = 0; li < Locations.size(); ++li) {
            if (Locations[li].warehouse >= 0)
                servedRate[Locations[li].warehouse] += stats[li].avgDaily;
        }
        for (size_t li = 0; li < Locations.size(); ++li) {
            const DemoLocation& loc = Locations[li];
            const DemandStats& st = stats[li];
            const bool warehouse = loc.warehouse < 0;
            const int rop = st.reorderPoint(product.leadTime, settings);
            LevelPlan& plan = plans[size_t(sku) * Locations.size() + li];
            plan.reorderPoint = rop;
            plan.stats = st;
            plan.safetyStock = st.safetyStock(product.leadTime, settings);
            // Which levels are short is spread evenly over the catalogue (a low-discrepancy
            // sequence), so a small demo has its share of them too.
            const double slot = std::fmod((double(sku) * double(Locations.size()) + double(li)) *
                                                  0.6180339887498949 +
                                              double(options.seed % 1000) * 0.001,
                                          1.0);
            const double rate = qMax(st.avgDaily, st.rate);
            int available;
            if (slot < 0.0175) {
                available = 0;
            } else if (slot < 0.035 && rop >= 2) {
                available = rng.between(qMax(1, rop / 4), rop - 1);
            } else if (overstockedSku) {
                // Half a year and more of sales, bought for a season that did not come.
                available =
                    rop + int(std::ceil(rate * 7.0 * rng.uniform(30.0, 45.0))) + rng.between(3, 12);
            } else if (slot >= 0.965 && !warehouse) {
                available = rop > 0 ? int(rop * rng.uniform(3.5, 7.0)) + 1 : rng.between(8, 40);
            } else if (warehouse) {
                // The stores' demand over the next few days to two weeks, on top of its own.
                available = rop + 1 + int(std::ceil(servedRate[li] * rng.uniform(3.0, 14.0)));
            } else {
                // Up to about two weeks of sales above the reorder point; a slow seller just
                // its reorder point (the next sale reorders).
                available = rop + int(std::floor(rng.uniform(0.3, 1.0) * (rate * 14.0 + 1.0)));
            }
            if (!warehouse && available >= 4 && rng.uniform() < 0.02)
                plan.damaged = rng.between(1, 2);
            plan.onHand = available + plan.damaged;
        }
    };

    // The history is drawn on a second thread while this one feeds the COPY, so the server
    // parses one chunk while the next is drawn. Same order, same data.
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<QByteArray> ready;
    bool finished = false;
    bool stop = false;
    std::atomic<int> drawn{0};
    std::thread drawer([&] {
        for (int sku = 0; sku < skus;) {
            QByteArray chunk;
            chunk.reserve(ChunkSize + 64 * 1024);
            while (chunk.size() < ChunkSize && sku < skus)
                draw(sku++, chunk);
            drawn = sku;
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return ready.size() < 4 || stop; });
            if (stop)
                break;
            ready.push_back(std::move(chunk));
            changed.notify_all();
        }
        std::lock_guard lock(mutex);
        finished = true;
        changed.notify_all();
    });
    bool joined = false;
    const auto joinDrawer = [&] {
        if (joined)
            return;
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        changed.notify_all();
        drawer.join();
        joined = true;
    };
    const auto joinOnError = qScopeGuard(joinDrawer);
    bool headerSent = false;
    c.copyIn("COPY demand_history (product_id, location_id, first_day, daily_units) FROM STDIN"
             " WITH (FORMAT binary, FREEZE)",
             [&](QByteArray& chunk) {
                 if (!headerSent) {
                     headerSent = true;
                     chunk = QByteArray("PGCOPY\n\377\r\n\0", 11);
                     appendBinary32(chunk, 0); // flags
                     appendBinary32(chunk, 0); // no header extension
                     return true;
                 }
                 {
                     std::unique_lock lock(mutex);
                     changed.wait(lock, [&] { return !ready.empty() || finished; });
                     if (ready.empty()) {
                         appendBinary16(chunk, -1); // the trailer
                         return false;
                     }
                     chunk = std::move(ready.front());
                     ready.pop_front();
                 }
                 changed.notify_all();
                 return report(skus + drawn.load());
             });
    joinDrawer();
    throwIfCancelled();

    qsizetype level = 0;
    const qsizetype levels = qsizetype(plans.size());
    c.copyIn("COPY stock_levels (product_id, location_id, on_hand, damaged, reorder_point)"
             " FROM STDIN",
             [&](QByteArray& chunk) {
                 while (chunk.size() < ChunkSize && level < levels) {
                     const LevelPlan& plan = plans[size_t(level)];
                     appendInt(chunk, productId[size_t(level / qsizetype(Locations.size()))]);
                     chunk += '\t';
                     appendInt(chunk, locationId[size_t(level % qsizetype(Locations.size()))]);
                     chunk += '\t';
                     appendInt(chunk, plan.onHand);
                     chunk += '\t';
                     appendInt(chunk, plan.damaged);
                     chunk += '\t';
                     appendInt(chunk, plan.reorderPoint);
                     chunk += '\n';
                     ++level;
                 }
                 return level < levels;
             });
    // The statistics the agent's daily job would compute, so that the first inbox already
    // shows demand rates and the job's first run changes nothing.
    if (hasAgent) {
        // What the job compares to see that nothing changed: the history rows' version (all
        // written by this transaction), the lead times and the settings.
        const QByteArray sourceXmin = c.exec("SELECT xid(pg_current_xact_id())").bytes(0, 0);
        const QByteArray settingsColumns = '\t' + QByteArray::number(settings.windowDays) + '\t' +
                                           QByteArray::number(settings.serviceLevelZ, 'g', 17);
        level = 0;
        c.copyIn(
            "COPY demand_stats (product_id, location_id, window_days, avg_daily, sd_daily,"
            " units_28d, safety_stock, reorder_point, source_xmin, source_lead_time,"
            " source_window, source_z) FROM STDIN",
            [&](QByteArray& chunk) {
                while (chunk.size() < ChunkSize && level < levels) {
                    const LevelPlan& plan = plans[size_t(level)];
                    appendInt(chunk, productId[size_t(level / qsizetype(Locations.size()))]);
                    chunk += '\t';
                    appendInt(chunk, locationId[size_t(level % qsizetype(Locations.size()))]);
                    chunk += '\t';
                    appendInt(chunk, plan.stats.windowDays);
                    chunk += '\t';
                    // 17 significant digits read back as the same double.
                    chunk += QByteArray::number(plan.stats.avgDaily, 'g', 17);
                    chunk += '\t';
                    chunk += QByteArray::number(plan.stats.sdDaily, 'g', 17);
                    chunk += '\t';
                    appendInt(chunk, plan.stats.units28d);
                    chunk += '\t';
                    appendInt(chunk, plan.safetyStock);
                    chunk += '\t';
                    appendInt(chunk, plan.reorderPoint);
                    chunk += '\t';
                    chunk += sourceXmin;
                    chunk += '\t';
                    appendInt(
                        chunk,
                        catalogue.products[size_t(level / qsizetype(Locations.size()))].leadTime);
                    chunk += settingsColumns;
                    chunk += '\n';
                    ++level;
                }
                return level < levels;
            });
    }
    // The ledger starts with the opening balance of every level, so replaying it gives the
    // levels exactly.
    c.exec("INSERT INTO stock_movements (product_id, location_id, reason, d_on_hand, d_damaged,"
           " ref_type, note)"
           " SELECT s.product_id, s.location_id, 'opening', s.on_hand, s.damaged, 'demo', $1"
           " FROM stock_levels s WHERE s.on_hand <> 0 OR s.damaged <> 0 ORDER BY s.product_id, "
           "s.location_id",
           {QStringLiteral("Opening balance (demo data)")});
    if (skipChecks)
        c.execScript("SET LOCAL session_replication_role = origin");
    c.exec("INSERT INTO events (type, payload) VALUES ('CatalogImported',"
           " jsonb_build_object('source', 'demo', 'products', $1::int, 'locations', $2::int))",
           {skus, int(Locations.size())});
    if (!report(total))
        throwIfCancelled();
    transaction.commit();

    // Fresh statistics and visibility maps, so the first queries plan well and autovacuum does
    // not start on a million new rows while people work.
    for (const char* table : {"locations", "products", "stock_levels", "stock_movements"})
        c.execScript(QByteArray("VACUUM (ANALYZE) ") + table);
    c.execScript("ANALYZE demand_history");
    if (hasAgent)
        c.execScript("VACUUM (ANALYZE) demand_stats");
}

QFuture<bool> prepareEmbedded(sp::db::EmbeddedCluster& cluster,
                              std::function<void(EmbeddedStep)> step,
                              std::function<void(int done, int total)> progress)
{
    sp::db::EmbeddedCluster* running = &cluster;
    return QtConcurrent::run([running, step = std::move(step), progress = std::move(progress)] {
        running->ensureRunning();
        sp::db::Connection owner(running->ownerSettings());
        step(EmbeddedStep::Migrating);
        sp::db::Migrator().migrate(owner);
        if (!DemoData::isEmpty(owner))
            return false;
        step(EmbeddedStep::LoadingDemoData);
        DemoData::load(owner, {}, [&progress](int done, int total) {
            progress(done, total);
            return true;
        });
        step(EmbeddedStep::CreatingDemoUsers);
        DemoData::createDemoUsers(owner);
        return true;
    });
}

} // namespace sp::catalog
