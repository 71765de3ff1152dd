// Supplier e-mail: a purchase order for a supplier with an address queues one plain-text
// message in the same transaction (none without an address, none when the order fails), and
// only admins may claim, list and requeue the outbox, with clear refusals of bad input. The
// mailer sends it to a real SMTP server (Debian's python3-aiosmtpd on a loopback port) once,
// with the headers, recipient and lines a supplier's mail program reads; a relay that refuses
// or cannot be reached is tried again, then the message is dead and admins are notified.

#include "agentfixture.h"
#include "db/database.h"
#include "db/sqlstate.h"
#include "notify/mailer.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace sp::db;
using namespace sp::test;
using sp::notify::Mailer;
using sp::notify::SmtpSettings;

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

// An SMTP server for the test: aiosmtpd's SMTP protocol on a port the system picks (printed as
// "PORT n"), writing each message as NNN.eml (the bytes received) and NNN.json (the envelope
// and what Python's email package reads from it), and each RCPT TO as a line of rcpt.log. In
// "refuse" mode every recipient is answered 550.
const char* const SmtpServerScript =
    "import asyncio, json, os, sys\n"
    "try:\n"
    "    from aiosmtpd.smtp import SMTP\n"
    "except ImportError as e:\n"
    "    sys.stderr.write('python3-aiosmtpd is missing (%s); scripts/setup-deps installs it\\n' % "
    "e)\n"
    "    sys.exit(3)\n"
    "from email import policy\n"
    "from email.parser import BytesParser\n"
    "directory, mode = sys.argv[1], sys.argv[2]\n"
    "class Handler:\n"
    "    count = 0\n"
    "    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):\n"
    "        with open(os.path.join(directory, 'rcpt.log'), 'a') as f:\n"
    "            f.write(address + '\\n')\n"
    "        if mode == 'refuse':\n"
    "            return '550 5.1.1 No such mailbox here'\n"
    "        envelope.rcpt_tos.append(address)\n"
    "        return '250 OK'\n"
    "    async def handle_DATA(self, server, session, envelope):\n"
    "        Handler.count += 1\n"
    "        raw = envelope.original_content or envelope.content\n"
    "        base = os.path.join(directory, '%03d' % Handler.count)\n"
    "        with open(base + '.eml', 'wb') as f:\n"
    "            f.write(raw)\n"
    "        msg = BytesParser(policy=policy.default).parsebytes(raw)\n"
    "        defects = [str(d) for d in msg.defects]\n"
    "        for name in msg.keys():\n"
    "            defects += [name + ': ' + str(d) for d in msg[name].defects]\n"
    "        info = {'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,\n"
    "                'subject': str(msg['subject']), 'from': str(msg['from']),\n"
    "                'to': str(msg['to']), 'message_id': str(msg['message-id']),\n"
    "                'date_ok': msg['date'] is not None and msg['date'].datetime is not None,\n"
    "                'mime_version': str(msg['mime-version']),\n"
    "                'content_type': msg.get_content_type(),\n"
    "                'charset': msg.get_content_charset(),\n"
    "                'cte': str(msg['content-transfer-encoding']),\n"
    "                'body': msg.get_content(), 'defects': defects}\n"
    "        with open(base + '.tmp', 'w') as f:\n"
    "            json.dump(info, f)\n"
    "        os.rename(base + '.tmp', base + '.json')\n"
    "        return '250 Message accepted for delivery'\n"
    "async def main():\n"
    "    handler = Handler()\n"
    "    server = await asyncio.get_running_loop().create_server(\n"
    "        lambda: SMTP(handler), '127.0.0.1', 0)\n"
    "    print('PORT', server.sockets[0].getsockname()[1], flush=True)\n"
    "    await server.serve_forever()\n"
    "asyncio.run(main())\n";

class SmtpServer
{
public:
    ~SmtpServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Empty on success, else why the server did not start.
    QString start(const QString& mode)
    {
        const QString python = QStringLiteral(SP_SYSTEM_PYTHON3);
        if (!QFileInfo(python).isExecutable())
            return QStringLiteral("%1 is missing: scripts/setup-deps installs python3-aiosmtpd "
                                  "and Debian's python3 with it.")
                .arg(python);
        QFile script(m_dir.filePath(QStringLiteral("smtpserver.py")));
        if (!script.open(QIODevice::WriteOnly) || script.write(SmtpServerScript) < 0)
            return QStringLiteral("cannot write %1").arg(script.fileName());
        script.close();
        QDir().mkpath(mailDir());
        m_process.start(python, {script.fileName(), mailDir(), mode});
        QByteArray out;
        while (!out.contains('\n')) {
            if (!m_process.waitForReadyRead(20000))
                return QStringLiteral("The SMTP server (python3-aiosmtpd) did not start: %1")
                    .arg(QString::fromUtf8(m_process.readAllStandardError()).trimmed());
            out += m_process.readAllStandardOutput();
        }
        const QList<QByteArray> words = out.trimmed().split(' ');
        m_port = words.value(1).toInt();
        if (words.value(0) != "PORT" || m_port <= 0)
            return QStringLiteral("The SMTP server said \"%1\".").arg(QString::fromUtf8(out));
        return {};
    }

    QString url() const { return QStringLiteral("smtp://127.0.0.1:%1").arg(m_port); }
    QString mailDir() const { return m_dir.filePath(QStringLiteral("mail")); }
    // What Python's email package read from each message, in arrival order.
    QList<QJsonObject> messages() const
    {
        QList<QJsonObject> list;
        const QDir dir(mailDir());
        for (const QString& name :
             dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (f.open(QIODevice::ReadOnly))
                list.append(QJsonDocument::fromJson(f.readAll()).object());
        }
        return list;
    }
    QByteArray raw(int n) const
    {
        QFile f(QDir(mailDir()).filePath(QStringLiteral("%1.eml").arg(n, 3, 10, QLatin1Char('0'))));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    int recipientsAsked() const
    {
        QFile f(QDir(mailDir()).filePath(QStringLiteral("rcpt.log")));
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

SmtpSettings relay(const QString& url)
{
    SmtpSettings s;
    s.url = url;
    s.from = QStringLiteral("StockPilot Orders <orders@shop.example>");
    s.timeoutMs = 10'000;
    return s;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The real stockpilot-admin on the test database, as the owner or, with --user, a staff member
// whose password is PGPASSWORD.
Run admin(const TestDatabase& db, const QStringList& args, const QString& password = {})
{
    const ConnectionSettings s = db.owner();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), s.host);
    if (s.port > 0)
        env.insert(QStringLiteral("PGPORT"), QString::number(s.port));
    env.insert(QStringLiteral("PGUSER"), s.user.isEmpty() ? QStringLiteral("postgres") : s.user);
    env.insert(QStringLiteral("PGDATABASE"), db.name());
    if (!password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), password);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(STOCKPILOT_ADMIN), args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The stock check's purchase of SKU000001 for ST1 (Nordtex, 96 units), approved by a manager.
void approvePurchase(Connection& owner, const TestDatabase& db)
{
    setDemand(owner, QStringLiteral("SKU000001"), QStringLiteral("ST1"), constantDemand(6));
    callJson(owner, "SELECT agent_demand_statistics()");
    callJson(owner, "SELECT agent_stock_check()");
    Connection manager(db.manager());
    manager.exec("SELECT suggestion_approve(id) FROM suggestions WHERE kind = 'purchase'");
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

    void sentOnceWithHeadersAndLines()
    {
        SmtpServer server;
        const QString error = server.start(QStringLiteral("accept"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        Connection admin(db.admin());
        admin.exec("SELECT mail_company_set($1)", {QStringLiteral("Müller & Söhne Textil")});
        approvePurchase(owner, db);
        createOrder(owner, QStringLiteral("Capworks"), {{"SKU000004", 12}}); // no address
        const Result queued = owner.exec("SELECT id, purchase_order_id, body FROM mail_outbox");
        QCOMPARE(queued.rows(), 1);
        const qint64 po = queued.toLongLong(0, 1);

        Database pool(db.admin(), 2);
        Mailer mailer(&pool, relay(server.url()), {50, 20, 0});
        QSignalSpy sent(&mailer, &Mailer::sent);
        QSignalSpy failed(&mailer, &Mailer::attemptFailed);
        QSignalSpy rounds(&mailer, &Mailer::roundFinished);
        QVERIFY(mailer.start());
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 20000);
        // Two more rounds find nothing due: the message went once.
        const qsizetype after = rounds.size();
        QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= after + 2, 20000);
        mailer.stop();
        QCOMPARE(failed.size(), 0);
        QCOMPARE(sent.first().first().toLongLong(), queued.toLongLong(0, 0));

        const QList<QJsonObject> messages = server.messages();
        QCOMPARE(messages.size(), 1);
        const QJsonObject m = messages.first();
        QCOMPARE(m.value(QLatin1String("mail_from")).toString(),
                 QStringLiteral("orders@shop.example"));
        QCOMPARE(m.value(QLatin1String("rcpt_tos")).toArray(),
                 QJsonArray{QStringLiteral("orders@nordtex.example")});
        QCOMPARE(m.value(QLatin1String("subject")).toString(),
                 QStringLiteral("Purchase order %1 from Müller & Söhne Textil").arg(po));
        QCOMPARE(m.value(QLatin1String("from")).toString(),
                 QStringLiteral("StockPilot Orders <orders@shop.example>"));
        QCOMPARE(m.value(QLatin1String("to")).toString(),
                 QStringLiteral("Nordtex <orders@nordtex.example>"));
        QVERIFY(m.value(QLatin1String("date_ok")).toBool());
        QVERIFY2(m.value(QLatin1String("message_id"))
                     .toString()
                     .endsWith(QLatin1String("@shop.example>")),
                 qPrintable(m.value(QLatin1String("message_id")).toString()));
        QCOMPARE(m.value(QLatin1String("mime_version")).toString(), QStringLiteral("1.0"));
        QCOMPARE(m.value(QLatin1String("content_type")).toString(), QStringLiteral("text/plain"));
        QCOMPARE(m.value(QLatin1String("charset")).toString(), QStringLiteral("utf-8"));
        QCOMPARE(m.value(QLatin1String("cte")).toString(), QStringLiteral("quoted-printable"));
        QCOMPARE(m.value(QLatin1String("defects")).toArray(), QJsonArray());
        // The text the supplier reads is the queued one, line for line.
        const QString body = m.value(QLatin1String("body"))
                                 .toString()
                                 .replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        QCOMPARE(body, queued.text(0, 2));
        QVERIFY(body.contains(tableRow(1, QStringLiteral("SKU000001"),
                                       QStringLiteral("Linen Shirt Blue M"), 96,
                                       QStringLiteral("15.00"), QStringLiteral("1440.00"))));
        QVERIFY(body.contains(QStringLiteral("Deliver to:  Store Mitte (ST1)")));
        const QByteArray raw = server.raw(1);
        QVERIFY(!raw.isEmpty());
        QCOMPARE(raw.count('\n'), raw.count("\r\n"));

        const Result row = owner.exec("SELECT status, attempts, sent_at IS NOT NULL, last_error "
                                      "IS NULL FROM mail_outbox");
        QCOMPARE(row.text(0, 0), QStringLiteral("sent"));
        QCOMPARE(row.toInt(0, 1), 1);
        QVERIFY(row.toBool(0, 2));
        QVERIFY(row.toBool(0, 3));
        pool.close();
    }

    void triedAgainThenDead_data()
    {
        QTest::addColumn<bool>("refusing"); // a relay that answers 550, else a closed port
        QTest::newRow("relay refuses the recipient") << true;
        QTest::newRow("nothing listens") << false;
    }

    void triedAgainThenDead()
    {
        QFETCH(bool, refusing);
        SmtpServer server;
        QString url;
        if (refusing) {
            const QString error = server.start(QStringLiteral("refuse"));
            QVERIFY2(error.isEmpty(), qPrintable(error));
            url = server.url();
        } else {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            url = QStringLiteral("smtp://127.0.0.1:%1").arg(closed.serverPort());
        }
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        owner.exec("UPDATE agent_settings SET mail_backoff_seconds = 0.2, mail_max_attempts = 3");
        createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        const qint64 id = owner.exec("SELECT id FROM mail_outbox").toLongLong(0, 0);

        Database pool(db.admin(), 2);
        Mailer mailer(&pool, relay(url), {50, 20, 0});
        QSignalSpy failed(&mailer, &Mailer::attemptFailed);
        QSignalSpy rounds(&mailer, &Mailer::roundFinished);
        QVERIFY(mailer.start());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 3, 30000);
        QCOMPARE(failed.at(0).at(2).toString(), QStringLiteral("retry"));
        QCOMPARE(failed.at(1).at(2).toString(), QStringLiteral("retry"));
        QCOMPARE(failed.at(2).at(2).toString(), QStringLiteral("dead"));
        // Dead stays dead: later rounds send nothing.
        const qsizetype after = rounds.size();
        QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= after + 3, 20000);
        mailer.stop();
        QCOMPARE(failed.size(), 3);
        if (refusing) {
            QCOMPARE(server.recipientsAsked(), 3);
            QCOMPARE(server.messages().size(), 0);
        }

        const Result dead = owner.exec("SELECT status, attempts, last_error FROM mail_outbox");
        QCOMPARE(dead.text(0, 0), QStringLiteral("dead"));
        QCOMPARE(dead.toInt(0, 1), 3);
        const QString lastError = dead.text(0, 2);
        if (refusing)
            QVERIFY2(lastError.contains(QLatin1String("550 5.1.1 No such mailbox here")),
                     qPrintable(lastError));
        else
            QVERIFY2(lastError.contains(QLatin1String("onnect")), qPrintable(lastError));
        QCOMPARE(failed.last().at(1).toString(), lastError);

        // Admins are told, with what failed; clerks are not.
        Connection admin(db.admin());
        const Result note =
            admin.exec("SELECT title, body FROM my_notifications WHERE kind = 'mail_dead'");
        QCOMPARE(note.rows(), 1);
        QVERIFY2(note.text(0, 1).contains(QStringLiteral("E-mail %1").arg(id)),
                 qPrintable(note.text(0, 1)));
        QVERIFY2(note.text(0, 1).contains(QLatin1String("orders@nordtex.example")),
                 qPrintable(note.text(0, 1)));
        Connection clerk(db.clerk());
        QCOMPARE(scalar(clerk, "SELECT count(*) FROM my_notifications WHERE kind = 'mail_dead'"),
                 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'MailDeadLettered'"), 1);

        // Requeued by an admin, it is due again with its attempts cleared.
        admin.exec("SELECT mail_requeue($1)", {id});
        const Result again = owner.exec("SELECT status, attempts FROM mail_outbox");
        QCOMPARE(again.text(0, 0), QStringLiteral("pending"));
        QCOMPARE(again.toInt(0, 1), 0);
        QCOMPARE(scalar(owner, "SELECT count(*) FROM events WHERE type = 'MailRequeued'"), 1);
        pool.close();
    }

    // Without a relay (or with one the settings get wrong) nothing is claimed: messages wait.
    void noRelayNothingSent()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        Database pool(db.admin(), 1);
        for (const QString& url : {QString(), QStringLiteral("http://relay.example")}) {
            Mailer mailer(&pool, relay(url));
            QVERIFY(!mailer.start());
            QVERIFY(!mailer.isRunning());
        }
        QVERIFY(relay(QStringLiteral("http://relay.example"))
                    .problem()
                    .contains(QLatin1String("[smtp] url")));
        const Result row = owner.exec("SELECT status, attempts, next_attempt_at <= now() "
                                      "FROM mail_outbox");
        QCOMPARE(row.text(0, 0), QStringLiteral("pending"));
        QCOMPARE(row.toInt(0, 1), 0);
        QVERIFY(row.toBool(0, 2));
        pool.close();
    }

    // stockpilot-server reads [smtp] from its --config file and sends with its jobs login; a
    // mistake in the group stops it at once, naming the key.
    void serverSendsFromItsSettingsFile()
    {
        SmtpServer server;
        const QString error = server.start(QStringLiteral("accept"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        const ConnectionSettings s = db.owner();
        const QString where =
            QStringLiteral("/%1?host=%2&port=%3").arg(db.name(), s.host).arg(s.port);
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("server.conf"));
        auto writeConfig = [&](const QByteArray& smtp) {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("[jobs]\ndb=postgresql://admin:admin@" + where.toUtf8() + "\n[smtp]\n" + smtp);
        };
        const QStringList args{
            QStringLiteral("--config"), config,
            QStringLiteral("--db"),     QStringLiteral("postgresql://postgres@") + where,
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};

        writeConfig("url=" + server.url().toUtf8() +
                    "\nfrom=orders@shop.example\nuser=orders\nstarttls=true\n");
        QProcess refused;
        refused.start(QStringLiteral(STOCKPILOT_SERVER), args);
        QVERIFY(refused.waitForFinished(30000));
        QCOMPARE(refused.exitCode(), 2);
        const QString why = QString::fromUtf8(refused.readAllStandardError());
        QVERIFY2(why.contains(QLatin1String("[smtp] user is \"orders\" but there is no password")),
                 qPrintable(why));

        writeConfig("url=" + server.url().toUtf8() +
                    "\nfrom=StockPilot Orders <orders@shop.example>\n");
        QProcess running;
        running.start(QStringLiteral(STOCKPILOT_SERVER), args);
        QVERIFY(running.waitForStarted(10000));
        QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(owner.exec("SELECT status FROM mail_outbox").text(0, 0),
                                  QStringLiteral("sent"), 10000);
        running.terminate();
        QVERIFY(running.waitForFinished(30000));
        const QString log = QString::fromUtf8(running.readAllStandardError());
        QVERIFY2(log.contains(
                     QStringLiteral("e-mail: through %1 as orders@shop.example").arg(server.url())),
                 qPrintable(log));
        QCOMPARE(server.messages().first().value(QLatin1String("rcpt_tos")).toArray(),
                 QJsonArray{QStringLiteral("orders@nordtex.example")});
    }

    // stockpilot-admin mail list/requeue/company as an admin runs them; others are refused by
    // the database, bad input by the command, and neither changes anything.
    void adminCommands()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        const qint64 po = createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        const qint64 id = owner.exec("SELECT id FROM mail_outbox").toLongLong(0, 0);
        owner.exec("UPDATE mail_outbox SET status = 'dead', attempts = 8, "
                   "last_error = 'Failure when receiving data from the peer'");
        const QString adminUser = QStringLiteral("admin");
        const QStringList asAdmin{QStringLiteral("--user"), adminUser};

        Run r = admin(db,
                      QStringList{QStringLiteral("mail"), QStringLiteral("list"),
                                  QStringLiteral("--status"), QStringLiteral("dead"),
                                  QStringLiteral("--json")} +
                          asAdmin,
                      adminUser);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject m = list.first().toObject();
        QCOMPARE(m.value(QLatin1String("id")).toInteger(), id);
        QCOMPARE(m.value(QLatin1String("purchase_order_id")).toInteger(), po);
        QCOMPARE(m.value(QLatin1String("recipient")).toString(),
                 QStringLiteral("orders@nordtex.example"));
        QCOMPARE(m.value(QLatin1String("status")).toString(), QStringLiteral("dead"));
        QCOMPARE(m.value(QLatin1String("attempts")).toInt(), 8);
        QCOMPARE(m.value(QLatin1String("last_error")).toString(),
                 QStringLiteral("Failure when receiving data from the peer"));
        QVERIFY(m.value(QLatin1String("sent_at")).isNull());
        r = admin(db, QStringList{QStringLiteral("mail"), QStringLiteral("list")} + asAdmin,
                  adminUser);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("orders@nordtex.example")), qPrintable(r.out));

        r = admin(db, {QStringLiteral("mail"), QStringLiteral("list"), QStringLiteral("--status"),
                       QStringLiteral("lost")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--status is one of pending, sent, dead (got "
                                              "\"lost\")")),
                 qPrintable(r.err));
        r = admin(db, {QStringLiteral("mail"), QStringLiteral("requeue"), QStringLiteral("x1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("(got \"x1\")")), qPrintable(r.err));

        // A manager may not; the message stays dead.
        r = admin(db,
                  {QStringLiteral("mail"), QStringLiteral("requeue"), QString::number(id),
                   QStringLiteral("--user"), QStringLiteral("manager")},
                  QStringLiteral("manager"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("42501")), qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT status FROM mail_outbox").text(0, 0), QStringLiteral("dead"));

        r = admin(
            db,
            QStringList{QStringLiteral("mail"), QStringLiteral("requeue"), QString::number(id)} +
                asAdmin,
            adminUser);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Result row = owner.exec("SELECT status, attempts FROM mail_outbox");
        QCOMPARE(row.text(0, 0), QStringLiteral("pending"));
        QCOMPARE(row.toInt(0, 1), 0);
        // Once pending, a second requeue is refused and says why.
        r = admin(
            db,
            QStringList{QStringLiteral("mail"), QStringLiteral("requeue"), QString::number(id)} +
                asAdmin,
            adminUser);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("is pending, not dead")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("SP009")), qPrintable(r.err));

        r = admin(db,
                  QStringList{QStringLiteral("mail"), QStringLiteral("company"),
                              QStringLiteral("Müller & Söhne")} +
                      asAdmin,
                  adminUser);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(owner.exec("SELECT company_name FROM agent_settings").text(0, 0),
                 QStringLiteral("Müller & Söhne"));
        r = admin(db, {QStringLiteral("mail"), QStringLiteral("company")});
        QCOMPARE(r.out.trimmed(), QStringLiteral("Müller & Söhne"));
        r = admin(db,
                  {QStringLiteral("mail"), QStringLiteral("company"), QStringLiteral("--clear")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(owner.exec("SELECT company_name IS NULL FROM agent_settings").toBool(0, 0));
    }

    // A staff login that is not an admin cannot claim: the mailer says so and stops.
    void staffLoginStops()
    {
        TestDatabase db;
        Connection owner(db.owner());
        loadTinyCatalog(owner);
        createOrder(owner, QStringLiteral("Nordtex"), {{"SKU000001", 6}});
        Database pool(db.manager(), 1);
        Mailer mailer(&pool, relay(QStringLiteral("smtp://127.0.0.1:9")), {50, 20, 0});
        QSignalSpy denied(&mailer, &Mailer::permissionDenied);
        QVERIFY(mailer.start());
        QTRY_COMPARE_WITH_TIMEOUT(denied.size(), 1, 10000);
        QVERIFY(!mailer.isRunning());
        QCOMPARE(scalar(owner, "SELECT attempts FROM mail_outbox"), 0);
        pool.close();
    }
};

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
