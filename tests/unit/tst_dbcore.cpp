// The database layer's parts that need no server: conninfo strings as libpq reads them, what
// is shown of a connection (never a password), array literals both ways, and the order in which
// the program decides where its database is.

#include "db/connectionsettings.h"
#include "db/databaselocation.h"
#include "db/embeddedcluster.h"
#include "db/pgconnection.h"

#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <libpq-fe.h>

using namespace sp::db;

namespace {

// The conninfo as libpq itself reads it: keyword -> value, only the keywords that are set.
QMap<QString, QString> parsedByLibpq(const QByteArray& conninfo)
{
    QMap<QString, QString> values;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.constData(), &error);
    if (!options) {
        values.insert(QStringLiteral("error"), QString::fromUtf8(error));
        PQfreemem(error);
        return values;
    }
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (o->val)
            values.insert(QString::fromLatin1(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    return values;
}

const char* const PgVariables[] = {"PGHOST",     "PGHOSTADDR", "PGPORT",
                                   "PGDATABASE", "PGUSER",     "PGSERVICE"};

} // namespace

class TestDbCore : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        // Each case sets exactly the environment it is about.
        for (const char* name : PgVariables) {
            m_savedEnv.insert(name, qgetenv(name));
            qunsetenv(name);
        }
    }

    void cleanup()
    {
        for (auto it = m_savedEnv.cbegin(); it != m_savedEnv.cend(); ++it) {
            if (it.value().isNull())
                qunsetenv(it.key());
            else
                qputenv(it.key(), it.value());
        }
    }

    void conninfoQuoting_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::newRow("plain") << "db.example.com"
                               << "clerk"
                               << "secret"
                               << "stockpilot";
        QTest::newRow("quotes") << "h"
                                << "o'brien"
                                << "it's \"quoted\""
                                << "d'b";
        QTest::newRow("backslashes") << "h"
                                     << "dom\\user"
                                     << "a\\'b\\\\"
                                     << "x\\";
        QTest::newRow("spaces") << "/tmp/my socket dir"
                                << "first last"
                                << " lead and trail "
                                << "stock pilot";
        QTest::newRow("equals and unicode") << "h"
                                            << "jürgen"
                                            << "p=w d=x"
                                            << "lagerbestand ä";
        QTest::newRow("empty password") << "h"
                                        << "clerk"
                                        << ""
                                        << "stockpilot";
    }

    void conninfoQuoting()
    {
        QFETCH(QString, host);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, database);
        ConnectionSettings s;
        s.host = host;
        s.port = 5433;
        s.user = user;
        s.password = password;
        s.database = database;
        s.sslMode = QStringLiteral("prefer");
        const QMap<QString, QString> parsed = parsedByLibpq(s.toConninfo());
        QVERIFY2(!parsed.contains(QStringLiteral("error")),
                 qPrintable(parsed.value(QStringLiteral("error"))));
        QCOMPARE(parsed.value(QStringLiteral("host")), host);
        QCOMPARE(parsed.value(QStringLiteral("port")), QStringLiteral("5433"));
        QCOMPARE(parsed.value(QStringLiteral("user")), user);
        QCOMPARE(parsed.value(QStringLiteral("dbname")), database);
        QCOMPARE(parsed.value(QStringLiteral("sslmode")), QStringLiteral("prefer"));
        QCOMPARE(parsed.value(QStringLiteral("application_name")), QStringLiteral("stockpilot"));
        // An empty password is left to libpq (~/.pgpass), not sent as "".
        QCOMPARE(parsed.contains(QStringLiteral("password")), !password.isEmpty());
        if (!password.isEmpty())
            QCOMPARE(parsed.value(QStringLiteral("password")), password);
    }

    // A URI (--db) is what libpq connects to; explicit fields override its parts.
    void conninfoFromUri_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("dbname");
        QTest::addColumn<QString>("sslmode");
        QTest::newRow("full")
            << "postgresql://clerk:s3cret@db.example.com:5433/shop?sslmode=require"
            << ""
            << "db.example.com"
            << "5433"
            << "clerk"
            << "shop"
            << "require";
        QTest::newRow("socket in query") << "postgresql:///shop?host=/run/my%20pg&user=admin"
                                         << ""
                                         << "/run/my pg"
                                         << ""
                                         << "admin"
                                         << "shop"
                                         << "";
        QTest::newRow("encoded socket host") << "postgres://%2Fvar%2Frun%2Fpg/inventory"
                                             << ""
                                             << "/var/run/pg"
                                             << ""
                                             << ""
                                             << "inventory"
                                             << "";
        QTest::newRow("database overrides") << "postgresql://u@h/first"
                                            << "second"
                                            << "h"
                                            << ""
                                            << "u"
                                            << "second"
                                            << "";
    }

    void conninfoFromUri()
    {
        QFETCH(QString, uri);
        QFETCH(QString, database);
        ConnectionSettings s = ConnectionSettings::fromUri(uri);
        s.database = database;
        const QMap<QString, QString> parsed = parsedByLibpq(s.toConninfo());
        QVERIFY2(!parsed.contains(QStringLiteral("error")),
                 qPrintable(parsed.value(QStringLiteral("error"))));
        QTEST(parsed.value(QStringLiteral("host")), "host");
        QTEST(parsed.value(QStringLiteral("port")), "port");
        QTEST(parsed.value(QStringLiteral("user")), "user");
        QTEST(parsed.value(QStringLiteral("dbname")), "dbname");
        QTEST(parsed.value(QStringLiteral("sslmode")), "sslmode");
    }

    void displayNameNeverShowsPassword_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fields") << ""
                                << "db.example.com"
                                << "clerk"
                                << "clerk@db.example.com:5432/stockpilot";
        QTest::newRow("socket") << ""
                                << "/run/postgresql"
                                << "clerk"
                                << "clerk@local socket:5432/stockpilot";
        QTest::newRow("uri userinfo") << "postgresql://clerk:s3cret@db.example.com/shop"
                                      << ""
                                      << ""
                                      << "";
        QTest::newRow("uri encoded") << "postgresql://clerk:s3c%40ret@db.example.com/shop"
                                     << ""
                                     << ""
                                     << "";
        QTest::newRow("uri query") << "postgresql://db.example.com/shop?user=x&password=s3cret"
                                   << ""
                                   << ""
                                   << "";
        QTest::newRow("uri query first") << "postgresql:///shop?password=s3cret&host=/run/pg"
                                         << ""
                                         << ""
                                         << "";
    }

    void displayNameNeverShowsPassword()
    {
        QFETCH(QString, uri);
        QFETCH(QString, host);
        QFETCH(QString, user);
        QFETCH(QString, expected);
        ConnectionSettings s;
        s.uri = uri;
        s.host = host;
        s.user = user;
        if (uri.isEmpty()) {
            s.port = 5432;
            s.database = QStringLiteral("stockpilot");
            s.password = QStringLiteral("s3cret");
        }
        const QString shown = s.displayName();
        QVERIFY2(!shown.contains(QLatin1String("s3c")), qPrintable(shown));
        QVERIFY2(!shown.contains(QLatin1String("password")), qPrintable(shown));
        if (!expected.isEmpty())
            QCOMPARE(shown, expected);
        if (!uri.isEmpty()) // still says where
            QVERIFY2(shown.contains(QLatin1String("shop")), qPrintable(shown));
    }

    void parseIntArray_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("simple") << QByteArray("{1,2,3}") << QList<int>{1, 2, 3};
        QTest::newRow("empty") << QByteArray("{}") << QList<int>{};
        QTest::newRow("nulls") << QByteArray("{NULL,5,NULL}") << QList<int>{-1, 5, -1};
        QTest::newRow("negative") << QByteArray("{-7,0,2147483647}")
                                  << QList<int>{-7, 0, 2147483647};
        QTest::newRow("not an array") << QByteArray("1,2") << QList<int>{};
        QTest::newRow("empty string") << QByteArray("") << QList<int>{};
        // Malformed input must end (not loop) and give nothing rather than a guess.
        QTest::newRow("text element") << QByteArray("{1,x,3}") << QList<int>{};
        QTest::newRow("two-dimensional") << QByteArray("{{1,2},{3,4}}") << QList<int>{};
        QTest::newRow("unterminated") << QByteArray("{1,2") << QList<int>{1, 2};
    }

    void parseIntArray()
    {
        QFETCH(QByteArray, literal);
        QFETCH(QList<int>, expected);
        QCOMPARE(Result::parseIntArray(literal.constData(), -1), expected);
        QCOMPARE(Result::parseIntArray(nullptr), QList<int>{});
    }

    void paramArrayLiterals()
    {
        QCOMPARE(Param(QList<int>{1, -2, 3}).bytes(), QByteArray("{1,-2,3}"));
        QCOMPARE(Param(QList<qint64>{Q_INT64_C(9000000000)}).bytes(), QByteArray("{9000000000}"));
        QCOMPARE(Param(QList<int>{}).bytes(), QByteArray("{}"));
        QCOMPARE(Param(QStringList{QStringLiteral("a\"b"), QStringLiteral("c\\d"),
                                   QStringLiteral("NULL"), QString(), QStringLiteral("x, y"),
                                   QStringLiteral("{}")})
                     .bytes(),
                 QByteArray("{\"a\\\"b\",\"c\\\\d\",\"NULL\",\"\",\"x, y\",\"{}\"}"));
        QVERIFY(!Param(QStringList{}).isNull());
        QVERIFY(Param().isNull());
        QVERIFY(Param(std::optional<int>()).isNull());
        QCOMPARE(Param(std::optional<int>(4)).bytes(), QByteArray("4"));
    }

    // Clients switch on the codes, so no two may share one; the header checks it when it is
    // compiled, this says which pair when someone silences that.
    void sqlstatesAreUnique()
    {
        static_assert(sqlstate::allUnique());
        QSet<QByteArray> seen;
        for (const char* code : sqlstate::All) {
            QCOMPARE(qstrlen(code), size_t(5));
            QVERIFY2(!seen.contains(code), code);
            seen.insert(code);
        }
        // The two that once shared SP010.
        QVERIFY(QByteArray(sqlstate::HoldNotActive) != QByteArray(sqlstate::AlreadyDecided));
    }

    // One type for every refusal: the code, the words, the field, across a QFuture.
    void errorCarriesCodeWordsAndField()
    {
        const DbError e(QString::fromLatin1(sqlstate::InvalidQuantity),
                        QStringLiteral("The quantity must be a whole number."), {}, {},
                        QStringLiteral("quantity"));
        QVERIFY(e.is(sqlstate::InvalidQuantity));
        QCOMPARE(e.field(), QStringLiteral("quantity"));
        QCOMPARE(QByteArray(e.what()), QByteArray("SP003: The quantity must be a whole number."));
        QVERIFY(!e.isConnectionError());
        QVERIFY(DbError(QString::fromLatin1(sqlstate::ConnectionRefused), {}).isConnectionError());
        QFuture<int> failed = QtConcurrent::run([]() -> int {
            throw DbError(QString::fromLatin1(sqlstate::ClusterFailed), QStringLiteral("no"));
        });
        try {
            failed.waitForFinished();
            QFAIL("the error was lost");
        } catch (const DbError& thrown) {
            QVERIFY(thrown.is(sqlstate::ClusterFailed));
            QCOMPARE(thrown.message(), QStringLiteral("no"));
        }
    }

    void resolveOrder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings configured(dir.filePath(QStringLiteral("configured.ini")), QSettings::IniFormat);
        configured.setValue(QStringLiteral("database/host"), QStringLiteral("settings-host"));
        configured.setValue(QStringLiteral("database/port"), 6543);
        configured.setValue(QStringLiteral("database/name"), QStringLiteral("shop"));
        configured.setValue(QStringLiteral("database/user"), QStringLiteral("clerk"));
        QSettings empty(dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        qputenv("PGHOST", "env-host");

        // 1. --db beats everything.
        DatabaseLocation l = DatabaseLocation::resolve(QStringLiteral("postgresql://cli-host/db"),
                                                       QString(), &configured);
        QCOMPARE(l.kind, DatabaseLocation::Kind::Server);
        QCOMPARE(l.settings.uri, QStringLiteral("postgresql://cli-host/db"));
        QVERIFY(l.settings.host.isEmpty());

        // 2. The settings file beats the environment.
        l = DatabaseLocation::resolve(QString(), QString(), &configured);
        QCOMPARE(l.kind, DatabaseLocation::Kind::Server);
        QCOMPARE(l.settings.host, QStringLiteral("settings-host"));
        QCOMPARE(l.settings.port, 6543);
        QCOMPARE(l.settings.database, QStringLiteral("shop"));
        QCOMPARE(l.settings.user, QStringLiteral("clerk"));
        QVERIFY(l.settings.password.isEmpty());

        // 3. The environment beats the embedded cluster; libpq reads it then.
        for (const QSettings* s :
             {static_cast<const QSettings*>(&empty), static_cast<const QSettings*>(nullptr)}) {
            l = DatabaseLocation::resolve(QString(), QString(), s);
            QCOMPARE(l.kind, DatabaseLocation::Kind::Server);
            QVERIFY(l.settings.host.isEmpty());
            QVERIFY(l.settings.uri.isEmpty());
        }
        qunsetenv("PGHOST");
        qputenv("PGDATABASE", "env-db");
        QCOMPARE(DatabaseLocation::resolve(QString(), QString(), &empty).kind,
                 DatabaseLocation::Kind::Server);
        qunsetenv("PGDATABASE");

        // 4. Nothing configured: the embedded cluster, in the given or the default directory.
        l = DatabaseLocation::resolve(QString(), QString(), &empty);
        QVERIFY(l.isEmbedded());
        QCOMPARE(l.dataDir, EmbeddedCluster::defaultDataDir());
        l = DatabaseLocation::resolve(QString(), dir.path(), &empty);
        QVERIFY(l.isEmbedded());
        QCOMPARE(l.dataDir, dir.path());
        QVERIFY(l.describe().contains(dir.path()));

        // 5. The settings file's data_dir names the embedded cluster; it beats the environment
        // but not --data-dir, and a server in the same file wins over it.
        QSettings pinned(dir.filePath(QStringLiteral("pinned.ini")), QSettings::IniFormat);
        pinned.setValue(QStringLiteral("database/data_dir"), QStringLiteral("/srv/stockpilot"));
        qputenv("PGHOST", "env-host");
        l = DatabaseLocation::resolve(QString(), QString(), &pinned);
        QVERIFY(l.isEmbedded());
        QCOMPARE(l.dataDir, QStringLiteral("/srv/stockpilot"));
        qunsetenv("PGHOST");
        QCOMPARE(DatabaseLocation::resolve(QString(), dir.path(), &pinned).dataDir, dir.path());
        pinned.setValue(QStringLiteral("database/host"), QStringLiteral("db-host"));
        l = DatabaseLocation::resolve(QString(), QString(), &pinned);
        QCOMPARE(l.kind, DatabaseLocation::Kind::Server);
        QCOMPARE(l.settings.host, QStringLiteral("db-host"));

        // save() writes what resolve() reads, and never a password.
        QSettings saved(dir.filePath(QStringLiteral("saved.ini")), QSettings::IniFormat);
        ConnectionSettings server;
        server.host = QStringLiteral("saved-host");
        server.user = QStringLiteral("manager");
        server.password = QStringLiteral("s3cret");
        DatabaseLocation::save(saved, server);
        saved.sync();
        l = DatabaseLocation::resolve(QString(), QString(), &saved);
        QCOMPARE(l.settings.host, QStringLiteral("saved-host"));
        QCOMPARE(l.settings.user, QStringLiteral("manager"));
        QFile file(saved.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("s3cret"));
    }

private:
    QHash<const char*, QByteArray> m_savedEnv;
};

QTEST_GUILESS_MAIN(TestDbCore)
#include "tst_dbcore.moc"
