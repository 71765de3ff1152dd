#include "csvreader.h"

#include <QIODevice>

namespace sp::catalog {

namespace {

constexpr qint64 BlockSize = 1 << 20;
constexpr int End = -1;

} // namespace

CsvReader::CsvReader(QIODevice* device)
    : m_device(device)
{}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    m_consumed += m_pos;
    m_buffer = m_device->read(BlockSize);
    m_pos = 0;
    if (m_buffer.isEmpty()) {
        m_eof = true;
        return false;
    }
    return true;
}

int CsvReader::get()
{
    if (m_pos >= m_buffer.size() && !fill())
        return End;
    return static_cast<unsigned char>(m_buffer[m_pos++]);
}

int CsvReader::peek()
{
    if (m_pos >= m_buffer.size() && !fill())
        return End;
    return static_cast<unsigned char>(m_buffer[m_pos]);
}

std::string& CsvReader::newField()
{
    if (size_t(m_count) == m_fields.size())
        m_fields.emplace_back();
    std::string& f = m_fields[size_t(m_count++)];
    f.clear();
    return f;
}

bool CsvReader::next()
{
    if (!m_started) {
        m_started = true;
        // A byte order mark is how some spreadsheet programs say "UTF-8".
        if (peek() == 0xEF && m_buffer.size() - m_pos >= 3 &&
            m_buffer.mid(m_pos, 3) == QByteArray("\xEF\xBB\xBF"))
            m_pos += 3;
    }
    for (;;) {
        m_count = 0;
        m_recordLine = m_line;
        int c = peek();
        if (c == End)
            return false;
        // Blank lines carry no record.
        if (c == '\n' || c == '\r') {
            get();
            if (c == '\r' && peek() == '\n')
                get();
            ++m_line;
            continue;
        }
        for (;;) {
            std::string& f = newField();
            c = get();
            if (c == '"') {
                const qint64 quoteLine = m_line;
                for (;;) {
                    c = get();
                    if (c == End)
                        throw CsvSyntaxError{
                            quoteLine, tr("A quoted field that starts here is never closed.")};
                    if (c == '"') {
                        if (peek() == '"') {
                            get();
                            f.push_back('"');
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++m_line;
                    f.push_back(char(c));
                }
                c = get();
                if (c != ',' && c != '\n' && c != '\r' && c != End)
                    throw CsvSyntaxError{m_line,
                                         tr("Unexpected text after a closing quote (a quote "
                                            "inside a field is written as two quotes).")};
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != End) {
                    if (c == '"')
                        throw CsvSyntaxError{m_line, tr("A quote inside an unquoted field: "
                                                        "put the field in quotes and double "
                                                        "the quote.")};
                    f.push_back(char(c));
                    // Fast path through the plain characters of the buffer.
                    while (m_pos < m_buffer.size()) {
                        const char d = m_buffer[m_pos];
                        if (d == ',' || d == '\n' || d == '\r' || d == '"')
                            break;
                        f.push_back(d);
                        ++m_pos;
                    }
                    c = get();
                }
            }
            if (c == ',')
                continue;
            if (c == '\r' && peek() == '\n')
                get();
            if (c != End)
                ++m_line;
            return true;
        }
    }
}

bool isValidText(const std::string& bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            if (c == 0)
                return false;
            ++p;
            continue;
        }
        int extra;
        unsigned int cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
            (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

} // namespace sp::catalog
