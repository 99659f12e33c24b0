#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

class QIODevice;

namespace accord {

// Reads CSV as CsvWriter writes it and as spreadsheets do (RFC 4180): quoted fields holding
// separators, doubled quotes and line breaks; LF, CRLF or a lone CR ending a record; `;` as
// the separator when the header row uses it. UTF-8 with or without a BOM, or UTF-16 with
// one, is handed out as UTF-8. Every CSV Accord imports comes in through here.
//
// The device is read a chunk at a time and each record is unescaped into one buffer that
// keeps its capacity, with its fields as offsets into it: a million-row import allocates
// nothing per record, and memory grows only with the longest record.
class CsvReader
{
public:
    static constexpr qint64 chunkSize = qint64(1) << 20;

    explicit CsvReader(QIODevice& device); // open for reading; read chunkSize at a time
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Reads the next record. False at the end of input or on an error (ok() tells which).
    bool next();
    int fieldCount() const { return int(m_ends.size()); }
    // Field i of the current record as UTF-8: quotes removed, doubled quotes undone. Valid
    // until next(). Empty for an i outside [0, fieldCount()).
    std::string_view field(int i) const
    {
        if (i < 0 || std::size_t(i) >= m_ends.size())
            return {};
        const std::size_t begin = i == 0 ? 0 : m_ends[std::size_t(i) - 1];
        return std::string_view(m_record.data() + begin, m_ends[std::size_t(i)] - begin);
    }
    // The physical line (1-based) where the current record starts; after an error, the line
    // of the error.
    qint64 line() const { return m_recordLine; }
    bool ok() const { return m_error == Error::None; }
    // A human sentence without file/line prefix, e.g. "a quoted field is not closed".
    QString error() const;
    // ',' or ';': chosen from the first record (the header row).
    char separator() const { return m_separator; }
    // Bytes consumed from the device so far (for a progress bar).
    qint64 bytesRead() const { return m_bytesRead; }

private:
    enum class Error {
        None,
        QuoteInUnquotedField,
        TextAfterClosingQuote,
        UnclosedQuote,
        InvalidUtf8,
        InvalidUtf16,
        NulByte,
        TooManyFields,
        ReadFailed
    };
    enum class Encoding { Unknown, Utf8, Utf16Le, Utf16Be };
    enum class State { RecordStart, FieldStart, Unquoted, Quoted, QuoteInQuoted };

    void chooseSeparator();
    bool fill();
    void readChunk();
    void appendUtf8(const char* bytes, std::size_t size);
    void appendUtf16(const char* bytes, std::size_t size);
    bool endRecord(char lineEnd);
    void countLineBreak(char c);
    bool fail(Error error, qint64 line);

    QIODevice& m_device;
    qint64 m_chunk = chunkSize; // less for a device known to be smaller
    std::vector<char> m_raw;    // a chunk as the device gave it
    std::size_t m_rawKept = 0;  // bytes at m_raw's start still to decode (a BOM's, an odd one)
    Encoding m_encoding = Encoding::Unknown;
    char16_t m_highSurrogate = 0; // UTF-16: the first half of a pair split by a chunk's end
    bool m_endOfDevice = false;

    // The input as UTF-8: [m_pos, m_validEnd) is checked and not yet parsed; past m_validEnd
    // waits for the rest of a character, or is where m_pendingError was found.
    std::string m_text;
    std::size_t m_pos = 0;
    std::size_t m_validEnd = 0;
    Error m_pendingError = Error::None;
    QString m_readError;

    std::array<std::uint8_t, 256> m_stops{}; // per byte: which field kinds it ends
    char m_separator = ',';
    bool m_separatorChosen = false;

    std::string m_record;            // the current record's fields, unescaped, end to end
    std::vector<std::size_t> m_ends; // where each field ends in m_record
    qint64 m_line = 1;               // the physical line at m_pos
    bool m_lastWasCr = false;        // so the LF of a CRLF does not count as another line
    qint64 m_quoteLine = 0;          // where the open quoted field started
    qint64 m_recordLine = 0;
    qint64 m_bytesRead = 0;
    bool m_atEnd = false;
    Error m_error = Error::None;
};

} // namespace accord
