#pragma once

#include "mailmessage.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

class QSettings;

namespace sp::db {
class Database;
}

namespace sp::notify {

// Where e-mail leaves for suppliers: the [smtp] group of the settings (the server's --config
// file, the desktop's settings). With no url nothing is sent and messages wait in the outbox.
struct SmtpSettings
{
    QString url;  // smtp://relay.example:587 or smtps://relay.example:465
    QString from; // "orders@shop.example" or "Shop <orders@shop.example>"
    QString user; // optional
    // From the file named by password_file, or STOCKPILOT_SMTP_PASSWORD; never the settings.
    QString password;
    bool starttls = false; // smtp:// only: insist on STARTTLS before anything is sent
    int timeoutMs = 30'000;
    // What load() could not read (a password in the settings file, an unreadable file).
    QString loadError;

    bool isConfigured() const { return !url.trimmed().isEmpty(); }
    // url, from, user, password_file, starttls, timeout_ms of [smtp]; settings may be null.
    static SmtpSettings load(const QSettings* settings);
    // What is wrong, naming the key and its value; empty when nothing is (or no url is set).
    QString problem() const;
    Mailbox sender() const;
};

// Sends the e-mail outbox (purchase orders to suppliers with an address) through the SMTP
// relay of the settings, with libcurl on a worker thread of its own: the thread that owns the
// mailer never waits on the network. A message the relay accepts is marked sent; any failure
// is tried again with exponential back-off, and after the configured number of attempts the
// message is dead and admins are notified (mail_result() in SQL decides).
//
// Several instances may run a mailer: a message is claimed with a lease (SKIP LOCKED), so no
// two send it at once. The claim needs an admin or owner connection; with a staff connection
// the mailer reports permissionDenied and stops.
class Mailer final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int pollMs = 5000;
        int batch = 20;       // messages per round, claimed one at a time
        int leaseSeconds = 0; // 0: twice the SMTP timeout and half a minute
    };

    Mailer(sp::db::Database* db, SmtpSettings smtp, QObject* parent = nullptr);
    Mailer(sp::db::Database* db, SmtpSettings smtp, Options options, QObject* parent = nullptr);
    // Ends a transfer in progress and waits for the worker.
    ~Mailer() override;

    // False, and nothing is ever sent, without a relay or with settings that have a problem.
    bool start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    // Looks for due messages now instead of at the next poll.
    void sendNow();
    const SmtpSettings& settings() const { return m_smtp; }

signals:
    void sent(qint64 id);
    // state: "retry" (tried again later) or "dead" (moved to the dead-letter list).
    void attemptFailed(qint64 id, const QString& error, const QString& state);
    // After each round, when the worker has nothing more in hand.
    void roundFinished(int messages);
    void permissionDenied(const QString& message);
    void errorOccurred(const QString& message);

private:
    void poll();
    void finishRound(int messages);

    sp::db::Database* m_db;
    SmtpSettings m_smtp;
    Options m_options;
    QTimer m_timer;
    QThreadPool m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_busy = false;
    bool m_again = false;
};

} // namespace sp::notify
