#include "mailmessage.h"

#include <QLocale>
#include <QStringList>

namespace sp::notify {

namespace {

// Header lines should stay within 78 characters (RFC 5322 2.1.1).
constexpr int HeaderLineLength = 78;
// UTF-8 bytes per encoded-word: 48 base64 characters, 60 with "=?utf-8?B?" and "?=".
constexpr int EncodedWordBytes = 36;
// Quoted-printable lines are at most 76 characters, the "=" of a soft break included.
constexpr int QpLineLength = 76;

bool isAscii(const QString& text)
{
    for (QChar c : text)
        if (c.unicode() > 0x7e)
            return false;
    return true;
}

// Control characters (line breaks among them) would end a header or forge another.
QString withoutControls(const QString& text)
{
    QString out = text;
    for (QChar& c : out)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    return out;
}

QList<QByteArray> encodedWords(const QString& text)
{
    QList<QByteArray> words;
    QByteArray chunk;
    const QList<uint> codePoints = text.toUcs4();
    for (uint cp : codePoints) {
        const QByteArray bytes =
            QString::fromUcs4(reinterpret_cast<const char32_t*>(&cp), 1).toUtf8();
        if (!chunk.isEmpty() && chunk.size() + bytes.size() > EncodedWordBytes) {
            words.append("=?utf-8?B?" + chunk.toBase64() + "?=");
            chunk.clear();
        }
        chunk += bytes;
    }
    if (!chunk.isEmpty())
        words.append("=?utf-8?B?" + chunk.toBase64() + "?=");
    return words;
}

// RFC 5322 atext plus the space between words: such a name needs no quotes.
bool isPlainPhrase(const QString& name)
{
    static const QString specials = QStringLiteral("!#$%&'*+-/=?^_`{|}~ ");
    for (QChar c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && !specials.contains(c))
            return false;
    return !name.startsWith(QLatin1Char(' ')) && !name.endsWith(QLatin1Char(' '));
}

} // namespace

bool Mailbox::isUsableAddress(const QString& address)
{
    if (address.size() > 254 || address.count(QLatin1Char('@')) != 1)
        return false;
    const qsizetype at = address.indexOf(QLatin1Char('@'));
    if (at == 0 || at == address.size() - 1)
        return false;
    static const QString forbidden = QStringLiteral("<>()[],;:\"\\");
    for (QChar c : address) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u >= 0x7f || forbidden.contains(c))
            return false;
    }
    return true;
}

bool Mailbox::parse(const QString& text, Mailbox* out)
{
    const QString t = text.trimmed();
    Mailbox m;
    if (t.endsWith(QLatin1Char('>'))) {
        const qsizetype open = t.lastIndexOf(QLatin1Char('<'));
        if (open < 0)
            return false;
        m.address = t.mid(open + 1, t.size() - open - 2).trimmed();
        QString name = t.left(open).trimmed();
        if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) &&
            name.endsWith(QLatin1Char('"'))) {
            name = name.mid(1, name.size() - 2);
            name.replace(QStringLiteral("\\\""), QStringLiteral("\""));
            name.replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
        }
        m.name = name;
    } else {
        m.address = t;
    }
    if (!isUsableAddress(m.address))
        return false;
    for (QChar c : m.name)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    if (out)
        *out = m;
    return true;
}

QByteArray Mailbox::toHeader() const
{
    const QString n = withoutControls(name).trimmed();
    if (n.isEmpty())
        return address.toLatin1();
    QByteArray phrase;
    if (!isAscii(n)) {
        phrase = encodedWords(n).join("\r\n ");
    } else if (isPlainPhrase(n)) {
        phrase = n.toLatin1();
    } else {
        QString quoted = n;
        quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        quoted.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        phrase = '"' + quoted.toLatin1() + '"';
    }
    return phrase + " <" + address.toLatin1() + '>';
}

namespace mime {

QByteArray encodeUnstructured(const QString& text, int headerNameLength)
{
    const QString clean = withoutControls(text);
    if (!isAscii(clean))
        return encodedWords(clean).join("\r\n ");
    // Folded at spaces: unfolding (dropping the CRLF) gives the text back.
    QByteArray out;
    int column = headerNameLength + 2;
    const QStringList words = clean.split(QLatin1Char(' '));
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QByteArray word = words[i].toLatin1();
        if (i > 0) {
            if (!word.isEmpty() && column + 1 + word.size() > HeaderLineLength && column > 1) {
                out += "\r\n";
                column = 0;
            }
            out += ' ';
            ++column;
        }
        out += word;
        column += int(word.size());
    }
    return out;
}

QByteArray quotedPrintable(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    const bool endsWithBreak = utf8.endsWith('\n');
    if (endsWithBreak)
        utf8.chop(1);
    QByteArray out;
    const QList<QByteArray> lines = utf8.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QByteArray line = lines[n];
        if (line.endsWith('\r'))
            line.chop(1);
        int column = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const auto b = static_cast<unsigned char>(line[i]);
            const bool last = i == line.size() - 1;
            QByteArray piece;
            if ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last))
                piece = QByteArray(1, char(b));
            else
                piece = '=' + QByteArray(1, char(b)).toHex().toUpper();
            // Room is left for the "=" of a soft break.
            if (column + piece.size() > QpLineLength - 1) {
                out += "=\r\n";
                column = 0;
            }
            out += piece;
            column += int(piece.size());
        }
        out += "\r\n";
    }
    return out;
}

QByteArray date(const QDateTime& when)
{
    return QLocale::c()
               .toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"))
               .toLatin1() +
           " +0000";
}

} // namespace mime

QByteArray MailMessage::toRfc5322(const Mailbox& from) const
{
    const QDateTime when = createdAt.isValid() ? createdAt : QDateTime::currentDateTimeUtc();
    QByteArray m;
    auto header = [&m](const char* name, const QByteArray& value) {
        m += name;
        m += ": ";
        m += value;
        m += "\r\n";
    };
    header("Date", mime::date(when));
    header("From", from.toHeader());
    header("To", to.toHeader());
    header("Subject", mime::encodeUnstructured(subject, 7));
    // The same on every attempt, so that a message a relay took twice is known as one.
    header("Message-ID", "<stockpilot-mail." + QByteArray::number(id) + '.' +
                             QByteArray::number(when.toMSecsSinceEpoch()) + '@' +
                             from.domain().toLatin1() + '>');
    header("MIME-Version", "1.0");
    header("Content-Type", "text/plain; charset=utf-8");
    header("Content-Transfer-Encoding", "quoted-printable");
    if (purchaseOrderId > 0)
        header("X-StockPilot-Purchase-Order", QByteArray::number(purchaseOrderId));
    m += "\r\n";
    m += mime::quotedPrintable(body);
    return m;
}

} // namespace sp::notify
