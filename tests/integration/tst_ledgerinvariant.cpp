// The "bank" test: eight sessions hammer a handful of SKUs and locations with random receives,
// adjustments, transfers, transfer receipts (in full or as counted, some units lost), damage,
// quarantine, release and write-offs. Refusals (not enough stock, already received, a count
// below what is set aside) are fine; deadlocks and any other error are not. Afterwards the
// ledger must replay to the levels exactly, each SKU's on_hand + incoming must equal what came
// in less what was lost or written off (transfers and conditions only move units), nothing is
// negative and every transfer balances.

#include "db/pgconnection.h"
#include "testdatabase.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <barrier>
#include <memory>
#include <numeric>

using namespace sp::db;

namespace {

constexpr int Sessions = 8;

// What one session did that the checks need.
struct Tally
{
    QHash<QString, qint64> received; // units per SKU
    int adjusts = 0;
    int transfers = 0;
    int transferReceipts = 0;
    int countedReceipts = 0; // received as counted, perhaps short
    int conditions = 0;      // damage, quarantine, release, write-off
    int refused = 0;
};

// The transfer ids known to be in transit, shared by all sessions.
class TransferPool
{
public:
    void add(qint64 id)
    {
        QMutexLocker lock(&m_mutex);
        m_ids.append(id);
    }
    qint64 pick(QRandomGenerator& rng)
    {
        QMutexLocker lock(&m_mutex);
        if (m_ids.isEmpty())
            return 0;
        // Not removed: sometimes two sessions try the same one, and one must be refused.
        return m_ids.at(rng.bounded(int(m_ids.size())));
    }
    void remove(qint64 id)
    {
        QMutexLocker lock(&m_mutex);
        m_ids.removeOne(id);
    }

private:
    QMutex m_mutex;
    QList<qint64> m_ids;
};

} // namespace

class TestLedgerInvariant : public QObject
{
    Q_OBJECT

private slots:
    void randomWorkloadKeepsTheLedgerExact()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        // Two SKUs without any level row yet, so that sessions also race to create rows.
        owner.execScript("INSERT INTO products (sku, name, category, price, cost) VALUES"
                         " ('HOT-1', 'Hot one', 'Hot', 1, 1), ('HOT-2', 'Hot two', 'Hot', 1, 1)");
        const QStringList skus{QStringLiteral("SKU000001"), QStringLiteral("SKU000002"),
                               QStringLiteral("HOT-1"), QStringLiteral("HOT-2")};
        const QStringList locations{QStringLiteral("WH1"), QStringLiteral("WH2"),
                                    QStringLiteral("ST1"), QStringLiteral("ST2")};
        const qint64 firstMove =
            owner.exec("SELECT coalesce(max(id), 0) + 1 FROM stock_movements").toLongLong(0, 0);
        QHash<QString, qint64> totalBefore;
        for (const QString& sku : skus)
            totalBefore[sku] = skuTotal(owner, sku);

        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u", seed);
        TransferPool transfers;
        QMutex failureMutex;
        QStringList failures;
        std::vector<Tally> tallies(Sessions);
        QSemaphore ready;
        std::atomic<bool> go{false};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int s = 0; s < Sessions; ++s) {
            threads.emplace_back(QThread::create([&, s] {
                Tally& tally = tallies[s];
                QRandomGenerator rng(seed + s);
                std::unique_ptr<Connection> c;
                try {
                    c = std::make_unique<Connection>(db.manager());
                } catch (const DbError& e) {
                    QMutexLocker lock(&failureMutex);
                    failures << e.message();
                    ready.release();
                    return;
                }
                ready.release();
                while (!go.load())
                    QThread::yieldCurrentThread();
                const QDeadlineTimer deadline(3000);
                while (!deadline.hasExpired()) {
                    const QString sku = skus.at(rng.bounded(int(skus.size())));
                    const QString at = locations.at(rng.bounded(int(locations.size())));
                    const int op = rng.bounded(100);
                    try {
                        if (op < 30) {
                            const int quantity = 1 + rng.bounded(20);
                            c->execPrepared("SELECT stock_receive($1, $2, $3)",
                                            {sku, at, quantity});
                            tally.received[sku] += quantity;
                        } else if (op < 42) {
                            c->execPrepared("SELECT stock_adjust($1, $2, $3, 'stress count')",
                                            {sku, at, int(rng.bounded(40))});
                            ++tally.adjusts;
                        } else if (op < 52) {
                            // Units damaged, quarantined, released or written off.
                            static const char* const functions[] = {
                                "SELECT stock_damage($1, $2, $3, 'stress')",
                                "SELECT stock_quarantine($1, $2, $3, 'stress')",
                                "SELECT stock_release($1, $2, $3, 'stress')",
                                "SELECT stock_write_off($1, $2, $3, 'stress')"};
                            c->execPrepared(functions[rng.bounded(4)],
                                            {sku, at, 1 + int(rng.bounded(3))});
                            ++tally.conditions;
                        } else if (op < 78) {
                            QString to = at;
                            while (to == at)
                                to = locations.at(rng.bounded(int(locations.size())));
                            const Result r = c->execPrepared(
                                "SELECT (stock_transfer($1, $2, $3, $4) ->> 'transfer_id')"
                                "::bigint",
                                {sku, at, to, 1 + int(rng.bounded(15))});
                            transfers.add(r.toLongLong(0, 0));
                            ++tally.transfers;
                        } else if (const qint64 id = transfers.pick(rng)) {
                            // In full, or as counted with up to two units lost on the way.
                            if (rng.bounded(2) == 0) {
                                c->execPrepared("SELECT stock_transfer_receive($1)", {id});
                            } else {
                                c->execPrepared(
                                    "SELECT stock_transfer_receive_counted($1, greatest("
                                    "(SELECT quantity FROM transfers WHERE id = $1) - $2, 0))",
                                    {id, int(rng.bounded(3))});
                                ++tally.countedReceipts;
                            }
                            transfers.remove(id);
                            ++tally.transferReceipts;
                        }
                    } catch (const DbError& e) {
                        // Not enough there (also of damaged or quarantined units), a transfer
                        // another session received, a count below what is set aside.
                        if (e.is(sqlstate::InsufficientStock) || e.is(sqlstate::UnknownTransfer) ||
                            e.is(sqlstate::CountBelowAllocated)) {
                            ++tally.refused;
                            continue;
                        }
                        QMutexLocker lock(&failureMutex);
                        failures << e.sqlState() + QLatin1String(": ") + e.message();
                        if (failures.size() > 20)
                            return;
                    }
                }
            }));
            threads.back()->start();
        }
        ready.acquire(Sessions);
        go = true;
        for (auto& t : threads)
            QVERIFY(t->wait(60'000));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

        Tally total;
        for (const Tally& t : std::as_const(tallies)) {
            for (auto it = t.received.cbegin(); it != t.received.cend(); ++it)
                total.received[it.key()] += it.value();
            total.adjusts += t.adjusts;
            total.transfers += t.transfers;
            total.transferReceipts += t.transferReceipts;
            total.countedReceipts += t.countedReceipts;
            total.conditions += t.conditions;
            total.refused += t.refused;
        }
        qInfo("%d receives units, %d adjusts, %d transfers, %d receipts (%d as counted), "
              "%d condition changes, %d refused",
              int(std::accumulate(total.received.cbegin(), total.received.cend(), qint64(0))),
              total.adjusts, total.transfers, total.transferReceipts, total.countedReceipts,
              total.conditions, total.refused);
        // Enough happened, of every kind, for the checks to mean something.
        QVERIFY(total.adjusts > 20);
        QVERIFY(total.transfers > 20);
        QVERIFY(total.transferReceipts > 10);
        QVERIFY(total.countedReceipts > 5);
        QVERIFY(total.conditions > 10);
        QVERIFY(total.refused > 0);

        // 1. Replaying the ledger gives the levels exactly.
        const Result audit = owner.exec("SELECT sku, location, figure, level_value, ledger_value"
                                        " FROM ledger_audit()");
        QVERIFY2(audit.rows() == 0,
                 qPrintable(QStringLiteral("%1 %2 %3: level %4, ledger %5")
                                .arg(audit.text(0, 0), audit.text(0, 1), audit.text(0, 2),
                                     audit.text(0, 3), audit.text(0, 4))));

        // 2. Per SKU, on_hand + incoming = before + receives + count corrections - units lost in
        // transit - units written off (damage, quarantine and release move units within on_hand).
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM stock_movements WHERE reason = 'adjust'"
                           " AND id >= $1",
                           {firstMove})
                     .toInt(0, 0),
                 total.adjusts);
        for (const QString& sku : skus) {
            const qint64 adjusted =
                owner
                    .exec(
                        "SELECT coalesce(sum(d_on_hand + d_incoming), 0) FROM stock_movements m"
                        " JOIN products p ON p.id = m.product_id"
                        " WHERE p.sku = $1 AND m.reason IN ('adjust', 'transfer_lost', 'write_off')"
                        " AND m.id >= $2",
                        {sku, firstMove})
                    .toLongLong(0, 0);
            QCOMPARE(skuTotal(owner, sku), totalBefore[sku] + total.received[sku] + adjusted);
        }

        // 3. Nothing negative (the CHECKs say so; this proves they were never bypassed).
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM stock_levels WHERE least(on_hand, reserved,"
                           " committed, incoming, quarantine, damaged, available) < 0")
                     .toInt(0, 0),
                 0);

        // 4. Every transfer balances: its rows move units without creating any (those lost in
        // transit leave with a row of their own), and what is still in transit is exactly the
        // destination's incoming.
        QCOMPARE(owner.exec("SELECT count(*) FROM transfers").toInt(0, 0) - 0, total.transfers);
        QCOMPARE(owner.exec("SELECT count(*) FROM transfers WHERE status = 'received'").toInt(0, 0),
                 total.transferReceipts);
        const Result unbalanced = owner.exec(
            "SELECT t.id, t.status, count(m.id), sum(m.d_on_hand + m.d_incoming),"
            "       sum(m.d_incoming), sum(m.d_on_hand) FILTER (WHERE m.location_id ="
            "       t.from_location_id)"
            " FROM transfers t LEFT JOIN stock_movements m"
            "   ON m.ref_type = 'transfer' AND m.ref_id = t.id::text"
            " GROUP BY t.id"
            " HAVING count(m.id) <> CASE t.status WHEN 'received'"
            "        THEN 2 + (t.received_quantity > 0)::int + (t.lost_quantity > 0)::int ELSE 2 "
            "END"
            "    OR sum(m.d_on_hand + m.d_incoming) <> -coalesce(t.lost_quantity, 0)"
            "    OR sum(m.d_incoming) <> CASE t.status WHEN 'received' THEN 0 ELSE t.quantity END"
            "    OR sum(m.d_on_hand) FILTER (WHERE m.location_id = t.from_location_id)"
            "       <> -t.quantity");
        QVERIFY2(unbalanced.rows() == 0,
                 qPrintable(QStringLiteral("transfer %1 (%2): %3 rows, net %4")
                                .arg(unbalanced.text(0, 0), unbalanced.text(0, 1),
                                     unbalanced.text(0, 2), unbalanced.text(0, 3))));
        QCOMPARE(owner
                     .exec("SELECT count(*) FROM stock_levels s LEFT JOIN ("
                           "  SELECT product_id, to_location_id, sum(quantity) AS q"
                           "  FROM transfers WHERE status = 'in_transit'"
                           "  GROUP BY 1, 2) t ON t.product_id = s.product_id"
                           "  AND t.to_location_id = s.location_id"
                           " WHERE s.incoming <> coalesce(t.q, 0)")
                     .toInt(0, 0),
                 0);
    }

    // The first use of a (SKU, location) creates its level row. Sessions that create rows in
    // opposite orders at the same moment must not deadlock either.
    void firstUseOfLevelsDoesNotDeadlock()
    {
        sp::test::TestDatabase db;
        Connection owner(db.owner());
        sp::test::loadTinyCatalog(owner);
        constexpr int Rounds = 150;
        std::barrier sync(Sessions + 1);
        QMutex failureMutex;
        QStringList failures;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int s = 0; s < Sessions; ++s) {
            threads.emplace_back(QThread::create([&, s] {
                std::unique_ptr<Connection> c;
                try {
                    c = std::make_unique<Connection>(db.clerk());
                } catch (const DbError& e) {
                    QMutexLocker lock(&failureMutex);
                    failures << e.message();
                }
                for (int round = 0; round < Rounds; ++round) {
                    sync.arrive_and_wait(); // the round's SKU exists
                    const QString sku = QStringLiteral("FRESH-%1").arg(round);
                    const bool forward = s % 2 == 0;
                    try {
                        if (c && s % 4 == 3) {
                            c->execPrepared("SELECT stock_receive($1, $2, 1)",
                                            {sku, forward ? "ST1" : "ST2"});
                        } else if (c) {
                            c->execPrepared(
                                "SELECT stock_transfer($1, $2, $3, 1)",
                                {sku, forward ? "ST1" : "ST2", forward ? "ST2" : "ST1"});
                        }
                    } catch (const DbError& e) {
                        if (!e.is(sqlstate::InsufficientStock)) {
                            QMutexLocker lock(&failureMutex);
                            failures << e.sqlState() + QLatin1String(": ") + e.message();
                        }
                    }
                    sync.arrive_and_wait(); // the round is over
                }
            }));
            threads.back()->start();
        }
        for (int round = 0; round < Rounds; ++round) {
            owner.exec("INSERT INTO products (sku, name, category, price, cost)"
                       " VALUES ($1, 'Fresh', 'Fresh', 1, 1)",
                       {QStringLiteral("FRESH-%1").arg(round)});
            sync.arrive_and_wait();
            sync.arrive_and_wait();
        }
        for (auto& t : threads)
            QVERIFY(t->wait(60'000));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(owner.exec("SELECT count(*) FROM ledger_audit()").toInt(0, 0), 0);
    }

private:
    static qint64 skuTotal(Connection& c, const QString& sku)
    {
        return c
            .exec("SELECT coalesce(sum(s.on_hand + s.incoming), 0) FROM stock_levels s"
                  " JOIN products p ON p.id = s.product_id WHERE p.sku = $1",
                  {sku})
            .toLongLong(0, 0);
    }
};

QTEST_GUILESS_MAIN(TestLedgerInvariant)
#include "tst_ledgerinvariant.moc"
