#pragma once

#include "db/dberror.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <initializer_list>
#include <nlohmann/json.hpp>

class QRegularExpression;

namespace sp::http {

// A request the endpoint refuses before doing anything (SQLSTATE RequestRefused): the status, a
// problem type and a title; message() is the problem's detail for the developer of the client and
// field() names the offending JSON field. Its own type because only the endpoint knows statuses.
class RequestError : public sp::db::DbError
{
public:
    RequestError(int status, QByteArray type, QString title, QString detail, QString field = {})
        : sp::db::DbError(QString::fromLatin1(sp::db::sqlstate::RequestRefused), std::move(detail),
                          {}, {}, std::move(field))
        , status(status)
        , type(std::move(type))
        , title(std::move(title))
    {}
    void raise() const override { throw *this; }
    RequestError* clone() const override { return new RequestError(*this); }

    int status;
    QByteArray type;
    QString title;
};

// The compiled form of a pattern given as a string literal, made once per thread.
const QRegularExpression& compiledPattern(const char* pattern);

// A JSON object from a request body, read field by field with strict types: an unknown field,
// a missing required one or a wrong type throws RequestError 422 naming the field.
class JsonBody final
{
public:
    // Malformed JSON -> 400; anything but an object -> 422. An empty body is {} when allowed.
    static JsonBody parse(const QByteArray& body, bool emptyIsObject = false);

    void allowOnly(std::initializer_list<const char*> names) const;
    bool has(const char* name) const;
    QString string(const char* name, bool required, int maxLength, const char* pattern = nullptr,
                   const QString& fallback = {}) const;
    int integer(const char* name, bool required, int min, int max, int fallback = 0) const;
    double number(const char* name, bool required, double min, double max) const;
    JsonBody object(const char* name) const; // required
    // A required list of 1 to maxCount objects, each read as a JsonBody ("name[i].field").
    QList<JsonBody> objects(const char* name, int maxCount) const;
    // The field as JSON text, as it was sent (for the database to read).
    QByteArray text(const char* name) const;

    // SHA-256 (hex) of the canonical form (keys sorted): same meaning, same fingerprint.
    QByteArray fingerprint() const;

private:
    JsonBody(nlohmann::json json, std::string prefix)
        : m_json(std::move(json))
        , m_prefix(std::move(prefix))
    {}
    QString path(const char* name) const;
    const nlohmann::json* field(const char* name, bool required) const;

    nlohmann::json m_json;
    std::string m_prefix;
};

} // namespace sp::http
