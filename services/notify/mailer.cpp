#include "mailer.h"

#include "db/database.h"
#include "db/sqlstate.h"

#include <QFile>
#include <QSettings>
#include <QUrl>

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <mutex>
#include <optional>

namespace sp::notify {

namespace {

constexpr auto PasswordVariable = "STOCKPILOT_SMTP_PASSWORD";

// "true"/"false" and their usual spellings; anything else is a mistake worth naming.
std::optional<bool> parseBool(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on") ||
        t == QLatin1String("1"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off") ||
        t == QLatin1String("0"))
        return false;
    return std::nullopt;
}

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readMessage(char* buffer, size_t size, size_t count, void* userdata)
{
    auto* upload = static_cast<Upload*>(userdata);
    const qsizetype room = qsizetype(size * count);
    const qsizetype n = std::min(room, upload->data.size() - upload->offset);
    if (n > 0) {
        std::memcpy(buffer, upload->data.constData() + upload->offset, size_t(n));
        upload->offset += n;
    }
    return size_t(n);
}

// A mailer being destroyed ends the transfer instead of waiting out the timeout.
int checkCancel(void* clientp, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic<bool>*>(clientp)->load() ? 1 : 0;
}

// Keeps the relay's last refusal ("550 5.1.1 No such user"), which says more than libcurl's
// own message; the QUIT that follows it is answered 221. Only what the server sent is kept,
// never what was sent to it (a password among it).
int keepRefusal(CURL*, curl_infotype type, char* data, size_t size, void* userdata)
{
    if (type == CURLINFO_HEADER_IN && size > 0 && (data[0] == '4' || data[0] == '5'))
        *static_cast<QString*>(userdata) =
            QString::fromUtf8(data, qsizetype(size)).trimmed().left(300);
    return 0;
}

struct SendResult
{
    bool ok = false;
    bool permanent = false; // no relay could take it: dead at once
    bool cancelled = false;
    QString error;
};

SendResult sendOne(const MailMessage& message, const SmtpSettings& smtp,
                   const std::atomic<bool>& cancel)
{
    if (!Mailbox::isUsableAddress(message.to.address)) {
        return {false, true, false,
                QStringLiteral("The address \"%1\" cannot be sent to: it has spaces, brackets, "
                               "quotes or characters outside ASCII.")
                    .arg(message.to.address)};
    }
    const Mailbox from = smtp.sender();
    Upload upload{message.toRfc5322(from)};
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        return {false, false, false, QStringLiteral("libcurl could not be initialised.")};
    CURL* h = curl.get();
    char errors[CURL_ERROR_SIZE] = {};
    QString refusal;
    const QByteArray url = smtp.url.trimmed().toUtf8();
    const QByteArray mailFrom = '<' + from.address.toLatin1() + '>';
    const QByteArray rcptTo = '<' + message.to.address.toLatin1() + '>';
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
        curl_slist_append(nullptr, rcptTo.constData()), curl_slist_free_all);
    const QByteArray user = smtp.user.toUtf8();
    const QByteArray password = smtp.password.toUtf8();

    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mailFrom.constData());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.data.size()));
    if (!smtp.user.isEmpty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    }
    if (smtp.starttls)
        curl_easy_setopt(h, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(smtp.timeoutMs));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(smtp.timeoutMs));
    // Signals cannot interrupt a worker thread's name lookups.
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, checkCancel);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &cancel);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, keepRefusal);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &refusal);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);

    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK)
        return {true, false, false, {}};
    if (rc == CURLE_ABORTED_BY_CALLBACK && cancel.load())
        return {false, false, true, {}};
    QString error =
        errors[0] ? QString::fromUtf8(errors) : QString::fromUtf8(curl_easy_strerror(rc));
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 400 && refusal.startsWith(QString::number(code)))
        error += QStringLiteral(" (the relay said: %1)").arg(refusal);
    return {false, false, false, error};
}

std::optional<MailMessage> claimOne(sp::db::Connection& c, int leaseSeconds)
{
    const sp::db::Result r = c.exec(
        "SELECT id, coalesce(purchase_order_id, 0), recipient, coalesce(recipient_name, ''), "
        "       subject, body, attempts, (extract(epoch FROM created_at) * 1000)::bigint "
        "FROM mail_claim(1, $1)",
        {leaseSeconds});
    if (r.rows() == 0)
        return std::nullopt;
    MailMessage m;
    m.id = r.toLongLong(0, 0);
    m.purchaseOrderId = r.toLongLong(0, 1);
    m.to.address = r.text(0, 2);
    m.to.name = r.text(0, 3);
    m.subject = r.text(0, 4);
    m.body = r.text(0, 5);
    m.attempts = r.toInt(0, 6);
    m.createdAt = QDateTime::fromMSecsSinceEpoch(r.toLongLong(0, 7), Qt::UTC);
    return m;
}

} // namespace

SmtpSettings SmtpSettings::load(const QSettings* settings)
{
    SmtpSettings s;
    s.password = qEnvironmentVariable(PasswordVariable);
    if (!settings)
        return s;
    // QSettings reads an unquoted value with commas ("Shop, Inc. <o@shop.example>") as a list.
    auto value = [settings](const char* key) {
        const QVariant v = settings->value(QStringLiteral("smtp/") + QLatin1String(key));
        return (v.typeId() == QMetaType::QStringList ? v.toStringList().join(QStringLiteral(", "))
                                                     : v.toString())
            .trimmed();
    };
    s.url = value("url");
    s.from = value("from");
    s.user = value("user");
    QStringList errors;
    if (settings->contains(QStringLiteral("smtp/password"))) {
        errors << QStringLiteral("[smtp] password is never read from a settings file: put it in a "
                                 "file only this account can read and name it with password_file, "
                                 "or set %1.")
                      .arg(QLatin1String(PasswordVariable));
    }
    if (const QString file = value("password_file"); !file.isEmpty()) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly)) {
            s.password = QString::fromUtf8(f.readAll());
            while (s.password.endsWith(QLatin1Char('\n')) || s.password.endsWith(QLatin1Char('\r')))
                s.password.chop(1);
        } else {
            errors << QStringLiteral("[smtp] password_file \"%1\" cannot be read: %2.")
                          .arg(file, f.errorString());
        }
    }
    if (const QString text = value("starttls"); !text.isEmpty()) {
        if (const std::optional<bool> b = parseBool(text))
            s.starttls = *b;
        else
            errors << QStringLiteral("[smtp] starttls is true or false (got \"%1\").").arg(text);
    }
    if (const QString text = value("timeout_ms"); !text.isEmpty()) {
        bool ok = false;
        const int ms = text.toInt(&ok);
        if (ok && ms >= 1000 && ms <= 600'000)
            s.timeoutMs = ms;
        else
            errors << QStringLiteral("[smtp] timeout_ms is a whole number of milliseconds from "
                                     "1000 to 600000 (got \"%1\").")
                          .arg(text);
    }
    s.loadError = errors.join(QLatin1Char(' '));
    return s;
}

QString SmtpSettings::problem() const
{
    if (!isConfigured())
        return {};
    if (!loadError.isEmpty())
        return loadError;
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    if (!u.isValid() || (scheme != QLatin1String("smtp") && scheme != QLatin1String("smtps")) ||
        u.host().isEmpty()) {
        return QStringLiteral("[smtp] url is smtp://HOST[:PORT] or smtps://HOST[:PORT] "
                              "(got \"%1\").")
            .arg(url);
    }
    // A password in the url would be a password in the settings file.
    if (!u.userInfo().isEmpty()) {
        return QStringLiteral("[smtp] url names no user or password (got \"%1\"): use user "
                              "and password_file.")
            .arg(u.toString(QUrl::RemovePassword));
    }
    if (!Mailbox::parse(from, nullptr)) {
        return QStringLiteral("[smtp] from is the sender's address, such as orders@shop.example "
                              "or \"Shop <orders@shop.example>\" (got \"%1\").")
            .arg(from);
    }
    if (!user.isEmpty() && password.isEmpty()) {
        return QStringLiteral("[smtp] user is \"%1\" but there is no password: name a file "
                              "holding it with password_file, or set %2.")
            .arg(user, QLatin1String(PasswordVariable));
    }
    if (!user.isEmpty() && scheme == QLatin1String("smtp") && !starttls) {
        return QStringLiteral("[smtp] a password is sent only over TLS: set starttls=true or "
                              "use an smtps:// url (got \"%1\").")
            .arg(url);
    }
    return {};
}

Mailbox SmtpSettings::sender() const
{
    Mailbox m;
    Mailbox::parse(from, &m);
    return m;
}

Mailer::Mailer(sp::db::Database* db, SmtpSettings smtp, QObject* parent)
    : Mailer(db, std::move(smtp), Options(), parent)
{}

Mailer::Mailer(sp::db::Database* db, SmtpSettings smtp, Options options, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_smtp(std::move(smtp))
    , m_options(options)
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    // curl_global_init must run once before any thread uses libcurl.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (m_options.leaseSeconds <= 0)
        m_options.leaseSeconds = 2 * m_smtp.timeoutMs / 1000 + 30;
    m_worker.setMaxThreadCount(1);
    m_timer.setInterval(m_options.pollMs);
    connect(&m_timer, &QTimer::timeout, this, &Mailer::poll);
}

Mailer::~Mailer()
{
    m_timer.stop();
    m_cancel->store(true);
    m_worker.waitForDone();
}

bool Mailer::start()
{
    if (!m_smtp.isConfigured() || !m_smtp.problem().isEmpty())
        return false;
    m_timer.start();
    poll();
    return true;
}

void Mailer::stop()
{
    m_timer.stop();
}

void Mailer::sendNow()
{
    if (isRunning())
        poll();
}

void Mailer::poll()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    sp::db::Database* db = m_db;
    const SmtpSettings smtp = m_smtp;
    const Options o = m_options;
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    // The destructor waits for this, so events posted to the mailer find it alive (or are
    // dropped with it).
    m_worker.start([this, db, smtp, o, cancel] {
        int handled = 0;
        try {
            while (handled < o.batch && !cancel->load()) {
                const std::optional<MailMessage> message =
                    db->runHere([&](sp::db::Connection& c) { return claimOne(c, o.leaseSeconds); });
                if (!message)
                    break;
                const SendResult r = sendOne(*message, smtp, *cancel);
                if (r.cancelled)
                    break; // the lease runs out and another round sends it
                ++handled;
                const QString state = db->runHere([&](sp::db::Connection& c) {
                    return c
                        .exec("SELECT mail_result($1, $2, $3, $4)",
                              {message->id, r.ok,
                               r.error.isEmpty() ? sp::db::Param() : sp::db::Param(r.error),
                               r.permanent})
                        .text(0, 0);
                });
                const qint64 id = message->id;
                QMetaObject::invokeMethod(
                    this,
                    [this, id, r, state] {
                        if (r.ok)
                            emit sent(id);
                        else
                            emit attemptFailed(id, r.error, state);
                    },
                    Qt::QueuedConnection);
            }
        } catch (const sp::db::DbError& e) {
            const bool denied = e.is(sp::db::sqlstate::InsufficientPrivilege);
            QMetaObject::invokeMethod(
                this,
                [this, denied, message = e.message()] {
                    if (denied) {
                        stop();
                        emit permissionDenied(message);
                    } else {
                        emit errorOccurred(message);
                    }
                },
                Qt::QueuedConnection);
        } catch (const std::exception& e) {
            QMetaObject::invokeMethod(
                this,
                [this, message = QString::fromUtf8(e.what())] { emit errorOccurred(message); },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this, [this, handled] { finishRound(handled); }, Qt::QueuedConnection);
    });
}

void Mailer::finishRound(int messages)
{
    m_busy = false;
    emit roundFinished(messages);
    // A full round may have left more due messages behind.
    if ((m_again || messages >= m_options.batch) && isRunning()) {
        m_again = false;
        poll();
    }
    m_again = false;
}

} // namespace sp::notify
