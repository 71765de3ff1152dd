// The one mapper from errors to words: every SQLSTATE in db/sqlstate.h has its row here, so a
// new code cannot reach people without someone deciding how it reads.

#include "db/dberror.h"
#include "errortext.h"

#include <QFuture>
#include <QSet>
#include <QUnhandledException>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <stdexcept>

namespace sqlstate = sp::db::sqlstate;
using sp::db::DbError;
using sp::views::errorText;

namespace {

const QString Message = QStringLiteral("Hold 7 is not active any more.");
const QString Detail = QStringLiteral("7");
const QString Hint = QStringLiteral("Who may decide transfer suggestions: manager.");

QString unreachable()
{
    return QStringLiteral("The database cannot be reached right now (%1). Nothing was changed; "
                          "try again when the connection is back.")
        .arg(Message);
}

// What a person reads for each code, for an error with Message, Detail and Hint.
QList<std::pair<const char*, QString>> expectedWords()
{
    return {
        {sqlstate::UnknownSku, Message},
        {sqlstate::UnknownLocation, Message},
        {sqlstate::InvalidQuantity, Message},
        {sqlstate::InsufficientStock, Message},
        {sqlstate::SameLocation, Message},
        {sqlstate::ReasonRequired, Message},
        {sqlstate::UnknownTransfer, Message},
        {sqlstate::CountBelowAllocated, Message},
        {sqlstate::InvalidArgument, Message},
        {sqlstate::AlreadyDecided, QStringLiteral("Someone else was first: ") + Message},
        {sqlstate::UnknownSuggestion,
         QStringLiteral("This suggestion no longer exists: ") + Message},
        {sqlstate::UnknownJob, Message},
        {sqlstate::PurchaseOrder, Message},
        {sqlstate::HoldNotActive, Message},
        {sqlstate::UnknownOrder, Message},
        {sqlstate::OrderClosed, Message},
        {sqlstate::OrderLine, Message},
        {sqlstate::ImportRowRejected, QStringLiteral("Line 7: ") + Message},
        {sqlstate::MigrationRefused, Message},
        {sqlstate::ClusterFailed, Message},
        {sqlstate::ImportFailed, Message},
        {sqlstate::DemoDataRefused, Message},
        {sqlstate::RequestRefused, Message},
        {sqlstate::InsufficientPrivilege,
         QStringLiteral("The database refused: ") + Message + QLatin1Char(' ') + Hint},
        {sqlstate::UndefinedFunction, Message},
        {sqlstate::InvalidSchemaName, Message},
        {sqlstate::CheckViolation, Message},
        {sqlstate::ForeignKeyViolation, Message},
        {sqlstate::InvalidPassword, QStringLiteral("Wrong user name or password.")},
        {sqlstate::QueryCanceled, QStringLiteral("Cancelled.")},
        {sqlstate::ConnectionFailure, unreachable()},
        {sqlstate::ConnectionRefused, unreachable()},
        {sqlstate::AdminShutdown, unreachable()},
        {sqlstate::CrashShutdown, unreachable()},
        {sqlstate::CannotConnectNow, unreachable()},
        {sqlstate::IoError, Message},
    };
}

DbError error(const char* code)
{
    return DbError(QString::fromLatin1(code), Message, Detail, Hint);
}

} // namespace

class TestErrorText : public QObject
{
    Q_OBJECT

private slots:
    void everyCodeHasWords()
    {
        QSet<QByteArray> worded;
        for (const auto& [code, words] : expectedWords()) {
            QVERIFY2(!worded.contains(code), code);
            worded.insert(code);
        }
        for (const char* code : sqlstate::All)
            QVERIFY2(worded.contains(code), code);
        QCOMPARE(worded.size(), qsizetype(sqlstate::All.size()));
    }

    void wordsByCode_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("words");
        for (const auto& [code, words] : expectedWords())
            QTest::newRow(code) << QString::fromLatin1(code) << words;
    }

    // The code alone decides: the same message under another code reads differently.
    void wordsByCode()
    {
        QFETCH(QString, code);
        QFETCH(QString, words);
        QCOMPARE(errorText(DbError(code, Message, Detail, Hint)), words);
    }

    void aRefusedImportRowWithoutALineIsItsMessage()
    {
        QCOMPARE(errorText(DbError(QString::fromLatin1(sqlstate::ImportRowRejected), Message)),
                 Message);
    }

    void permissionTextReplacesTheRefusal()
    {
        const QString own = QStringLiteral("Your account may not release holds.");
        QCOMPARE(errorText(error(sqlstate::InsufficientPrivilege), own), own);
        // Only for a missing permission.
        QCOMPARE(errorText(error(sqlstate::HoldNotActive), own), Message);
        QCOMPARE(errorText(DbError(QString::fromLatin1(sqlstate::InsufficientPrivilege), Message)),
                 QStringLiteral("The database refused: ") + Message);
    }

    void anUnreachableServerIsNamed()
    {
        const QString text =
            errorText(error(sqlstate::ConnectionRefused), {}, QStringLiteral("db.example:5432"));
        QVERIFY2(text.startsWith(
                     QLatin1String("The database server at db.example:5432 cannot be reached.")),
                 qPrintable(text));
        QVERIFY2(text.endsWith(QLatin1String("Details: ") + Message), qPrintable(text));
        // A wrong password is not an unreachable server, wherever it is.
        QCOMPARE(errorText(error(sqlstate::InvalidPassword), {}, QStringLiteral("db.example")),
                 QStringLiteral("Wrong user name or password."));
    }

    // QtConcurrent wraps exceptions that are not QExceptions; the mapper looks inside.
    void wrappedErrorsKeepTheirWords()
    {
        QFuture<void> plain = QtConcurrent::run([] { throw std::runtime_error("disk full"); });
        try {
            plain.waitForFinished();
            QFAIL("the error was lost");
        } catch (const QUnhandledException& e) {
            QCOMPARE(errorText(e), QStringLiteral("disk full"));
        }
        QFuture<void> refused = QtConcurrent::run([] { throw error(sqlstate::AlreadyDecided); });
        try {
            refused.waitForFinished();
            QFAIL("the error was lost");
        } catch (const std::exception& e) {
            QCOMPARE(errorText(e), QStringLiteral("Someone else was first: ") + Message);
        }
    }
};

QTEST_GUILESS_MAIN(TestErrorText)
#include "tst_errortext.moc"
