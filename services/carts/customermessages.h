#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <atomic>

namespace sp::db {
class Connection;
}
namespace sp::http {
struct HttpResponse;
}

namespace sp::carts {

// The customer messages of the endpoint's answers ("only 3 left", why an alternative was
// chosen) in friendlier words. The database's functions write the built-in templates below;
// a language model rewords each template once (the customer-wording job), the wordings are
// checked and cached in the database, and this object keeps the checked ones in memory. The
// endpoint asks it to reword a response body just before sending it: no database work and no
// model call on a request's path, and with no wordings nothing changes.
class CustomerMessages final
{
    Q_DECLARE_TR_FUNCTIONS(sp::carts::CustomerMessages)

public:
    struct Template
    {
        const char* key;
        const char* text; // placeholders as {name}; no other digits or braces
        bool fragment;    // a part of an alternative's "why" (joined by "; "), else a "message"
    };
    // Every message the endpoint's SQL functions write, as templates.
    static const QList<Template>& templates();
    static QString templateText(const QString& key);
    static constexpr int MaxLength = 120;

    // Empty when wording may replace the template: every placeholder of the template exactly
    // once and no other, no digits or number words, one line of plain text, at most MaxLength
    // characters. Otherwise why not.
    static QString check(const QString& templateText, const QString& wording);

    // Reads the cached wordings (customer_wordings_current(), which the endpoint's login may
    // call) and keeps the ones that still match their template and pass check().
    void refresh(sp::db::Connection& c);
    // Replaces the wordings in memory (tests, and refresh()).
    void setWordings(const QHash<QString, QString>& wordings);
    QHash<QString, QString> wordings() const;

    // The message for key with its placeholders filled in: the wording, else the template.
    QString text(const QString& key, const QHash<QString, QString>& values) const;
    // Rewords the "message" and "why" texts of a JSON response body in place.
    void apply(sp::http::HttpResponse& response) const;

private:
    QString reword(const QString& input, bool fragment) const;

    mutable QReadWriteLock m_lock;
    QHash<QString, QString> m_wordings; // key -> wording
    std::atomic<bool> m_any{false};
};

} // namespace sp::carts
