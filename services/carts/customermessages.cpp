#include "customermessages.h"

#include "db/pgconnection.h"
#include "http/httpserver.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

namespace sp::carts {

namespace {

const QRegularExpression& placeholderPattern()
{
    static const QRegularExpression p(QStringLiteral("\\{([a-z_]+)\\}"));
    return p;
}

QStringList placeholders(const QString& text)
{
    QStringList names;
    for (auto it = placeholderPattern().globalMatch(text); it.hasNext();)
        names.append(it.next().captured(1));
    return names;
}

// The template as a pattern that captures its placeholders' values, e.g. "only {count} left"
// -> ^only (?<count>.+?) left$.
QRegularExpression matcher(const QString& text)
{
    QString pattern = QStringLiteral("^");
    qsizetype at = 0;
    for (auto it = placeholderPattern().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        pattern += QRegularExpression::escape(text.mid(at, m.capturedStart() - at));
        pattern += QStringLiteral("(?<%1>.+?)").arg(m.captured(1));
        at = m.capturedEnd();
    }
    pattern += QRegularExpression::escape(text.mid(at)) + QLatin1Char('$');
    return QRegularExpression(pattern);
}

// One pass, so a value that looks like a placeholder ("{count}" in a category's name) stays.
QString fill(const QString& text, const QHash<QString, QString>& values)
{
    QString out;
    qsizetype at = 0;
    for (auto it = placeholderPattern().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(at, m.capturedStart() - at);
        out += values.value(m.captured(1), m.captured());
        at = m.capturedEnd();
    }
    return out + text.mid(at);
}

struct Compiled
{
    QString key;
    QRegularExpression pattern;
    QStringList names;
    bool fragment;
};

const QList<Compiled>& compiled()
{
    static const QList<Compiled> list = [] {
        QList<Compiled> out;
        for (const CustomerMessages::Template& t : CustomerMessages::templates()) {
            const QString text = QString::fromUtf8(t.text);
            out.append({QString::fromLatin1(t.key), matcher(text), placeholders(text), t.fragment});
        }
        return out;
    }();
    return list;
}

void walk(nlohmann::ordered_json& node, const std::function<QString(const QString&, bool)>& f)
{
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.value().is_string() && (it.key() == "message" || it.key() == "why")) {
                const QString before = QString::fromStdString(it.value().get<std::string>());
                const QString after = f(before, it.key() == "why");
                if (after != before)
                    it.value() = after.toStdString();
            } else {
                walk(it.value(), f);
            }
        }
    } else if (node.is_array()) {
        for (auto& element : node)
            walk(element, f);
    }
}

} // namespace

const QList<CustomerMessages::Template>& CustomerMessages::templates()
{
    // Exactly as the endpoint's SQL functions write them (sp_stock_message, sp_alternatives,
    // the insufficient-stock problems); more specific ones first.
    static const QList<Template> list{
        {"only_left", "only {count} left", false},
        {"last_one", "that was the last one", false},
        {"out_of_stock", "out of stock", false},
        {"alt_category", "same category ({category})", true},
        {"alt_attributes_named", "{alike} of {total} attributes alike ({names})", true},
        {"alt_attributes", "{alike} of {total} attributes alike", true},
        {"alt_same_price", "same price ({price})", true},
        {"alt_price", "price {price} instead of {base_price}", true},
        {"alt_here", "{available} available at {location}, the requested location", true},
        {"alt_away", "{available} available at {location}, {km} km away", true},
    };
    return list;
}

QString CustomerMessages::templateText(const QString& key)
{
    for (const Template& t : templates()) {
        if (key == QLatin1String(t.key))
            return QString::fromUtf8(t.text);
    }
    return {};
}

QString CustomerMessages::check(const QString& templateText, const QString& input)
{
    const QString wording = input.trimmed();
    if (wording.isEmpty())
        return tr("the wording is empty");
    if (wording.size() > MaxLength)
        return tr("the wording is longer than %1 characters").arg(MaxLength);
    for (const QChar ch : wording) {
        if (ch.category() == QChar::Other_Control || ch.category() == QChar::Other_Format)
            return tr("the wording is not one line of plain text");
    }
    QStringList expected = placeholders(templateText);
    QStringList found = placeholders(wording);
    expected.sort();
    found.sort();
    if (expected != found) {
        return tr("the wording has the placeholders %1 instead of %2")
            .arg(found.isEmpty() ? tr("(none)") : found.join(QStringLiteral(", ")),
                 expected.isEmpty() ? tr("(none)") : expected.join(QStringLiteral(", ")));
    }
    QString rest = wording;
    rest.remove(placeholderPattern());
    static const QRegularExpression markup(QStringLiteral("[<>{}\\[\\]`*#|\\\\]|https?:|www\\."),
                                           QRegularExpression::CaseInsensitiveOption);
    if (markup.match(rest).hasMatch())
        return tr("the wording contains markup, a link or a stray brace");
    static const QRegularExpression digits(QStringLiteral("\\d"));
    if (digits.match(rest).hasMatch())
        return tr("the wording has a number of its own");
    static const QRegularExpression words(
        QStringLiteral("\\b(zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       "twenty|thirty|forty|fifty|hundred|thousand|dozens?|few|several|many|"
                       "plenty|lots)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (const auto m = words.match(rest); m.hasMatch())
        return tr("the wording adds an amount of its own (\"%1\")").arg(m.captured());
    return {};
}

void CustomerMessages::refresh(sp::db::Connection& c)
{
    const sp::db::Result r =
        c.exec("SELECT key, template, wording FROM customer_wordings_current() "
               "WHERE source = 'llm'");
    QHash<QString, QString> wordings;
    for (int i = 0; i < r.rows(); ++i) {
        const QString key = r.text(i, 0);
        const QString current = templateText(key);
        // A wording made for another version of the template, or one that does not pass the
        // checks (whoever wrote it into the table), is not used.
        if (current.isEmpty() || r.text(i, 1) != current || !check(current, r.text(i, 2)).isEmpty())
            continue;
        wordings.insert(key, r.text(i, 2).trimmed());
    }
    setWordings(wordings);
}

void CustomerMessages::setWordings(const QHash<QString, QString>& wordings)
{
    QWriteLocker lock(&m_lock);
    m_wordings = wordings;
    m_any = !m_wordings.isEmpty();
}

QHash<QString, QString> CustomerMessages::wordings() const
{
    QReadLocker lock(&m_lock);
    return m_wordings;
}

QString CustomerMessages::text(const QString& key, const QHash<QString, QString>& values) const
{
    QString wording;
    {
        QReadLocker lock(&m_lock);
        wording = m_wordings.value(key);
    }
    return fill(wording.isEmpty() ? templateText(key) : wording, values);
}

QString CustomerMessages::reword(const QString& input, bool fragment) const
{
    auto one = [this](const QString& part, bool isFragment) {
        for (const Compiled& t : compiled()) {
            if (t.fragment != isFragment)
                continue;
            const QRegularExpressionMatch m = t.pattern.match(part);
            if (!m.hasMatch())
                continue;
            QHash<QString, QString> values;
            for (const QString& name : t.names)
                values.insert(name, m.captured(name));
            return this->text(t.key, values);
        }
        return part;
    };
    if (!fragment)
        return one(input, false);
    QStringList parts = input.split(QStringLiteral("; "));
    for (QString& part : parts)
        part = one(part, true);
    return parts.join(QStringLiteral("; "));
}

void CustomerMessages::apply(sp::http::HttpResponse& response) const
{
    if (!m_any.load(std::memory_order_relaxed))
        return;
    if (!response.body.contains("\"message\"") && !response.body.contains("\"why\""))
        return;
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(
        response.body.constData(), response.body.constData() + response.body.size(), nullptr,
        false);
    if (doc.is_discarded())
        return;
    walk(doc, [this](const QString& text, bool fragment) { return reword(text, fragment); });
    const std::string out = doc.dump();
    response.body = QByteArray(out.data(), qsizetype(out.size()));
}

} // namespace sp::carts
