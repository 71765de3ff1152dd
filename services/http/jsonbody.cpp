#include "jsonbody.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>

#include <unordered_map>

namespace sp::http {

namespace {

const char* typeName(const nlohmann::json& j)
{
    return j.type_name();
}

RequestError invalid(const QString& field, const QString& detail)
{
    return RequestError(422, "invalid-field",
                        QCoreApplication::translate("sp::http::JsonBody", "Invalid field"), detail,
                        field);
}

} // namespace

JsonBody JsonBody::parse(const QByteArray& body, bool emptyIsObject)
{
    if (body.trimmed().isEmpty() && emptyIsObject)
        return JsonBody(nlohmann::json::object(), {});
    nlohmann::json json =
        nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (json.is_discarded())
        throw RequestError(400, "malformed-json",
                           QCoreApplication::translate("sp::http::JsonBody", "Malformed JSON"),
                           QCoreApplication::translate("sp::http::JsonBody",
                                                       "The request body is not valid JSON."));
    if (!json.is_object())
        throw RequestError(422, "invalid-body",
                           QCoreApplication::translate("sp::http::JsonBody", "Invalid body"),
                           QCoreApplication::translate("sp::http::JsonBody",
                                                       "The request body must be a JSON object."));
    return JsonBody(std::move(json), {});
}

QString JsonBody::path(const char* name) const
{
    return QString::fromStdString(m_prefix + name);
}

void JsonBody::allowOnly(std::initializer_list<const char*> names) const
{
    for (const auto& [key, value] : m_json.items()) {
        bool known = false;
        for (const char* n : names)
            known = known || key == n;
        if (!known) {
            const QString field = QString::fromStdString(m_prefix + key).left(100);
            throw invalid(field,
                          QCoreApplication::translate("sp::http::JsonBody", "Unknown field \"%1\".")
                              .arg(field));
        }
    }
}

bool JsonBody::has(const char* name) const
{
    return m_json.contains(name) && !m_json.at(name).is_null();
}

const nlohmann::json* JsonBody::field(const char* name, bool required) const
{
    const auto it = m_json.find(name);
    if (it == m_json.end() || it->is_null()) {
        if (required)
            throw invalid(path(name),
                          QCoreApplication::translate("sp::http::JsonBody", "\"%1\" is required.")
                              .arg(path(name)));
        return nullptr;
    }
    return &*it;
}

const QRegularExpression& compiledPattern(const char* pattern)
{
    // Each pattern once per thread: compiling one for every request showed in profiles of the
    // hold load. Patterns are the callers' string literals (a handful), known by address.
    thread_local std::unordered_map<const char*, QRegularExpression> compiled;
    const auto [it, added] = compiled.try_emplace(pattern, QString::fromLatin1(pattern));
    if (added)
        it->second.optimize();
    return it->second;
}

QString JsonBody::string(const char* name, bool required, int maxLength, const char* pattern,
                         const QString& fallback) const
{
    const nlohmann::json* j = field(name, required);
    if (!j)
        return fallback;
    if (!j->is_string())
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" must be a string, not %2.")
                                      .arg(path(name), QLatin1String(typeName(*j))));
    const QString value = QString::fromStdString(j->get<std::string>());
    bool ok = value.size() <= maxLength && !value.isEmpty();
    if (ok && pattern)
        ok = compiledPattern(pattern).match(value).hasMatch();
    if (!ok)
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" has an invalid value.")
                                      .arg(path(name)));
    return value;
}

int JsonBody::integer(const char* name, bool required, int min, int max, int fallback) const
{
    const nlohmann::json* j = field(name, required);
    if (!j)
        return fallback;
    // Booleans and floats (1.0, 1e308) are not whole numbers here; neither is "1".
    if (!j->is_number_integer())
        throw invalid(
            path(name),
            QCoreApplication::translate("sp::http::JsonBody",
                                        "\"%1\" must be a whole number, not %2.")
                .arg(path(name), QLatin1String(j->is_number_float() ? "a fraction or exponent"
                                                                    : typeName(*j))));
    const bool inRange = j->is_number_unsigned()
                             ? j->get<std::uint64_t>() <= std::uint64_t(max)
                             : j->get<std::int64_t>() >= min && j->get<std::int64_t>() <= max;
    const bool aboveMin =
        j->is_number_unsigned() ? j->get<std::uint64_t>() >= std::uint64_t(min) : true;
    if (!inRange || !aboveMin)
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" must be between %2 and %3.")
                                      .arg(path(name))
                                      .arg(min)
                                      .arg(max));
    return int(j->get<std::int64_t>());
}

double JsonBody::number(const char* name, bool required, double min, double max) const
{
    const nlohmann::json* j = field(name, required);
    if (!j)
        return 0;
    if (!j->is_number())
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" must be a number, not %2.")
                                      .arg(path(name), QLatin1String(typeName(*j))));
    const double v = j->get<double>();
    if (!(v >= min && v <= max))
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" must be between %2 and %3.")
                                      .arg(path(name))
                                      .arg(min)
                                      .arg(max));
    return v;
}

JsonBody JsonBody::object(const char* name) const
{
    const nlohmann::json* j = field(name, true);
    if (!j->is_object())
        throw invalid(path(name), QCoreApplication::translate("sp::http::JsonBody",
                                                              "\"%1\" must be an object, not %2.")
                                      .arg(path(name), QLatin1String(typeName(*j))));
    return JsonBody(*j, m_prefix + name + ".");
}

QList<JsonBody> JsonBody::objects(const char* name, int maxCount) const
{
    const nlohmann::json* j = field(name, true);
    if (!j->is_array() || j->empty() || j->size() > size_t(maxCount))
        throw invalid(path(name),
                      QCoreApplication::translate("sp::http::JsonBody",
                                                  "\"%1\" must be a list of 1 to %2 objects.")
                          .arg(path(name))
                          .arg(maxCount));
    QList<JsonBody> list;
    list.reserve(qsizetype(j->size()));
    for (size_t i = 0; i < j->size(); ++i) {
        const std::string at = m_prefix + name + '[' + std::to_string(i) + ']';
        if (!(*j)[i].is_object())
            throw invalid(QString::fromStdString(at),
                          QCoreApplication::translate("sp::http::JsonBody",
                                                      "\"%1\" must be an object, not %2.")
                              .arg(QString::fromStdString(at), QLatin1String(typeName((*j)[i]))));
        list.append(JsonBody((*j)[i], at + '.'));
    }
    return list;
}

QByteArray JsonBody::text(const char* name) const
{
    const nlohmann::json* j = field(name, true);
    const std::string dumped = j->dump();
    return QByteArray(dumped.data(), qsizetype(dumped.size()));
}

QByteArray JsonBody::fingerprint() const
{
    const std::string canonical = m_json.dump();
    return QCryptographicHash::hash(QByteArrayView(canonical.data(), qsizetype(canonical.size())),
                                    QCryptographicHash::Sha256)
        .toHex();
}

} // namespace sp::http
