// The sample generator's bulk writers on a real SQLite file: RowWriter (rows recorded on
// one thread, written on another, many batches) and BulkStatement (text buffers reused
// from row to row).
#include "storage/bulkstatement.h"
#include "storage/rowwriter.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <string>
#include <vector>

using namespace accord;

namespace {

// A file of its own with one table t(id, name, amount, note), amount never negative.
class Scratch
{
public:
    Scratch()
    {
        sqlite3_open_v2(m_dir.filePath(QStringLiteral("bulk.sqlite")).toUtf8().constData(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text, amount integer CHECK (amount "
             ">= 0), note text)");
    }
    ~Scratch() { sqlite3_close(m_db); }
    sqlite3* db() const { return m_db; }
    bool exec(const char* sql) const
    {
        return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    // Every row as "id|name|amount|note", NULL as "<null>".
    std::vector<std::string> rows() const
    {
        std::vector<std::string> out;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(m_db, "SELECT id, name, amount, note FROM t ORDER BY id", -1, &s,
                           nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < 4; ++i) {
                const auto* text = sqlite3_column_text(s, i);
                row += (i ? "|" : "");
                row += text ? reinterpret_cast<const char*>(text) : "<null>";
            }
            out.push_back(row);
        }
        sqlite3_finalize(s);
        return out;
    }

private:
    QTemporaryDir m_dir;
    sqlite3* m_db = nullptr;
};

// Row i's values: names of every length (empty too), non-ASCII text, a NULL note now and
// then, so that texts of many batches land in the right rows.
std::string nameOf(int i)
{
    return std::string(std::size_t(i % 37), char('a' + i % 26)) + (i % 5 == 0 ? "é" : "");
}

std::string expectedRow(int i)
{
    return std::to_string(i) + "|" + nameOf(i) + "|" + std::to_string(i * 3) + "|" +
           (i % 7 == 0 ? "<null>" : "note " + std::to_string(i));
}

} // namespace

class TestBulkWriting : public QObject
{
    Q_OBJECT

private slots:
    void rowWriterWritesEveryRowWithItsOwnValues()
    {
        Scratch file;
        QVERIFY(file.exec("BEGIN"));
        RowWriter writer(file.db());
        RowWriter::Rows rows =
            writer.prepare("INSERT INTO t (id, name, amount, note) VALUES (?,?,?,?)");
        QVERIFY(writer.ok());
        writer.start();
        constexpr int count = 10000; // several batches
        for (int i = 1; i <= count; ++i) {
            rows.integer(1, i);
            const std::string name = nameOf(i); // gone before the row is written
            rows.text(2, name);
            rows.integer(3, i * 3);
            if (i % 7 == 0)
                rows.null(4);
            else
                rows.text(4, "note " + std::to_string(i));
            QVERIFY(rows.step());
        }
        QCOMPARE(writer.finish(), std::string());
        QVERIFY(file.exec("COMMIT"));
        const std::vector<std::string> written = file.rows();
        QCOMPARE(int(written.size()), count);
        for (int i = 1; i <= count; ++i)
            QCOMPARE(written[std::size_t(i - 1)], expectedRow(i));
    }

    void aRefusedRowStopsTheWriterWithSqlitesReason()
    {
        Scratch file;
        QVERIFY(file.exec("BEGIN"));
        RowWriter writer(file.db());
        RowWriter::Rows rows = writer.prepare("INSERT INTO t (id, amount) VALUES (?,?)");
        writer.start();
        bool stopped = false;
        for (int i = 1; i <= 200000 && !stopped; ++i) {
            rows.integer(1, i);
            rows.integer(2, i == 5000 ? -1 : i); // the CHECK refuses row 5000
            stopped = !rows.step();
        }
        QVERIFY2(stopped, "the recording side was never told the writing failed");
        const std::string reason = writer.finish();
        QVERIFY2(reason.find("CHECK constraint failed") != std::string::npos, reason.c_str());
        // The rows before the refused one were written, none after it.
        const std::vector<std::string> written = file.rows();
        QCOMPARE(int(written.size()), 4999);
        QVERIFY(file.exec("ROLLBACK"));
    }

    void aStatementThatDoesNotPrepareIsReportedBeforeAnyRow()
    {
        Scratch file;
        RowWriter writer(file.db());
        writer.prepare("INSERT INTO no_such_table VALUES (?)");
        QVERIFY(!writer.ok());
        const std::string reason = writer.finish();
        QVERIFY2(reason.find("no_such_table") != std::string::npos, reason.c_str());
    }

    void bulkStatementReusesItsTextBuffersWithoutMixingRows()
    {
        Scratch file;
        QVERIFY(file.exec("BEGIN"));
        {
            BulkStatement insert(file.db(),
                                 "INSERT INTO t (id, name, amount, note) VALUES (?,?,?,?)");
            QVERIFY(insert.ok());
            for (int i = 1; i <= 500; ++i) {
                insert.integer(1, i);
                insert.text(2, nameOf(i)); // longer and shorter than the row before
                insert.integer(3, i * 3);
                if (i % 7 == 0)
                    insert.null(4);
                else
                    insert.text(4, "note " + std::to_string(i));
                QVERIFY(insert.step());
            }
            insert.integer(1, 501);
            insert.integer(3, -1);
            QVERIFY(!insert.step()); // refused by the CHECK: false, nothing written
        }
        QVERIFY(file.exec("COMMIT"));
        const std::vector<std::string> written = file.rows();
        QCOMPARE(int(written.size()), 500);
        for (int i = 1; i <= 500; ++i)
            QCOMPARE(written[std::size_t(i - 1)], expectedRow(i));
    }
};

QTEST_GUILESS_MAIN(TestBulkWriting)
#include "tst_bulkwriting.moc"
