// Supplier e-mail without a network: the RFC 5322 message the mailer sends (CRLF line ends,
// headers within 78 characters, RFC 2047 subjects that decode back, quoted-printable that
// decodes back and keeps lines within 76), addresses a relay can take, and [smtp] settings
// whose mistakes are refused naming the key and the value.

#include "notify/mailer.h"
#include "notify/mailmessage.h"

#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using sp::notify::Mailbox;
using sp::notify::MailMessage;
using sp::notify::SmtpSettings;

namespace {

// RFC 2045 6.7, as a receiving client reads it.
QByteArray decodeQuotedPrintable(const QByteArray& in)
{
    QByteArray out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '=') {
            out += in[i];
        } else if (in.mid(i + 1, 2) == "\r\n") {
            i += 2; // soft line break
        } else {
            out += QByteArray::fromHex(in.mid(i + 1, 2));
            i += 2;
        }
    }
    return out;
}

// RFC 2047 "B" words joined by folding whitespace, as a receiving client reads them.
QString decodeEncodedWords(const QByteArray& value)
{
    static const QRegularExpression word(QStringLiteral("=\\?utf-8\\?B\\?([A-Za-z0-9+/=]*)\\?="));
    QByteArray bytes;
    auto it = word.globalMatch(QString::fromLatin1(value));
    while (it.hasNext())
        bytes += QByteArray::fromBase64(it.next().captured(1).toLatin1());
    return QString::fromUtf8(bytes);
}

struct Parsed
{
    QList<QPair<QByteArray, QByteArray>> headers; // unfolded
    QByteArray body;
};

Parsed parse(const QByteArray& message)
{
    Parsed p;
    const qsizetype end = message.indexOf("\r\n\r\n");
    p.body = message.mid(end + 4);
    const QByteArray head = message.left(end);
    for (const QByteArray& line : head.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (l.startsWith(' ') || l.startsWith('\t'))
            p.headers.last().second += l; // folded: the CRLF goes, the space stays
        else
            p.headers.append({l.left(l.indexOf(':')), l.mid(l.indexOf(':') + 2)});
    }
    return p;
}

QByteArray header(const Parsed& p, const QByteArray& name)
{
    for (const auto& [n, v] : p.headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

MailMessage sampleMessage(const QString& subject, const QString& body)
{
    MailMessage m;
    m.id = 41;
    m.purchaseOrderId = 12;
    m.to = {QStringLiteral("Nordtex"), QStringLiteral("orders@nordtex.example")};
    m.subject = subject;
    m.body = body;
    m.createdAt = QDateTime(QDate(2026, 11, 1), QTime(9, 30, 5), Qt::UTC);
    return m;
}

void checkLines(const QByteArray& message)
{
    QVERIFY(message.endsWith("\r\n"));
    for (qsizetype i = 0; i < message.size(); ++i) {
        if (message[i] == '\n')
            QVERIFY2(i > 0 && message[i - 1] == '\r', "a bare LF");
        if (message[i] == '\r')
            QVERIFY2(i + 1 < message.size() && message[i + 1] == '\n', "a bare CR");
    }
    const qsizetype end = message.indexOf("\r\n\r\n");
    for (const QByteArray& line : message.left(end).split('\n'))
        QVERIFY2(line.size() <= 79, line.constData()); // 78 and the CR
    for (const QByteArray& line : message.mid(end + 4).split('\n'))
        QVERIFY2(line.size() <= 77, line.constData()); // 76 and the CR
}

SmtpSettings loadFrom(const QTemporaryDir& dir, const QByteArray& ini)
{
    const QString path = dir.filePath(QStringLiteral("server.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(ini);
    file.close();
    const QSettings settings(path, QSettings::IniFormat);
    return SmtpSettings::load(&settings);
}

} // namespace

class TestMailMessage : public QObject
{
    Q_OBJECT

private slots:
    void asciiMessage()
    {
        const MailMessage m = sampleMessage(QStringLiteral("Purchase order 12 from Shop"),
                                            QStringLiteral("Purchase order 12\n\nTotal 3.00\n"));
        const Mailbox from{QStringLiteral("Shop Orders"), QStringLiteral("orders@shop.example")};
        const QByteArray bytes = m.toRfc5322(from);
        checkLines(bytes);
        const Parsed p = parse(bytes);
        QCOMPARE(header(p, "Date"), QByteArray("Sun, 01 Nov 2026 09:30:05 +0000"));
        QCOMPARE(header(p, "From"), QByteArray("Shop Orders <orders@shop.example>"));
        QCOMPARE(header(p, "To"), QByteArray("Nordtex <orders@nordtex.example>"));
        QCOMPARE(header(p, "Subject"), QByteArray("Purchase order 12 from Shop"));
        QCOMPARE(header(p, "MIME-Version"), QByteArray("1.0"));
        QCOMPARE(header(p, "Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(header(p, "Content-Transfer-Encoding"), QByteArray("quoted-printable"));
        QCOMPARE(header(p, "X-StockPilot-Purchase-Order"), QByteArray("12"));
        const QByteArray id = header(p, "Message-ID");
        QVERIFY2(QRegularExpression(QStringLiteral("^<[^<>@ ]+@shop\\.example>$"))
                     .match(QString::fromLatin1(id))
                     .hasMatch(),
                 id.constData());
        // Every attempt sends the same Message-ID.
        QCOMPARE(header(parse(m.toRfc5322(from)), "Message-ID"), id);
        QCOMPARE(p.body, QByteArray("Purchase order 12\r\n\r\nTotal 3.00\r\n"));
    }

    void utf8SubjectNamesAndBody()
    {
        const QString subject = QStringLiteral("Purchase order 12 from Müller & Söhne Textil "
                                               "GmbH – Einzelhandel für Oberbekleidung 😀");
        const QString body = QStringLiteral("Größe: XL =100%   \n") +
                             QString(200, QLatin1Char('x')) + QStringLiteral("\n.\nLänge ") +
                             QString(90, QChar(0x00e4)) + QLatin1Char('\n');
        MailMessage m = sampleMessage(subject, body);
        m.to.name = QStringLiteral("Nord\r\nBcc: evil@example.com");
        const QByteArray bytes =
            m.toRfc5322({QStringLiteral("Weiß & Co, Läden"), QStringLiteral("o@shop.example")});
        checkLines(bytes);
        const Parsed p = parse(bytes);
        QVERIFY(!header(p, "Subject").contains("ü"));
        QCOMPARE(decodeEncodedWords(header(p, "Subject")), subject);
        QCOMPARE(decodeEncodedWords(header(p, "From").left(header(p, "From").indexOf(" <"))),
                 QStringLiteral("Weiß & Co, Läden"));
        // A name cannot add a header.
        QVERIFY(header(p, "Bcc").isEmpty());
        QCOMPARE(header(p, "To"),
                 QByteArray("\"Nord  Bcc: evil@example.com\" <orders@nordtex.example>"));
        QVERIFY(p.body.contains("=20\r\n")); // the space before a line end survives
        QCOMPARE(QString::fromUtf8(decodeQuotedPrintable(p.body)),
                 QString(body).replace(QStringLiteral("\n"), QStringLiteral("\r\n")));
    }

    void longAsciiSubjectIsFolded()
    {
        const QString subject = QStringLiteral("Purchase order 12 from ") +
                                QStringLiteral("Very Long Company Name ").repeated(6).trimmed();
        const QByteArray bytes = sampleMessage(subject, QStringLiteral("x\n"))
                                     .toRfc5322({{}, QStringLiteral("orders@shop.example")});
        checkLines(bytes);
        QCOMPARE(QString::fromLatin1(header(parse(bytes), "Subject")), subject);
        QCOMPARE(header(parse(bytes), "From"), QByteArray("orders@shop.example"));
    }

    void mailboxes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("address");
        QTest::newRow("bare") << "orders@shop.example" << true << ""
                              << "orders@shop.example";
        QTest::newRow("named") << "Shop Orders <orders@shop.example>" << true << "Shop Orders"
                               << "orders@shop.example";
        QTest::newRow("quoted") << "\"Shop, Inc.\" <o@shop.example>" << true << "Shop, Inc."
                                << "o@shop.example";
        QTest::newRow("localhost") << "stockpilot@localhost" << true << ""
                                   << "stockpilot@localhost";
        QTest::newRow("no at") << "orders.shop.example" << false << ""
                               << "";
        QTest::newRow("two at") << "a@b@shop.example" << false << ""
                                << "";
        QTest::newRow("space") << "or ders@shop.example" << false << ""
                               << "";
        QTest::newRow("unclosed") << "Shop <orders@shop.example" << false << ""
                                  << "";
        QTest::newRow("not ascii") << "bestellung@müller.example" << false << ""
                                   << "";
        QTest::newRow("empty") << "" << false << ""
                               << "";
    }

    void mailboxes()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        Mailbox m;
        QCOMPARE(Mailbox::parse(text, &m), valid);
        if (valid) {
            QTEST(m.name, "name");
            QTEST(m.address, "address");
        }
    }

    void smtpSettings_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("problem"); // a part of it; empty: none
        const QByteArray ok = "[smtp]\nurl=smtp://127.0.0.1:2525\nfrom=orders@shop.example\n";
        QTest::newRow("none") << QByteArray("[endpoint]\nlisten=127.0.0.1:1\n") << "";
        QTest::newRow("plain") << ok << "";
        QTest::newRow("comma in the name")
            << QByteArray("[smtp]\nurl=smtp://relay.example\nfrom=Shop, Inc. <o@shop.example>\n")
            << "";
        QTest::newRow("tls and user")
            << QByteArray("[smtp]\nurl=smtps://relay.example\nfrom=o@shop.example\nuser=o\n") +
                   "password_file=PASSWORD_FILE\n"
            << "";
        QTest::newRow("scheme") << QByteArray(
                                       "[smtp]\nurl=http://relay.example\nfrom=o@s.example\n")
                                << "[smtp] url is smtp://HOST[:PORT] or smtps://HOST[:PORT] (got "
                                   "\"http://relay.example\")";
        QTest::newRow("user in url")
            << QByteArray("[smtp]\nurl=smtps://o:pw@relay.example\nfrom=o@s.example\n")
            << "[smtp] url names no user or password (got \"smtps://o@relay.example\")";
        QTest::newRow("from") << QByteArray("[smtp]\nurl=smtp://relay.example\nfrom=orders\n")
                              << "[smtp] from is the sender's address";
        QTest::newRow("no password") << ok + "user=orders\nstarttls=true\n"
                                     << "[smtp] user is \"orders\" but there is no password";
        QTest::newRow("password in clear") << ok + "user=orders\npassword_file=PASSWORD_FILE\n"
                                           << "[smtp] a password is sent only over TLS";
        QTest::newRow("password in settings")
            << ok + "user=orders\npassword=s3cret\nstarttls=true\n"
            << "[smtp] password is never read from a settings file";
        QTest::newRow("password file missing") << ok + "password_file=/nonexistent/pw\n"
                                               << "[smtp] password_file \"/nonexistent/pw\"";
        QTest::newRow("starttls") << ok + "starttls=maybe\n"
                                  << "[smtp] starttls is true or false (got \"maybe\")";
        QTest::newRow("timeout") << ok + "timeout_ms=5s\n"
                                 << "[smtp] timeout_ms is a whole number of milliseconds from 1000 "
                                    "to 600000 (got \"5s\")";
    }

    void smtpSettings()
    {
        QFETCH(QByteArray, ini);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile pw(dir.filePath(QStringLiteral("pw")));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("s3cret\n");
        pw.close();
        ini.replace("PASSWORD_FILE", pw.fileName().toUtf8());
        const SmtpSettings s = loadFrom(dir, ini);
        QFETCH(QString, problem);
        if (problem.isEmpty()) {
            QVERIFY2(s.problem().isEmpty(), qPrintable(s.problem()));
            if (!s.user.isEmpty())
                QCOMPARE(s.password, QStringLiteral("s3cret"));
        } else {
            QVERIFY2(s.problem().contains(problem), qPrintable(s.problem()));
        }
    }
};

QTEST_GUILESS_MAIN(TestMailMessage)
#include "tst_mailmessage.moc"
