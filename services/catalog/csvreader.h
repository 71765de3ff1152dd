#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <string>
#include <vector>

class QIODevice;

namespace sp::catalog {

// A CSV file that is not well-formed (RFC 4180): an unterminated quote, text after a closing
// quote, a quote inside an unquoted field. line() is the physical line (1-based) where it is.
struct CsvSyntaxError
{
    qint64 line = 0;
    QString message;
};

// Reads RFC 4180 CSV record by record from a device, in UTF-8: fields separated by commas,
// optionally quoted ("" is a quote inside quotes), quoted fields may hold commas and line
// breaks, records end with LF or CRLF, a UTF-8 byte order mark at the start is skipped, blank
// lines are skipped. Knows the physical line each record starts on, so errors can name it.
class CsvReader final
{
    Q_DECLARE_TR_FUNCTIONS(sp::catalog::CsvReader)

public:
    explicit CsvReader(QIODevice* device);

    // Reads the next record; false at the end of the input. Throws CsvSyntaxError.
    bool next();
    const std::vector<std::string>& fields() const { return m_fields; }
    int fieldCount() const { return m_count; }
    const std::string& field(int i) const { return m_fields[size_t(i)]; }
    // The physical line the current record starts on.
    qint64 line() const { return m_recordLine; }
    // Bytes of the input consumed so far.
    qint64 bytesRead() const { return m_consumed + m_pos; }

private:
    bool fill();
    int get();
    int peek();
    std::string& newField();

    QIODevice* m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_consumed = 0;
    bool m_eof = false;
    bool m_started = false;
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    std::vector<std::string> m_fields;
    int m_count = 0;
};

// True when the bytes are well-formed UTF-8 without NUL characters (which PostgreSQL text
// cannot hold).
bool isValidText(const std::string& bytes);

} // namespace sp::catalog
