// The rule-based reading of staff requests: the common phrasings, and clear questions back
// when something is missing.

#include "staffrequests/requestparser.h"

#include <QtTest>

using namespace sp::staffrequests;

namespace {

QList<LocationName> locations()
{
    return {{QStringLiteral("WH1"), QStringLiteral("Warehouse North"), QStringLiteral("warehouse")},
            {QStringLiteral("WH2"), QStringLiteral("Warehouse South"), QStringLiteral("warehouse")},
            {QStringLiteral("ST1"), QStringLiteral("Store Mitte"), QStringLiteral("store")},
            {QStringLiteral("ST2"), QStringLiteral("Store Kreuzberg"), QStringLiteral("store")},
            {QStringLiteral("WEB"), QStringLiteral("Online"), QStringLiteral("online")}};
}

QStringList categories()
{
    return {QStringLiteral("Shirts"), QStringLiteral("Hats"), QStringLiteral("Rain Jackets")};
}

} // namespace

class TestRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("json"); // the expected StaffRequest::toJson(), compact

        QTest::newRow("units of sku to store")
            << "20 units of SKU000123 to Store Mitte"
            << R"({"kind":"transfer","location":"ST1","quantity":20,"sku":"SKU000123"})";
        QTest::newRow("move from to codes")
            << "move 5 SKU000001 from WH1 to ST2"
            << R"({"from_location":"WH1","kind":"transfer","location":"ST2","quantity":5,"sku":"SKU000001"})";
        QTest::newRow("send lowercase sku, name word")
            << "please send 12 pcs of sku000007 to kreuzberg"
            << R"({"kind":"transfer","location":"ST2","quantity":12,"sku":"SKU000007"})";
        QTest::newRow("transfer without quantity")
            << "transfer SKU000002 to Store Mitte"
            << R"({"kind":"transfer","location":"ST1","sku":"SKU000002"})";
        QTest::newRow("adjust with reason")
            << "adjust SKU000004 at ST1 to 12 because two were damaged"
            << R"({"kind":"adjustment","location":"ST1","quantity":12,"reason":"two were damaged","sku":"SKU000004"})";
        QTest::newRow("count to zero")
            << "counted SKU000004 in Store Mitte: 0, reason: shelf empty"
            << R"({"kind":"adjustment","location":"ST1","quantity":0,"reason":"shelf empty","sku":"SKU000004"})";
        QTest::newRow("restock") << "restock SKU000005 at Store Kreuzberg"
                                 << R"({"kind":"restock","location":"ST2","sku":"SKU000005"})";
        QTest::newRow("order quantity for warehouse")
            << "order 48 SKU000005 for Warehouse North"
            << R"({"kind":"restock","location":"WH1","quantity":48,"sku":"SKU000005"})";
        QTest::newRow("promotion slow movers") << "discount slow movers in hats"
                                               << R"({"category":"Hats","kind":"promotion"})";
        QTest::newRow("promotion with percent")
            << "Promote Shirts by 20%"
            << R"({"category":"Shirts","discount_percent":20,"kind":"promotion"})";
        QTest::newRow("two-word category")
            << "clearance on rain jackets 30 %"
            << R"({"category":"Rain Jackets","discount_percent":30,"kind":"promotion"})";
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, json);
        const ParseResult result = RuleBasedParser(locations(), categories()).parse(text);
        QVERIFY2(result.request, qPrintable(result.error));
        QCOMPARE(result.reader, QStringLiteral("rules"));
        QCOMPARE(QString::fromUtf8(
                     QJsonDocument(result.request->toJson()).toJson(QJsonDocument::Compact)),
                 json);
    }

    void asksBack_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty") << "   "
                               << "empty";
        QTest::newRow("no sku") << "move 5 shirts to Store Mitte"
                                << "No SKU";
        QTest::newRow("no destination") << "move 5 SKU000001 somewhere"
                                        << "Where should";
        QTest::newRow("unknown place") << "move 5 SKU000001 to Paris"
                                       << "Where should";
        QTest::newRow("adjust without reason") << "adjust SKU000001 at ST1 to 3"
                                               << "reason";
        QTest::newRow("adjust without place") << "adjust SKU000001 to 3 because lost"
                                              << "which location";
        QTest::newRow("promotion unknown category") << "discount everything in socks"
                                                    << "Which category";
        QTest::newRow("too long") << QString(1200, QLatin1Char('a')) << "too long";
    }

    void asksBack()
    {
        QFETCH(QString, text);
        QFETCH(QString, errorPart);
        const ParseResult result = RuleBasedParser(locations(), categories()).parse(text);
        QVERIFY(!result.request);
        QVERIFY2(result.error.contains(errorPart, Qt::CaseInsensitive), qPrintable(result.error));
    }

    void groundedness_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("ungrounded");
        const QString text = QStringLiteral("move 5 SKU000001 from WH1 to Store Mitte");
        QTest::newRow("all from the text")
            << text
            << R"({"kind":"transfer","sku":"SKU000001","quantity":5,"from_location":"WH1","location":"ST1"})"
            << "";
        QTest::newRow("widened quantity")
            << text << R"({"kind":"transfer","sku":"SKU000001","quantity":500,"location":"ST1"})"
            << "quantity";
        QTest::newRow("other sku")
            << text << R"({"kind":"transfer","sku":"SKU000009","quantity":5,"location":"ST1"})"
            << "sku";
        QTest::newRow("other destination")
            << text << R"({"kind":"transfer","sku":"SKU000001","quantity":5,"location":"ST2"})"
            << "location";
        QTest::newRow("invented discount")
            << QStringLiteral("discount hats")
            << R"({"kind":"promotion","category":"Hats","discount_percent":70})"
            << "discount_percent";
    }

    void groundedness()
    {
        QFETCH(QString, text);
        QFETCH(QString, json);
        QFETCH(QString, ungrounded);
        const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        StaffRequest r;
        r.kind = *StaffRequest::kindFromName(o.value(QStringLiteral("kind")).toString());
        r.sku = o.value(QStringLiteral("sku")).toString();
        r.quantity = o.value(QStringLiteral("quantity")).toInt();
        r.fromLocation = o.value(QStringLiteral("from_location")).toString();
        r.location = o.value(QStringLiteral("location")).toString();
        r.category = o.value(QStringLiteral("category")).toString();
        r.discountPercent = o.value(QStringLiteral("discount_percent")).toDouble();
        QCOMPARE(ungroundedField(r, text, locations()), ungrounded);
    }
};

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
