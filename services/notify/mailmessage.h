#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace sp::notify {

// An address with an optional display name, as in "Nordtex <orders@nordtex.example>".
struct Mailbox
{
    QString name;
    QString address;

    // "orders@shop.example", "Shop <orders@shop.example>" or "\"Shop, Inc.\" <...>"; false
    // when text is none of these or the address is not one a relay could take.
    static bool parse(const QString& text, Mailbox* out);
    // local@domain without spaces, control characters, brackets, quotes or a second "@".
    static bool isUsableAddress(const QString& address);
    QString domain() const { return address.section(QLatin1Char('@'), -1); }
    // The header form: the name as an atom, a quoted string or RFC 2047 words, then <address>.
    QByteArray toHeader() const;
};

// One message of the e-mail outbox (mail_outbox), as the mailer sends it.
struct MailMessage
{
    qint64 id = 0;
    qint64 purchaseOrderId = 0;
    Mailbox to;
    QString subject;
    QString body; // plain text, lines ending in "\n"
    int attempts = 0;
    QDateTime createdAt;

    // The RFC 5322 message: Date (when it was queued), From, To, Subject (RFC 2047 when not
    // ASCII), a Message-ID that stays the same on every attempt, MIME-Version, UTF-8 text in
    // quoted-printable, CRLF line ends. Dot-stuffing is left to the SMTP client.
    QByteArray toRfc5322(const Mailbox& from) const;
};

namespace mime {
// A header's unstructured text: as it is when ASCII (folded at spaces), else RFC 2047 "B"
// encoded-words of whole UTF-8 characters, one per folded line. headerName sizes the first
// line.
QByteArray encodeUnstructured(const QString& text, int headerNameLength);
// RFC 2045 quoted-printable of UTF-8 text: "\n" or "\r\n" become CRLF, lines stay within 76
// characters by soft breaks, and space before a line end is encoded.
QByteArray quotedPrintable(const QString& text);
// "Sun, 01 Nov 2026 09:30:00 +0000".
QByteArray date(const QDateTime& when);
} // namespace mime

} // namespace sp::notify
