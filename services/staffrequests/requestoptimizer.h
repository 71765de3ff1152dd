#pragma once

#include "db/pgconnection.h"
#include "staffrequest.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace sp::staffrequests {

// A staff request made concrete: what would be done, the numbers behind it and a reason a
// person can check. Nothing has been executed.
struct OptimizedRequest
{
    StaffRequest request;       // as read
    bool feasible = false;      // something sensible can be done
    bool asAsked = false;       // ... exactly as the person asked
    QString reason;             // plain words, built from the numbers (English)
    QJsonObject reasonTemplate; // the same as a template (approvals/reasontemplates.h)
    QJsonObject proposal;       // kind, sku, quantity, lines (transfers: one per source) ...
    QJsonObject numbers;        // demand rates, cover, distances, costs ...
};

// The deterministic core that turns a request into the best feasible action, with or without a
// language model:
// - transfer: sources by distance and surplus, never taking a source below its reorder point;
// - restock: rounded up to the pack size, from the product's supplier, with the cost;
// - promotion: which SKUs of a category qualify (weeks of cover) and a discount tier from the
//   cover, never below the margin floor;
// - adjustment: checked against what is held, sold or set aside at the location.
// A request that cannot be met as asked gets the best feasible alternative and the reason.
// Reads only; run on a worker thread.
class RequestOptimizer final
{
    Q_DECLARE_TR_FUNCTIONS(sp::staffrequests::RequestOptimizer)

public:
    struct Policy
    {
        int demandWindowDays = 28;     // recent days that give the demand rate
        int coverTargetDays = 14;      // a transfer or restock without a quantity fills this
        double promotionMinWeeks = 12; // a SKU qualifies above this many weeks of cover
        double marginFloor = 0.10;     // price after discount >= cost x (1 + floor)
        int maxPromotionSkus = 200;
        // Past response to discounts, as the relative sales uplift expected at a tier (earlier
        // markdowns' uplift per discount point x the tier): at least strongUplift at the next
        // lower tier means that tier is enough; below weakUplift at the cover's tier, one more.
        double strongUplift = 0.5;
        double weakUplift = 0.1;
    };

    // How sales answered earlier markdowns: the mean uplift in units per day (0.8 = 80 % more)
    // and the mean discount in percent.
    struct PastResponse
    {
        double uplift = 0;
        double discount = 0;
        int observations = 0;
        double upliftPerPoint() const { return discount > 0 ? uplift / discount : 0; }
    };
    struct PastResponses
    {
        QHash<QString, PastResponse> bySku;
        QHash<QString, PastResponse> byCategory;
        std::optional<PastResponse> overall;
    };

    explicit RequestOptimizer(sp::db::Connection& connection)
        : m_connection(connection)
    {}
    RequestOptimizer(sp::db::Connection& connection, Policy policy)
        : m_connection(connection)
        , m_policy(policy)
    {}

    // Throws DbError for unknown SKUs or locations (SP001, SP002) and database failures.
    OptimizedRequest optimize(const StaffRequest& request);
    // From executed markdowns (price_changes) and the demand history around them, for the
    // request's category (or the SKU's).
    PastResponses pastResponses(const StaffRequest& request);

private:
    OptimizedRequest transfer(const StaffRequest& request);
    OptimizedRequest restock(const StaffRequest& request);
    OptimizedRequest promotion(const StaffRequest& request);
    OptimizedRequest adjustment(const StaffRequest& request);

    sp::db::Connection& m_connection;
    Policy m_policy;
};

} // namespace sp::staffrequests
