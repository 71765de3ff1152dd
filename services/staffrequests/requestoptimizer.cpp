#include "requestoptimizer.h"

#include "approvals/reasontemplates.h"

#include <QHash>
#include <QtMath>

#include <algorithm>
#include <limits>

namespace sp::staffrequests {

namespace {

using sp::db::DbError;

struct LocationState
{
    QString code;
    QString name;
    QString kind;
    int onHand = 0;
    int available = 0;
    int incoming = 0;
    int allocated = 0; // reserved + committed + quarantine + damaged
    int reorderPoint = 0;
    double daily = 0; // recent units sold per day
    double km = 0;    // from the request's location
};

struct ProductInfo
{
    QString sku;
    QString name;
    QString supplier;
    int packSize = 1;
    int leadTimeDays = 0;
    double price = 0;
    double cost = 0;
};

using sp::approvals::ReasonTemplates;

QJsonObject weeksText(const LocationState& s)
{
    if (s.daily <= 0)
        return ReasonTemplates::make("cover.none");
    const double days = s.available / s.daily;
    if (days < 14)
        return ReasonTemplates::make("optimizer.cover.days", {{QStringLiteral("days"), days}});
    return ReasonTemplates::make("optimizer.cover.weeks", {{QStringLiteral("weeks"), days / 7}});
}

// The reason is kept as its template (the clients word it) and as English text.
void setReason(OptimizedRequest& out, const QJsonObject& reason)
{
    out.reasonTemplate = reason;
    out.reason = ReasonTemplates::english(reason);
}

ProductInfo product(sp::db::Connection& c, const QString& sku)
{
    const sp::db::Result r =
        c.execPrepared("SELECT sku, name, supplier, pack_size, lead_time_days, price, cost "
                       "FROM products WHERE sku = $1",
                       {sku});
    if (r.rows() == 0) {
        throw DbError(QString::fromLatin1(sp::db::sqlstate::UnknownSku),
                      RequestOptimizer::tr("Unknown SKU \"%1\".").arg(sku));
    }
    return {r.text(0, 0),  r.text(0, 1),     r.text(0, 2),    r.toInt(0, 3),
            r.toInt(0, 4), r.toDouble(0, 5), r.toDouble(0, 6)};
}

// Every location's figures for one SKU, with the distance from `from` (a location code).
QList<LocationState> states(sp::db::Connection& c, const QString& sku, const QString& from,
                            int windowDays)
{
    const sp::db::Result exists = c.execPrepared("SELECT 1 FROM locations WHERE code = $1", {from});
    if (exists.rows() == 0) {
        throw DbError(QString::fromLatin1(sp::db::sqlstate::UnknownLocation),
                      RequestOptimizer::tr("Unknown location \"%1\".").arg(from));
    }
    const sp::db::Result r = c.execPrepared(
        "SELECT l.code, l.name, l.kind, coalesce(s.on_hand, 0), coalesce(s.available, 0), "
        "       coalesce(s.incoming, 0), "
        "       coalesce(s.reserved + s.committed + s.quarantine + s.damaged, 0), "
        "       coalesce(s.reorder_point, 0), "
        "       coalesce((SELECT avg(u) FROM unnest(h.daily_units[greatest(1, "
        "                 cardinality(h.daily_units) - $3 + 1):]) AS u), 0), "
        "       distance_km(l.latitude, l.longitude, d.latitude, d.longitude) "
        "FROM products p "
        "CROSS JOIN locations l "
        "CROSS JOIN (SELECT latitude, longitude FROM locations WHERE code = $2) d "
        "LEFT JOIN stock_levels s ON s.product_id = p.id AND s.location_id = l.id "
        "LEFT JOIN demand_history h ON h.product_id = p.id AND h.location_id = l.id "
        "WHERE p.sku = $1 ORDER BY l.sort_order, l.code",
        {sku, from, windowDays});
    QList<LocationState> list;
    for (int i = 0; i < r.rows(); ++i) {
        list.append({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.toInt(i, 3), r.toInt(i, 4),
                     r.toInt(i, 5), r.toInt(i, 6), r.toInt(i, 7), r.toDouble(i, 8),
                     r.toDouble(i, 9)});
    }
    return list;
}

// Units that bring a location up to its reorder point plus the target days of demand.
int unitsToFill(const LocationState& s, int coverDays)
{
    const int target = s.reorderPoint + int(qCeil(s.daily * coverDays));
    return std::max(0, target - (s.available + s.incoming));
}

QJsonObject stateJson(const LocationState& s)
{
    return {{QStringLiteral("location"), s.code},
            {QStringLiteral("available"), s.available},
            {QStringLiteral("incoming"), s.incoming},
            {QStringLiteral("reorder_point"), s.reorderPoint},
            {QStringLiteral("daily_demand"), qRound(s.daily * 100) / 100.0},
            {QStringLiteral("km"), qRound(s.km * 10) / 10.0}};
}

} // namespace

OptimizedRequest RequestOptimizer::optimize(const StaffRequest& request)
{
    switch (request.kind) {
    case RequestKind::Transfer:
        return transfer(request);
    case RequestKind::Restock:
        return restock(request);
    case RequestKind::Promotion:
        return promotion(request);
    case RequestKind::Adjustment:
        return adjustment(request);
    }
    return {};
}

OptimizedRequest RequestOptimizer::transfer(const StaffRequest& request)
{
    OptimizedRequest out;
    out.request = request;
    const ProductInfo info = product(m_connection, request.sku);
    const QList<LocationState> all =
        states(m_connection, info.sku, request.location, m_policy.demandWindowDays);
    const auto destIt = std::find_if(all.cbegin(), all.cend(), [&](const LocationState& s) {
        return s.code == request.location;
    });
    const LocationState dest = *destIt;
    const int need =
        request.quantity > 0 ? request.quantity : unitsToFill(dest, m_policy.coverTargetDays);
    out.numbers.insert(QStringLiteral("destination"), stateJson(dest));
    out.numbers.insert(QStringLiteral("requested"), request.quantity);
    out.numbers.insert(QStringLiteral("needed"), need);
    if (need == 0) {
        setReason(out, ReasonTemplates::make("optimizer.transfer.nothing",
                                             {{QStringLiteral("location"), dest.name},
                                              {QStringLiteral("available"), dest.available},
                                              {QStringLiteral("incoming"), dest.incoming},
                                              {QStringLiteral("days"), m_policy.coverTargetDays},
                                              {QStringLiteral("daily"), dest.daily}}));
        return out;
    }

    // Sources: every other location with stock above its reorder point, nearest first.
    QList<LocationState> sources;
    for (const LocationState& s : all) {
        if (s.code != dest.code && s.available - s.reorderPoint > 0)
            sources.append(s);
    }
    std::sort(sources.begin(), sources.end(), [](const LocationState& a, const LocationState& b) {
        if (!qFuzzyCompare(a.km + 1, b.km + 1))
            return a.km < b.km;
        return a.available - a.reorderPoint > b.available - b.reorderPoint;
    });
    QJsonValue askedNote = QString();
    if (!request.fromLocation.isEmpty()) {
        const auto asked = std::find_if(all.cbegin(), all.cend(), [&](const LocationState& s) {
            return s.code == request.fromLocation;
        });
        if (asked == all.cend()) {
            throw DbError(QString::fromLatin1(sp::db::sqlstate::UnknownLocation),
                          tr("Unknown location \"%1\".").arg(request.fromLocation));
        }
        const int surplus = asked->available - asked->reorderPoint;
        if (surplus >= need) {
            sources = {*asked};
        } else {
            askedNote =
                ReasonTemplates::make("optimizer.transfer.spare_only",
                                      {{QStringLiteral("location"), asked->name},
                                       {QStringLiteral("spare"), std::max(0, surplus)},
                                       {QStringLiteral("reorder_point"), asked->reorderPoint}});
        }
    }

    QJsonArray lines;
    QJsonArray parts;
    int planned = 0;
    for (const LocationState& s : sources) {
        if (planned >= need)
            break;
        const int take = std::min(need - planned, s.available - s.reorderPoint);
        planned += take;
        lines.append(QJsonObject{{QStringLiteral("from"), s.code},
                                 {QStringLiteral("quantity"), take},
                                 {QStringLiteral("km"), qRound(s.km * 10) / 10.0},
                                 {QStringLiteral("source"), stateJson(s)}});
        parts.append(ReasonTemplates::make("optimizer.transfer.source",
                                           {{QStringLiteral("location"), s.name},
                                            {QStringLiteral("quantity"), take},
                                            {QStringLiteral("km"), s.km},
                                            {QStringLiteral("cover"), weeksText(s)}}));
    }
    out.numbers.insert(QStringLiteral("sources"), lines);
    out.proposal = {{QStringLiteral("kind"), QStringLiteral("transfer")},
                    {QStringLiteral("sku"), info.sku},
                    {QStringLiteral("to"), dest.code},
                    {QStringLiteral("quantity"), planned},
                    {QStringLiteral("lines"), lines}};
    out.feasible = planned > 0;
    out.asAsked = planned == need && askedNote.isString() &&
                  (request.quantity == 0 || planned == request.quantity);
    const QJsonObject destination = ReasonTemplates::make(
        "optimizer.transfer.destination", {{QStringLiteral("location"), dest.name},
                                           {QStringLiteral("daily"), dest.daily},
                                           {QStringLiteral("available"), dest.available}});
    if (!out.feasible) {
        setReason(out, ReasonTemplates::make("optimizer.transfer.no_source",
                                             {{QStringLiteral("note"), askedNote},
                                              {QStringLiteral("sku"), info.sku},
                                              {QStringLiteral("destination"), destination}}));
        return out;
    }
    QJsonValue shortfall = QString();
    if (planned < need) {
        shortfall = ReasonTemplates::make(
            "optimizer.transfer.shortfall",
            {{QStringLiteral("planned"), planned}, {QStringLiteral("need"), need}});
    }
    setReason(out, ReasonTemplates::make("optimizer.transfer",
                                         {{QStringLiteral("note"), askedNote},
                                          {QStringLiteral("quantity"), planned},
                                          {QStringLiteral("sku"), info.sku},
                                          {QStringLiteral("location"), dest.name},
                                          {QStringLiteral("destination"), destination},
                                          {QStringLiteral("sources"), parts},
                                          {QStringLiteral("shortfall"), shortfall}}));
    return out;
}

OptimizedRequest RequestOptimizer::restock(const StaffRequest& request)
{
    OptimizedRequest out;
    out.request = request;
    const ProductInfo info = product(m_connection, request.sku);
    const QList<LocationState> all =
        states(m_connection, info.sku, request.location, m_policy.demandWindowDays);
    const LocationState at = *std::find_if(all.cbegin(), all.cend(), [&](const LocationState& s) {
        return s.code == request.location;
    });
    const int wanted =
        request.quantity > 0
            ? request.quantity
            : std::max(1, unitsToFill(at, m_policy.coverTargetDays + info.leadTimeDays));
    const int packs = (wanted + info.packSize - 1) / info.packSize;
    const int quantity = packs * info.packSize;
    const double cost = quantity * info.cost;
    out.feasible = true;
    out.asAsked = request.quantity == 0 || quantity == request.quantity;
    out.numbers = {{QStringLiteral("location"), stateJson(at)},
                   {QStringLiteral("wanted"), wanted},
                   {QStringLiteral("pack_size"), info.packSize},
                   {QStringLiteral("packs"), packs},
                   {QStringLiteral("unit_cost"), info.cost},
                   {QStringLiteral("total_cost"), qRound(cost * 100) / 100.0},
                   {QStringLiteral("lead_time_days"), info.leadTimeDays}};
    out.proposal = {{QStringLiteral("kind"), QStringLiteral("restock")},
                    {QStringLiteral("sku"), info.sku},
                    {QStringLiteral("location"), at.code},
                    {QStringLiteral("quantity"), quantity},
                    {QStringLiteral("supplier"), info.supplier},
                    {QStringLiteral("total_cost"), qRound(cost * 100) / 100.0}};
    QJsonValue rounding = QString();
    if (quantity != wanted) {
        rounding = ReasonTemplates::make(
            "optimizer.restock.rounding",
            {{QStringLiteral("wanted"), wanted}, {QStringLiteral("pack_size"), info.packSize}});
    }
    setReason(out, ReasonTemplates::make(
                       "optimizer.restock",
                       {{QStringLiteral("quantity"), quantity},
                        {QStringLiteral("sku"), info.sku},
                        {QStringLiteral("location"), at.name},
                        {QStringLiteral("rounding"), rounding},
                        {QStringLiteral("supplier"),
                         info.supplier.isEmpty()
                             ? QJsonValue(ReasonTemplates::make("optimizer.restock.usual_supplier"))
                             : QJsonValue(info.supplier)},
                        {QStringLiteral("unit_cost"), info.cost},
                        {QStringLiteral("total_cost"), cost},
                        {QStringLiteral("lead_time_days"), info.leadTimeDays},
                        {QStringLiteral("daily"), at.daily},
                        {QStringLiteral("available"), at.available},
                        {QStringLiteral("incoming"), at.incoming}}));
    return out;
}

RequestOptimizer::PastResponses RequestOptimizer::pastResponses(const StaffRequest& request)
{
    // Each executed markdown: units per day (all locations) in the 28 days before it took
    // effect against the 28 days from then, where the demand history covers a week of each.
    const sp::db::Result r = m_connection.execPrepared(
        "WITH scope AS ("
        "  SELECT DISTINCT category FROM products "
        "  WHERE ($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR sku = $2)"
        "), pc AS ("
        "  SELECT c.id, c.product_id, p.sku, p.category, c.discount_pct, c.effective_from "
        "  FROM price_changes c JOIN products p ON p.id = c.product_id "
        "  WHERE c.applied_at IS NOT NULL AND c.discount_pct > 0 "
        "    AND p.category IN (SELECT category FROM scope)"
        ") "
        "SELECT pc.sku, pc.category, pc.discount_pct::float8, "
        "       sum(b.units::float8 / b.days), sum(a.units::float8 / a.days) "
        "FROM pc "
        "JOIN demand_history h ON h.product_id = pc.product_id "
        "CROSS JOIN LATERAL (SELECT (pc.effective_from - h.first_day) + 1 AS i) x "
        "CROSS JOIN LATERAL (SELECT coalesce(sum(u), 0) AS units, count(*) AS days "
        "  FROM unnest(h.daily_units[greatest(1, x.i - 28):x.i - 1]) u) b "
        "CROSS JOIN LATERAL (SELECT coalesce(sum(u), 0) AS units, count(*) AS days "
        "  FROM unnest(h.daily_units[greatest(1, x.i):x.i + 27]) u) a "
        "WHERE b.days >= 7 AND a.days >= 7 "
        "GROUP BY pc.id, pc.sku, pc.category, pc.discount_pct "
        "HAVING sum(b.units::float8 / b.days) > 0",
        {request.category.isEmpty() ? sp::db::Param() : sp::db::Param(request.category),
         request.sku.isEmpty() ? sp::db::Param() : sp::db::Param(request.sku)});
    PastResponses out;
    auto add = [](std::optional<PastResponse>& into, double uplift, double discount) {
        if (!into)
            into = PastResponse{};
        // Running means over the observed markdowns.
        into->observations += 1;
        into->uplift += (uplift - into->uplift) / into->observations;
        into->discount += (discount - into->discount) / into->observations;
    };
    QHash<QString, std::optional<PastResponse>> bySku, byCategory;
    for (int i = 0; i < r.rows(); ++i) {
        const double uplift = r.toDouble(i, 4) / r.toDouble(i, 3) - 1.0;
        const double discount = r.toDouble(i, 2);
        add(bySku[r.text(i, 0)], uplift, discount);
        add(byCategory[r.text(i, 1)], uplift, discount);
        add(out.overall, uplift, discount);
    }
    for (auto it = bySku.cbegin(); it != bySku.cend(); ++it)
        out.bySku.insert(it.key(), *it.value());
    for (auto it = byCategory.cbegin(); it != byCategory.cend(); ++it)
        out.byCategory.insert(it.key(), *it.value());
    return out;
}

OptimizedRequest RequestOptimizer::promotion(const StaffRequest& request)
{
    OptimizedRequest out;
    out.request = request;
    if (!request.category.isEmpty()) {
        const sp::db::Result known = m_connection.execPrepared(
            "SELECT 1 FROM products WHERE category = $1 LIMIT 1", {request.category});
        if (known.rows() == 0) {
            throw DbError(QString::fromLatin1(sp::db::sqlstate::InvalidArgument),
                          tr("There is no category \"%1\".").arg(request.category));
        }
    } else {
        product(m_connection, request.sku);
    }
    // Network-wide cover per SKU: all available units against all recent sales.
    const sp::db::Result r = m_connection.execPrepared(
        "SELECT p.sku, p.price, p.cost, sum(coalesce(s.available, 0))::int, "
        "       coalesce(sum((SELECT avg(u) FROM unnest(h.daily_units[greatest(1, "
        "                cardinality(h.daily_units) - $3 + 1):]) AS u)), 0), p.category "
        "FROM products p "
        "LEFT JOIN stock_levels s ON s.product_id = p.id "
        "LEFT JOIN demand_history h ON h.product_id = s.product_id "
        "                          AND h.location_id = s.location_id "
        "WHERE ($1::text IS NULL OR p.category = $1) AND ($2::text IS NULL OR p.sku = $2) "
        "GROUP BY p.id ORDER BY p.sku",
        {request.category.isEmpty() ? sp::db::Param() : sp::db::Param(request.category),
         request.sku.isEmpty() ? sp::db::Param() : sp::db::Param(request.sku),
         m_policy.demandWindowDays});
    struct Candidate
    {
        QString sku;
        double price, cost, weeks;
        int available, discount, cap;
        QString category;
        int coverTier = 0;
        std::optional<PastResponse> past;
    };
    const PastResponses past = pastResponses(request);
    QList<Candidate> qualifying;
    int cappedByFloor = 0;
    int noRoom = 0;
    int lowered = 0;
    int raised = 0;
    for (int i = 0; i < r.rows(); ++i) {
        Candidate c{r.text(i, 0),
                    r.toDouble(i, 1),
                    r.toDouble(i, 2),
                    0,
                    r.toInt(i, 3),
                    0,
                    0,
                    r.text(i, 5),
                    0,
                    std::nullopt};
        const double daily = r.toDouble(i, 4);
        if (c.available <= 0)
            continue;
        c.weeks = daily > 0 ? c.available / (daily * 7) : std::numeric_limits<double>::infinity();
        if (c.weeks <= m_policy.promotionMinWeeks)
            continue;
        const double maxDiscount =
            c.price > 0 ? 1.0 - c.cost * (1.0 + m_policy.marginFloor) / c.price : 0;
        c.cap = int(qFloor(maxDiscount * 100 + 1e-9));
        if (c.cap < 5) {
            ++noRoom;
            continue;
        }
        int tier = c.weeks >= 40 ? 30 : c.weeks >= 20 ? 20 : 10;
        c.coverTier = tier;
        // Past response to discounts: the SKU's own markdowns, else its category's.
        if (past.bySku.contains(c.sku))
            c.past = past.bySku.value(c.sku);
        else if (past.byCategory.contains(c.category))
            c.past = past.byCategory.value(c.category);
        if (c.past && request.discountPercent <= 0) {
            const double perPoint = c.past->upliftPerPoint();
            if (tier > 10 && perPoint * (tier - 10) >= m_policy.strongUplift) {
                tier -= 10; // buyers reacted strongly before: a smaller cut clears the stock
                ++lowered;
            } else if (perPoint * tier < m_policy.weakUplift && tier < 40) {
                tier += 10; // they hardly reacted: a small cut would not move it
                ++raised;
            }
        }
        const int wanted = request.discountPercent > 0 ? int(request.discountPercent) : tier;
        c.discount = std::min(wanted, c.cap);
        if (c.discount < wanted)
            ++cappedByFloor;
        qualifying.append(c);
    }
    std::sort(qualifying.begin(), qualifying.end(),
              [](const Candidate& a, const Candidate& b) { return a.weeks > b.weeks; });
    const int considered = r.rows();
    if (qualifying.size() > m_policy.maxPromotionSkus)
        qualifying.resize(m_policy.maxPromotionSkus);

    QJsonArray lines;
    int low = 100, high = 0;
    for (const Candidate& c : qualifying) {
        const double newPrice = qRound(c.price * (100 - c.discount)) / 100.0;
        QJsonObject line{{QStringLiteral("sku"), c.sku},
                         {QStringLiteral("discount_percent"), c.discount},
                         {QStringLiteral("price"), c.price},
                         {QStringLiteral("new_price"), newPrice},
                         {QStringLiteral("cover_tier_percent"), c.coverTier},
                         {QStringLiteral("weeks_of_cover"),
                          std::isinf(c.weeks) ? QJsonValue(QStringLiteral("no sales"))
                                              : QJsonValue(qRound(c.weeks * 10) / 10.0)}};
        if (c.past) {
            line.insert(QStringLiteral("past_uplift_percent"), qRound(c.past->uplift * 100));
            line.insert(QStringLiteral("past_discount_percent"), qRound(c.past->discount));
            line.insert(QStringLiteral("past_markdowns"), c.past->observations);
            line.insert(QStringLiteral("past_basis"), past.bySku.contains(c.sku)
                                                          ? QStringLiteral("sku")
                                                          : QStringLiteral("category"));
        }
        lines.append(line);
        low = std::min(low, c.discount);
        high = std::max(high, c.discount);
    }
    const QString scope = request.category.isEmpty() ? request.sku : request.category;
    out.numbers = {{QStringLiteral("considered"), considered},
                   {QStringLiteral("qualifying"), int(qualifying.size())},
                   {QStringLiteral("min_weeks_of_cover"), m_policy.promotionMinWeeks},
                   {QStringLiteral("margin_floor"), m_policy.marginFloor},
                   {QStringLiteral("capped_by_margin_floor"), cappedByFloor},
                   {QStringLiteral("no_room_above_floor"), noRoom}};
    out.proposal = {{QStringLiteral("kind"), QStringLiteral("promotion")},
                    {QStringLiteral("scope"), scope},
                    {QStringLiteral("lines"), lines}};
    out.feasible = !qualifying.isEmpty();
    out.asAsked = out.feasible && cappedByFloor == 0;
    if (!out.feasible) {
        setReason(out, ReasonTemplates::make(
                           "optimizer.promotion.none",
                           {{QStringLiteral("considered"), considered},
                            {QStringLiteral("scope"), scope},
                            {QStringLiteral("min_weeks"), m_policy.promotionMinWeeks}}));
        return out;
    }
    const QJsonObject range =
        low == high
            ? ReasonTemplates::make("optimizer.promotion.discount", {{QStringLiteral("low"), low}})
            : ReasonTemplates::make("optimizer.promotion.discounts",
                                    {{QStringLiteral("low"), low}, {QStringLiteral("high"), high}});
    QJsonObject args{{QStringLiteral("qualifying"), int(qualifying.size())},
                     {QStringLiteral("considered"), considered},
                     {QStringLiteral("scope"), scope},
                     {QStringLiteral("min_weeks"), m_policy.promotionMinWeeks},
                     {QStringLiteral("range"), range},
                     {QStringLiteral("margin_floor"), m_policy.marginFloor * 100},
                     {QStringLiteral("past"), QString()},
                     {QStringLiteral("capped"), QString()}};
    if (past.overall) {
        out.numbers.insert(
            QStringLiteral("past_response"),
            QJsonObject{{QStringLiteral("uplift_percent"), qRound(past.overall->uplift * 100)},
                        {QStringLiteral("discount_percent"), qRound(past.overall->discount)},
                        {QStringLiteral("markdowns"), past.overall->observations},
                        {QStringLiteral("lowered"), lowered},
                        {QStringLiteral("raised"), raised}});
        args.insert(
            QStringLiteral("past"),
            ReasonTemplates::make("optimizer.promotion.past",
                                  {{QStringLiteral("uplift"), qRound(past.overall->uplift * 100)},
                                   {QStringLiteral("discount"), qRound(past.overall->discount)},
                                   {QStringLiteral("markdowns"), past.overall->observations},
                                   {QStringLiteral("lowered"), lowered},
                                   {QStringLiteral("raised"), raised}}));
    }
    if (cappedByFloor > 0) {
        args.insert(QStringLiteral("capped"),
                    ReasonTemplates::make("optimizer.promotion.capped",
                                          {{QStringLiteral("capped"), cappedByFloor}}));
    }
    setReason(out, ReasonTemplates::make("optimizer.promotion", args));
    return out;
}

OptimizedRequest RequestOptimizer::adjustment(const StaffRequest& request)
{
    OptimizedRequest out;
    out.request = request;
    const ProductInfo info = product(m_connection, request.sku);
    const QList<LocationState> all = states(m_connection, info.sku, request.location, 1);
    const LocationState at = *std::find_if(all.cbegin(), all.cend(), [&](const LocationState& s) {
        return s.code == request.location;
    });
    out.numbers = {{QStringLiteral("on_hand"), at.onHand},
                   {QStringLiteral("allocated"), at.allocated},
                   {QStringLiteral("counted"), request.quantity}};
    if (request.quantity < at.allocated) {
        setReason(out, ReasonTemplates::make("optimizer.adjustment.below",
                                             {{QStringLiteral("counted"), request.quantity},
                                              {QStringLiteral("allocated"), at.allocated},
                                              {QStringLiteral("sku"), info.sku},
                                              {QStringLiteral("location"), at.name}}));
        return out;
    }
    out.feasible = true;
    out.asAsked = true;
    const int delta = request.quantity - at.onHand;
    out.proposal = {{QStringLiteral("kind"), QStringLiteral("adjustment")},
                    {QStringLiteral("sku"), info.sku},
                    {QStringLiteral("location"), at.code},
                    {QStringLiteral("counted"), request.quantity},
                    {QStringLiteral("delta"), delta},
                    {QStringLiteral("reason"), request.reason}};
    setReason(out, ReasonTemplates::make(
                       "optimizer.adjustment",
                       {{QStringLiteral("sku"), info.sku},
                        {QStringLiteral("location"), at.name},
                        {QStringLiteral("on_hand"), at.onHand},
                        {QStringLiteral("counted"), request.quantity},
                        {QStringLiteral("delta"),
                         delta > 0 ? QStringLiteral("+%1").arg(delta) : QString::number(delta)},
                        {QStringLiteral("note"), request.reason}}));
    return out;
}

} // namespace sp::staffrequests
