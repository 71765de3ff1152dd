// Supplier e-mail: a purchase order for a supplier with an address queues one plain-text
// message in the same transaction (none without an address, none when the order fails), and
// only admins may claim, list and requeue the outbox, with clear refusals of bad input.

#include "agentfixture.h"
#include "db/sqlstate.h"

#include <QJsonArray>
#include <QtTest>

#include <functional>

using namespace sp::db;
using namespace sp::test;

namespace {

// A purchase order for supplier at ST1, as an approved restock makes it.
qint64 createOrder(Connection& owner, const QString& supplier,
                   const QList<std::pair<const char*, int>>& lines)
{
    QJsonArray list;
    for (const auto& [sku, quantity] : lines)
        list.append(QJsonObject{
            {QStringLiteral("product_id"),
             owner.exec("SELECT id FROM products WHERE sku = $1", {QString::fromLatin1(sku)})
                 .toInt(0, 0)},
            {QStringLiteral("quantity"), quantity}});
    return owner
        .exec("SELECT (sp_purchase_order_create($1, id, $2::jsonb, NULL)"
              " ->> 'purchase_order_id')::bigint FROM locations WHERE code = 'ST1'",
              {supplier, QString::fromUtf8(QJsonDocument(list).toJson())})
        .toLongLong(0, 0);
}

DbError expectError(const std::function<void()>& call)
{
    try {
        call();
    } catch (const DbError& e) {
        return e;
    }
    return DbError(QString(), QStringLiteral("no error was raised"));
}

// One line of the message's table, as a supplier reads it.
QString tableRow(int line, const QString& sku, const QString& name, int quantity,
                 const QString& unitCost, const QString& amount)
{
    return QStringLiteral("%1  %2 %3 %4 %5 %6")
        .arg(line, 4)
        .arg(sku, -12)
        .arg(name, -26)
        .arg(quantity, 8)
        .arg(unitCost, 10)
        .arg(amount, 10);
}

} // namespace

class TestMail : public QObject
{
    Q_OBJECT

private slots:
    void purchaseOrderQueuesOneMessage()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection admin(db.admin());
        admin.exec("SELECT mail_company_set($1)", {QStringLiteral("Müller & Söhne Textil")});
        const qint64 po =
            createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 12}, {"SKU000003", 6}});

        const Result m = owner.exec("SELECT recipient, recipient_name, subject, body, status, "
                                    "attempts, purchase_order_id FROM mail_outbox");
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.text(0, 0), QStringLiteral("orders@nordtex.example"));
        QCOMPARE(m.text(0, 1), QStringLiteral("Nordtex"));
        QCOMPARE(m.text(0, 2),
                 QStringLiteral("Purchase order %1 from Müller & Söhne Textil").arg(po));
        QCOMPARE(m.text(0, 4), QStringLiteral("pending"));
        QCOMPARE(m.toInt(0, 5), 0);
        QCOMPARE(m.toLongLong(0, 6), po);
        const QStringList body = m.text(0, 3).split(QLatin1Char('\n'));
        QCOMPARE(body.first(), QStringLiteral("Purchase order %1").arg(po));
        QVERIFY(body.contains(QStringLiteral("From:        Müller & Söhne Textil")));
        QVERIFY(body.contains(QStringLiteral("Supplier:    Nordtex")));
        QVERIFY(body.contains(QStringLiteral("Deliver to:  Store Mitte (ST1)")));
        QVERIFY(body.contains(tableRow(1, QStringLiteral("SKU000001"),
                                       QStringLiteral("Linen Shirt Blue M"), 12,
                                       QStringLiteral("15.00"), QStringLiteral("180.00"))));
        QVERIFY(body.contains(tableRow(2, QStringLiteral("SKU000003"),
                                       QStringLiteral("Oxford Shirt White M"), 6,
                                       QStringLiteral("19.00"), QStringLiteral("114.00"))));
        QVERIFY(body.contains(QStringLiteral("%1 %2")
                                  .arg(QStringLiteral("Total"), -66)
                                  .arg(QStringLiteral("294.00"), 9)));
        for (const QString& line : body)
            QVERIFY2(line.size() <= 76, qPrintable(line));

        // Without a company name the subject names the order alone.
        admin.exec("SELECT mail_company_set(NULL)");
        const qint64 second = createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000002", 6}});
        QCOMPARE(
            owner.exec("SELECT subject FROM mail_outbox WHERE purchase_order_id = $1", {second})
                .text(0, 0),
            QStringLiteral("Purchase order %1").arg(second));
    }

    void noMessageWithoutAddressOrOrder()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        createOrder(owner, QStringLiteral("Capworks"), {{"SKU000004", 12}});
        QCOMPARE(scalar(owner, "SELECT count(*) FROM purchase_orders"), 1);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM mail_outbox"), 0);
        // An order that is refused queues nothing: the message is part of its transaction.
        const DbError e = expectError([&] {
            createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 0}});
        });
        QCOMPARE(e.sqlState(), QLatin1String(sqlstate::InvalidQuantity));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM mail_outbox"), 0);
    }

    void onlyAdminsAndClearRefusals()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        const qint64 id = owner.exec("SELECT id FROM mail_outbox").toLongLong(0, 0);

        Connection manager(db.manager());
        for (const char* sql : {"SELECT * FROM mail_outbox", "SELECT * FROM mail_claim(1, 60)",
                                "SELECT * FROM mail_list()", "SELECT mail_company_set('X')"}) {
            const DbError e = expectError([&] { manager.exec(sql); });
            QVERIFY2(e.is(sqlstate::InsufficientPrivilege), sql);
        }

        Connection admin(db.admin());
        DbError e = expectError([&] { admin.exec("SELECT * FROM mail_list('bogus')"); });
        QCOMPARE(e.sqlState(), QLatin1String(sqlstate::InvalidArgument));
        QCOMPARE(e.field(), QStringLiteral("status"));
        QVERIFY2(e.message().contains(QLatin1String("\"bogus\"")), qPrintable(e.message()));

        e = expectError([&] { admin.exec("SELECT mail_requeue($1)", {id}); });
        QCOMPARE(e.sqlState(), QLatin1String(sqlstate::InvalidArgument));
        QVERIFY2(e.message().contains(QLatin1String("pending")), qPrintable(e.message()));
        e = expectError([&] { admin.exec("SELECT mail_requeue(999999)"); });
        QVERIFY2(e.message().contains(QLatin1String("999999")), qPrintable(e.message()));
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'MailRequeued'"), 0);

        e = expectError(
            [&] { admin.exec("SELECT mail_company_set($1)", {QStringLiteral("Two\nlines")}); });
        QCOMPARE(e.field(), QStringLiteral("company_name"));
        QVERIFY(owner.exec("SELECT company_name IS NULL FROM agent_settings").toBool(0, 0));

        const Result listed = admin.exec("SELECT id, status FROM mail_list('pending')");
        QCOMPARE(listed.rows(), 1);
        QCOMPARE(listed.toLongLong(0, 0), id);
        // The claim leases the message: a second claim finds nothing due.
        QCOMPARE(admin.exec("SELECT id FROM mail_claim(5, 60)").rows(), 1);
        QCOMPARE(admin.exec("SELECT id FROM mail_claim(5, 60)").rows(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
