#include "credentialstore.h"

#include <QCoreApplication>
#include <QPointer>
#include <qt6keychain/keychain.h>

namespace sp::db {

namespace {

CredentialStore::Outcome outcomeOf(const QKeychain::Job* job)
{
    CredentialStore::Outcome outcome;
    switch (job->error()) {
    case QKeychain::NoError:
        outcome.status = CredentialStore::Outcome::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        outcome.status = CredentialStore::Outcome::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        outcome.status = CredentialStore::Outcome::Status::Unavailable;
        break;
    case QKeychain::OtherError:
        // Without a running Secret Service (no session bus, headless machines) QtKeychain
        // reports OtherError; to the user that is the same as having no keychain.
        outcome.status = CredentialStore::Outcome::Status::Unavailable;
        break;
    default:
        outcome.status = CredentialStore::Outcome::Status::Failed;
        break;
    }
    if (!outcome.ok() && outcome.status != CredentialStore::Outcome::Status::NotFound) {
        outcome.error = job->errorString();
        if (outcome.error.isEmpty())
            outcome.error = QCoreApplication::translate("sp::db::CredentialStore",
                                                        "The system keychain is not available.");
    }
    return outcome;
}

// Runs the job and calls done with its outcome on the context's thread, unless the context is
// gone by then.
void runJob(QKeychain::Job* job, QObject* context, CredentialStore::Callback done,
            const std::function<void(CredentialStore::Outcome&)>& fill = {})
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [guard, done = std::move(done), fill](QKeychain::Job* finished) {
                         if (!guard || !done)
                             return;
                         CredentialStore::Outcome outcome = outcomeOf(finished);
                         if (outcome.ok() && fill)
                             fill(outcome);
                         done(outcome);
                     });
    job->start();
}

} // namespace

CredentialStore::CredentialStore(QObject* parent)
    : QObject(parent)
{}

QString CredentialStore::keyFor(const QString& user, const QString& where)
{
    return user + QLatin1Char('@') + where;
}

void CredentialStore::readPassword(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(Service), this);
    job->setKey(key);
    runJob(job, context, std::move(done),
           [job](Outcome& outcome) { outcome.password = job->textData(); });
}

void CredentialStore::writePassword(const QString& key, const QString& password, QObject* context,
                                    Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(QString::fromLatin1(Service), this);
    job->setKey(key);
    job->setTextData(password);
    runJob(job, context, std::move(done));
}

void CredentialStore::deletePassword(const QString& key, QObject* context, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(QString::fromLatin1(Service), this);
    job->setKey(key);
    runJob(job, context, std::move(done));
}

} // namespace sp::db
