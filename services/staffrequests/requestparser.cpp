#include "requestparser.h"

#include <QRegularExpression>

namespace sp::staffrequests {

namespace {

const QRegularExpression& skuPattern()
{
    // SKU-like tokens: letters then digits (SKU000123, AB-1234, ...).
    static const QRegularExpression re(
        QStringLiteral("\\b([A-Za-z]{2,}[-_.]?[0-9]{2,}[A-Za-z0-9._-]*)\\b"));
    return re;
}

bool hasWord(const QString& text, const QStringList& words)
{
    for (const QString& w : words) {
        const QRegularExpression re(QStringLiteral("\\b") + QRegularExpression::escape(w) +
                                        QStringLiteral("\\b"),
                                    QRegularExpression::CaseInsensitiveOption);
        if (re.match(text).hasMatch())
            return true;
    }
    return false;
}

// The numbers of the text, leaving out digits that belong to SKU-like tokens and percentages.
QList<double> numbersOf(const QString& text, bool percentages)
{
    QString cleaned = text;
    cleaned.replace(skuPattern(), QStringLiteral(" "));
    static const QRegularExpression number(
        QStringLiteral("(?<![\\w.])(\\d+(?:[.,]\\d+)?)(\\s*%)?"));
    QList<double> values;
    auto it = number.globalMatch(cleaned);
    while (it.hasNext()) {
        const auto m = it.next();
        const bool isPercent = !m.captured(2).isEmpty();
        if (isPercent == percentages)
            values.append(m.captured(1).replace(QLatin1Char(','), QLatin1Char('.')).toDouble());
    }
    return values;
}

} // namespace

QString resolveCategory(const QString& text, const QStringList& categories)
{
    const QString wanted = text.simplified().toCaseFolded();
    if (wanted.isEmpty())
        return {};
    for (const QString& c : categories) {
        const QString folded = c.toCaseFolded();
        if (folded == wanted || folded == wanted + QLatin1Char('s') ||
            folded + QLatin1Char('s') == wanted || folded == wanted + QLatin1String("es"))
            return c;
    }
    return {};
}

RuleBasedParser::RuleBasedParser(QList<LocationName> locations, QStringList categories)
    : m_locations(std::move(locations))
    , m_categories(std::move(categories))
{}

QString RuleBasedParser::findLocationAfter(const QString& text,
                                           const QStringList& prepositions) const
{
    for (const QString& p : prepositions) {
        const QRegularExpression re(QStringLiteral("\\b") + p + QStringLiteral("\\s+([^,.;:!?]+)"),
                                    QRegularExpression::CaseInsensitiveOption);
        auto it = re.globalMatch(text);
        while (it.hasNext()) {
            const QStringList words =
                it.next().captured(1).simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            // The longest run of words that names a location: "Store Mitte because ..." ->
            // "Store Mitte".
            for (qsizetype n = qMin<qsizetype>(words.size(), 4); n > 0; --n) {
                const QString code =
                    resolveLocation(words.mid(0, n).join(QLatin1Char(' ')), m_locations);
                if (!code.isEmpty())
                    return code;
            }
        }
    }
    return {};
}

QString RuleBasedParser::findCategory(const QString& text) const
{
    static const QRegularExpression word(QStringLiteral("[\\p{L}&-]+"));
    auto it = word.globalMatch(text);
    QStringList words;
    while (it.hasNext())
        words.append(it.next().captured(0));
    // Two-word categories first ("Rain Jackets"), then single words.
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        const QString c = resolveCategory(words[i] + QLatin1Char(' ') + words[i + 1], m_categories);
        if (!c.isEmpty())
            return c;
    }
    for (const QString& w : words) {
        const QString c = resolveCategory(w, m_categories);
        if (!c.isEmpty())
            return c;
    }
    return {};
}

ParseResult RuleBasedParser::parse(const QString& input) const
{
    ParseResult result;
    result.reader = QStringLiteral("rules");
    const QString text = input.simplified();
    if (text.isEmpty()) {
        result.error = tr("The request is empty.");
        return result;
    }
    if (text.size() > 1000) {
        result.error = tr("The request is too long (at most 1,000 characters).");
        return result;
    }

    StaffRequest r;
    const auto skuMatch = skuPattern().match(text);
    if (skuMatch.hasMatch())
        r.sku = skuMatch.captured(1).toUpper();
    const QList<double> numbers = numbersOf(text, false);
    const QList<double> percents = numbersOf(text, true);

    if (hasWord(text,
                {QStringLiteral("discount"), QStringLiteral("promote"), QStringLiteral("promotion"),
                 QStringLiteral("markdown"), QStringLiteral("mark down"), QStringLiteral("sale"),
                 QStringLiteral("clearance")})) {
        r.kind = RequestKind::Promotion;
        r.category = findCategory(text);
        if (!percents.isEmpty())
            r.discountPercent = percents.first();
        if (r.category.isEmpty() && r.sku.isEmpty()) {
            result.error = tr("Which category should the promotion cover? Known categories: %1.")
                               .arg(m_categories.join(QStringLiteral(", ")));
            return result;
        }
        result.request = r;
        return result;
    }

    if (r.sku.isEmpty()) {
        result.error = tr("No SKU found in the request (for example SKU000123).");
        return result;
    }

    static const QRegularExpression reasonPattern(
        QStringLiteral("\\b(?:because|reason:?|due to|since)\\s+(.+)$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto reasonMatch = reasonPattern.match(text);
    const QString reason = reasonMatch.hasMatch() ? reasonMatch.captured(1).trimmed() : QString();
    const QString beforeReason =
        reasonMatch.hasMatch() ? text.left(reasonMatch.capturedStart(0)) : text;

    if (hasWord(beforeReason,
                {QStringLiteral("adjust"), QStringLiteral("count"), QStringLiteral("counted"),
                 QStringLiteral("correct"), QStringLiteral("recount"), QStringLiteral("set")})) {
        r.kind = RequestKind::Adjustment;
        r.location = findLocationAfter(beforeReason, {QStringLiteral("at"), QStringLiteral("in")});
        const QList<double> counted = numbersOf(beforeReason, false);
        if (counted.isEmpty()) {
            result.error = tr("What is the counted quantity?");
            return result;
        }
        r.quantity = int(counted.last());
        r.reason = reason;
        if (r.location.isEmpty()) {
            result.error = tr("At which location was %1 counted?").arg(r.sku);
            return result;
        }
        if (r.reason.isEmpty()) {
            result.error = tr("An adjustment needs a reason (\"... because ...\").");
            return result;
        }
        result.request = r;
        return result;
    }

    if (hasWord(beforeReason,
                {QStringLiteral("restock"), QStringLiteral("reorder"), QStringLiteral("order"),
                 QStringLiteral("replenish"), QStringLiteral("buy")})) {
        r.kind = RequestKind::Restock;
        r.location = findLocationAfter(beforeReason, {QStringLiteral("at"), QStringLiteral("for"),
                                                      QStringLiteral("to"), QStringLiteral("in")});
        r.quantity = numbers.isEmpty() ? 0 : int(numbers.first());
        r.reason = reason;
        if (r.location.isEmpty()) {
            result.error = tr("For which location should %1 be restocked?").arg(r.sku);
            return result;
        }
        result.request = r;
        return result;
    }

    // Anything else naming a SKU and a destination is a transfer ("20 of SKU1 to Store A").
    r.kind = RequestKind::Transfer;
    r.location = findLocationAfter(
        beforeReason, {QStringLiteral("to"), QStringLiteral("into"), QStringLiteral("for")});
    r.fromLocation = findLocationAfter(beforeReason, {QStringLiteral("from")});
    r.quantity = numbers.isEmpty() ? 0 : int(numbers.first());
    r.reason = reason;
    if (r.location.isEmpty()) {
        result.error =
            tr("Where should %1 go? Name the destination (\"to Store Mitte\").").arg(r.sku);
        return result;
    }
    result.request = r;
    return result;
}

QString ungroundedField(const StaffRequest& r, const QString& text,
                        const QList<LocationName>& locations)
{
    const QString folded = text.toCaseFolded();
    if (!r.sku.isEmpty() && !folded.contains(r.sku.toCaseFolded()))
        return QStringLiteral("sku");
    const QList<double> numbers = numbersOf(text, false);
    if (r.quantity > 0 && !numbers.contains(double(r.quantity)))
        return QStringLiteral("quantity");
    if (r.kind == RequestKind::Adjustment && r.quantity == 0 && !numbers.contains(0.0))
        return QStringLiteral("quantity");
    const QList<double> percents = numbersOf(text, true) + numbers;
    if (r.discountPercent > 0 && !percents.contains(r.discountPercent))
        return QStringLiteral("discount_percent");
    auto mentioned = [&](const QString& code) {
        for (const LocationName& l : locations) {
            if (l.code != code)
                continue;
            if (folded.contains(l.code.toCaseFolded()))
                return true;
            for (const QString& word : l.name.toCaseFolded().split(QLatin1Char(' '))) {
                // A distinctive word of the name ("mitte"), not "store" or "warehouse".
                if (word.size() > 2 && word != l.kind && folded.contains(word))
                    return true;
            }
            return l.kind == QLatin1String("online") && (folded.contains(QLatin1String("online")) ||
                                                         folded.contains(QLatin1String("web")));
        }
        return false;
    };
    if (!r.location.isEmpty() && !mentioned(r.location))
        return QStringLiteral("location");
    if (!r.fromLocation.isEmpty() && !mentioned(r.fromLocation))
        return QStringLiteral("from_location");
    if (!r.category.isEmpty()) {
        QString stem = r.category.toCaseFolded();
        if (stem.endsWith(QLatin1Char('s')))
            stem.chop(1);
        if (!folded.contains(stem))
            return QStringLiteral("category");
    }
    return {};
}

} // namespace sp::staffrequests
