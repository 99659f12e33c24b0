#pragma once

#include <QByteArray>
#include <QIODevice>

#include <algorithm>
#include <cstring>

// A sequential device that hands over at most `piece` bytes per read and between reads
// often has nothing yet, as a pipe may: a reader's refills then fall inside whatever it is
// reading (BOMs, UTF-8 and UTF-16 characters, CRLFs, quoted fields; strings, escapes,
// numbers and words).
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(const QByteArray& bytes, qint64 piece) : m_bytes(bytes), m_piece(piece) {}
    bool isSequential() const override { return true; }
    bool waitForReadyRead(int) override { return m_at < m_bytes.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_calls++ % 3 == 1)
            return 0; // nothing yet: a short read, then a wait
        const qint64 size = std::min({maxSize, m_piece, qint64(m_bytes.size()) - m_at});
        if (size > 0)
            std::memcpy(data, m_bytes.constData() + m_at, std::size_t(size));
        m_at += size;
        return size;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_piece;
    qint64 m_at = 0;
    qint64 m_calls = 0;
};
