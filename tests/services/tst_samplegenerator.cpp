// The sample data an admin first sees: realistic, varied, deterministic, and drifting
// apart in about a third of owner links, as real installs do.
#include "domain/validation.h"
#include "services/passwordhasher.h"
#include "services/samplegenerator.h"
#include "storage/differencestore.h"
#include "storage/rowstore.h"
#include "storage/sql.h"
#include "storage/transaction.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QSqlRecord>
#include <QTest>

using namespace accord;

namespace {
constexpr int sampleUsers = 3000;

bool hasScript(const QString& s, char32_t from, char32_t to)
{
    for (char32_t c : s.toUcs4())
        if (c >= from && c <= to)
            return true;
    return false;
}

// The test's own notion of "the same value": NFC, nothing else.
bool same(const QString& a, const QString& b)
{
    return a.normalized(QString::NormalizationForm_C) == b.normalized(QString::NormalizationForm_C);
}

QStringList column(const QSqlDatabase& db, const QString& sql)
{
    auto q = runSql(db, sql);
    QStringList out;
    while (q && q->next())
        out << q->value(0).toString();
    return out;
}

qint64 scalar(const QSqlDatabase& db, const QString& sql)
{
    auto q = runSql(db, sql);
    return q && q->next() ? q->value(0).toLongLong() : -1;
}
// Every trigram instance of a full-text table (term, row, column, offset), as a count and
// a hash, read through fts5vocab.
QString fullTextDump(const QSqlDatabase& db, const QString& table)
{
    const QString vocab = QStringLiteral("temp.vocab_") + table;
    if (!runSql(db, QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS %1 USING "
                                   "fts5vocab(main, %2, instance)")
                        .arg(vocab, table)))
        return QStringLiteral("no vocabulary table");
    auto q = runSql(db, QStringLiteral("SELECT term, doc, col, offset FROM %1 ORDER BY term, "
                                       "doc, col, offset")
                            .arg(vocab));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 rows = 0;
    while (q && q->next()) {
        ++rows;
        for (int i = 0; i < 4; ++i)
            hash.addData(q->value(i).toString().toUtf8() + '\x1f');
    }
    return QString::number(rows) + QLatin1Char(' ') + QString::fromLatin1(hash.result().toHex());
}

const QStringList fullTextTables{QStringLiteral("accord_users_fts"),
                                 QStringLiteral("accord_clients_fts")};

// Both full-text indexes pass FTS5's integrity check, merge with the defaults again, and
// index exactly what indexing the stored rows again indexes (checked in a transaction that
// is rolled back).
void checkFullTextEqualsARebuild(const test::TempDatabase& data)
{
    const QSqlDatabase db = data.db->connection();
    const QStringList rebuild{
        QStringLiteral("INSERT INTO accord_users_fts (rowid, name, email) SELECT id, name_key, "
                       "email_key FROM accord_user_keys"),
        QStringLiteral("INSERT INTO accord_clients_fts (rowid, name, company, email) SELECT "
                       "id, name_key, company_key, email_key FROM accord_client_keys")};
    for (int i = 0; i < fullTextTables.size(); ++i) {
        const QString& table = fullTextTables.at(i);
        QVERIFY(runSql(db, QStringLiteral("INSERT INTO %1 (%1, rank) VALUES "
                                          "('integrity-check', 0)")
                               .arg(table)));
        // FTS5's default merging (4, stored or not) for the edits to come.
        QCOMPARE(scalar(db, QStringLiteral("SELECT coalesce((SELECT v FROM %1_config WHERE k = "
                                           "'automerge'), 4)")
                                .arg(table)),
                 4);
        const QString built = fullTextDump(db, table);
        QVERIFY2(built.section(QLatin1Char(' '), 0, 0).toLongLong() > 1000, qPrintable(built));
        Transaction t(*data.db);
        QVERIFY(t.begin().ok());
        QVERIFY(runSql(db, QStringLiteral("INSERT INTO %1 (%1) VALUES ('delete-all')").arg(table)));
        QCOMPARE(fullTextDump(db, table).section(QLatin1Char(' '), 0, 0), QStringLiteral("0"));
        QVERIFY(runSql(db, rebuild.at(i)));
        QCOMPARE(fullTextDump(db, table), built);
    } // rolled back
}
} // namespace

class TestSampleGenerator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_stats = SampleGenerator(m_data.db).generate({sampleUsers, {}, 20261127});
        QVERIFY2(m_stats.ok(), qPrintable(m_stats.ok() ? QString() : m_stats.error().message));
    }

    void writesTheRequestedShape()
    {
        const QSqlDatabase db = m_data.db->connection();
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tblusers")), sampleUsers);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tblclients")), sampleUsers);
        const qint64 links = scalar(db, QStringLiteral("SELECT count(*) FROM tblusers_clients"));
        QVERIFY2(links >= sampleUsers * 14 / 10 && links <= sampleUsers * 15 / 10,
                 qPrintable(QString::number(links)));
        QCOMPARE(m_stats->links, links);
    }

    void namesCoverLatinCyrillicGreekAndCjk()
    {
        const QStringList names =
            column(m_data.db->connection(),
                   QStringLiteral("SELECT first_name || last_name FROM tblusers"));
        auto any = [&](char32_t from, char32_t to) {
            return std::any_of(names.begin(), names.end(),
                               [&](const QString& n) { return hasScript(n, from, to); });
        };
        QVERIFY(any(0x00C0, 0x017F)); // accented Latin
        QVERIFY(any(0x0400, 0x04FF)); // Cyrillic
        QVERIFY(any(0x0370, 0x03FF)); // Greek
        QVERIFY(any(0x4E00, 0x9FFF)); // CJK
    }

    void someNamesAreStoredDecomposedAndStillMatchTheirClient()
    {
        auto q =
            runSql(m_data.db->connection(),
                   QStringLiteral("SELECT u.first_name, c.firstname FROM tblusers u JOIN "
                                  "tblusers_clients l ON l.auth_user_id = u.id AND l.owner = 1 "
                                  "JOIN tblclients c ON c.id = l.client_id"));
        QVERIFY(q);
        int decomposed = 0, equalAfterNfc = 0;
        while (q->next()) {
            const QString user = q->value(0).toString();
            const QString client = q->value(1).toString();
            if (user != user.normalized(QString::NormalizationForm_C)) {
                ++decomposed;
                // Byte-different, yet the same name once normalised.
                if (user != client && same(user, client))
                    ++equalAfterNfc;
            }
        }
        QVERIFY2(decomposed > 0, "no user name is stored in NFD");
        QVERIFY2(equalAfterNfc > decomposed / 2, "NFD names should match their NFC client name");
    }

    void clientsHaveCompaniesAndAddressesInTenCountries()
    {
        const QSqlDatabase db = m_data.db->connection();
        QVERIFY(
            scalar(db, QStringLiteral("SELECT count(*) FROM tblclients WHERE companyname <> ''")) >
            sampleUsers / 5);
        QVERIFY(scalar(db, QStringLiteral("SELECT count(DISTINCT country) FROM tblclients")) >= 10);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tblclients WHERE address1 = '' OR "
                                           "city = '' OR postcode = ''")),
                 0);
    }

    void everyClientPassesValidation()
    {
        auto q = runSql(m_data.db->connection(), QStringLiteral("SELECT * FROM tblclients"));
        QVERIFY(q);
        QSet<QString> all;
        for (const auto& f : clientProfileFields())
            all << QLatin1String(f.column);
        while (q->next()) {
            ClientAccount c;
            const QVariantMap row = recordToMap(q->record());
            for (const QString& column : all)
                c.profile[column] = row.value(column).toString();
            const auto problems = clientProblems(c, all);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(row.value(QStringLiteral("id")).toString() + QLatin1String(": ") +
                                (problems.isEmpty() ? QString() : problems.first().message)));
        }
    }

    void eachClientHasOneOwnerAndAtMostThreeUsers()
    {
        const QSqlDatabase db = m_data.db->connection();
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT client_id FROM "
                                           "tblusers_clients GROUP BY client_id HAVING "
                                           "sum(owner) <> 1)")),
                 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT max(n) FROM (SELECT count(*) n FROM "
                                           "tblusers_clients GROUP BY client_id)")),
                 3);
        QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT auth_user_id FROM "
                                          "tblusers_clients GROUP BY auth_user_id HAVING "
                                          "count(*) > 1)")) > sampleUsers / 10);
    }

    void aQuarterToTwoFifthsOfOwnerLinksDiffer()
    {
        auto q =
            runSql(m_data.db->connection(),
                   QStringLiteral("SELECT u.first_name, u.last_name, u.email, u.language, "
                                  "c.firstname, c.lastname, c.email, c.language FROM tblusers u "
                                  "JOIN tblusers_clients l ON l.auth_user_id = u.id AND "
                                  "l.owner = 1 JOIN tblclients c ON c.id = l.client_id"));
        QVERIFY(q);
        int owners = 0, differing = 0;
        while (q->next()) {
            ++owners;
            bool differs = false;
            for (int i = 0; i < 4; ++i)
                differs |= !same(q->value(i).toString(), q->value(i + 4).toString());
            differing += differs ? 1 : 0;
        }
        QCOMPARE(owners, sampleUsers);
        const double share = double(differing) / owners;
        QVERIFY2(share >= 0.25 && share <= 0.40, qPrintable(QString::number(share)));
    }

    void theDifferencesTableMatchesAComparisonOfEveryLink()
    {
        // Worked out while writing; a rebuild from the stored rows must find the same.
        const QString rows = QStringLiteral(
            "SELECT group_concat(client_id || ',' || user_id || ',' || owner || ',' || "
            "first_name_kind || last_name_kind || email_kind || language_kind || ',' || open, "
            "';') FROM (SELECT * FROM accord_link_differences ORDER BY client_id, user_id)");
        const QSqlDatabase db = m_data.db->connection();
        const QString generated = column(db, rows).value(0);
        QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM accord_link_differences")) >
                sampleUsers / 4);
        {
            Transaction t(*m_data.db);
            QVERIFY(t.begin().ok());
            QVERIFY(DifferenceStore(db, m_data.db->dialect()).rebuildAll().ok());
            QCOMPARE(column(db, rows).value(0), generated);
        } // rolled back
        // Its indexes are back after the bulk load.
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN "
                                           "('accord_link_differences_report', "
                                           "'accord_link_differences_user')")),
                 2);
    }

    void theSameSeedWritesTheSameData()
    {
        test::TempDatabase again;
        QVERIFY(SampleGenerator(again.db).generate({sampleUsers, {}, 20261127}).ok());
        const QString sql = QStringLiteral(
            "SELECT group_concat(first_name || '|' || last_name || '|' || email, ';') FROM "
            "(SELECT * FROM tblusers ORDER BY id)");
        const QString mine = column(m_data.db->connection(), sql).value(0);
        QVERIFY(!mine.isEmpty());
        QCOMPARE(column(again.db->connection(), sql).value(0), mine);
    }

    void fullTextIndexesEqualARebuildFromTheStoredRows()
    {
        // Built from memory in a scratch file on another thread and copied in.
        checkFullTextEqualsARebuild(m_data);
    }

    void fullTextIndexesFilledInPlaceAreTheSame()
    {
        // The way when no scratch file can be made or its build fails.
        test::TempDatabase inPlace;
        SampleOptions options{sampleUsers, {}, 20261127};
        options.fullTextOnTheSide = false;
        QVERIFY(SampleGenerator(inPlace.db).generate(options).ok());
        checkFullTextEqualsARebuild(inPlace);
        if (QTest::currentTestFailed())
            return;
        // Same seed, same rows: the same index as the one built on the side.
        for (const QString& table : fullTextTables)
            QCOMPARE(fullTextDump(inPlace.db->connection(), table),
                     fullTextDump(m_data.db->connection(), table));
    }

    void searchKeysAreFoldedAsAccordFoldsThem()
    {
        // The keys written in bulk are those every later write folds (no row left to fold).
        const QSqlDatabase db = m_data.db->connection();
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT count(*) FROM accord_user_keys WHERE dirty = 0")),
            sampleUsers);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM accord_client_keys WHERE dirty = "
                                           "0")),
                 scalar(db, QStringLiteral("SELECT count(*) FROM tblclients")));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM accord_user_keys k JOIN tblusers "
                                           "t ON t.id = k.id WHERE k.first_key <> "
                                           "accord_fold(t.first_name) OR k.last_key <> "
                                           "accord_fold(t.last_name) OR k.email_key <> "
                                           "accord_fold_email(t.email) OR k.name_key <> "
                                           "accord_fold(t.first_name || ' ' || t.last_name)")),
                 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM accord_client_keys k JOIN "
                                           "tblclients t ON t.id = k.id WHERE k.first_key <> "
                                           "accord_fold(t.firstname) OR k.company_key <> "
                                           "accord_fold(t.companyname) OR k.email_key <> "
                                           "accord_fold(t.email) OR k.name_key <> "
                                           "accord_fold(t.firstname || ' ' || t.lastname)")),
                 0);
        // Some names are not ASCII, so the folding of the full-text build is checked too.
        QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM accord_user_keys WHERE name_key "
                                          "<> lower(name_key) OR length(CAST(name_key AS blob)) "
                                          "<> length(name_key)")) > 0);
    }

    void searchIndexesCoverEveryRow()
    {
        const QSqlDatabase db = m_data.db->connection();
        // Every 97th user is found by the full-text index through their whole email.
        auto q = runSql(db, QStringLiteral("SELECT id, email FROM tblusers WHERE id % 97 = 0"));
        QVERIFY(q);
        int checked = 0;
        while (q->next()) {
            auto hit = runSql(db,
                              QStringLiteral("SELECT rowid FROM accord_users_fts WHERE "
                                             "accord_users_fts MATCH ?"),
                              {QLatin1Char('"') + q->value(1).toString() + QLatin1Char('"')});
            QVERIFY(hit && hit->next());
            QCOMPARE(hit->value(0).toLongLong(), q->value(0).toLongLong());
            ++checked;
        }
        QVERIFY(checked > 20);
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
            sampleUsers);
        // Triggers are back: a user another program adds is found once its keys are folded.
        QVERIFY(runSql(db, QStringLiteral("INSERT INTO tblusers (first_name, last_name, email) "
                                          "VALUES ('Zebulon', 'Quixote', 'zq@example.org')")));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM accord_users_fts WHERE "
                                           "accord_users_fts MATCH '\"quixo\"'")),
                 0);
        auto refreshed = m_data.db->dialect().searchIndex().refreshDirtyKeys(db);
        QVERIFY(refreshed);
        QCOMPARE(*refreshed, 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM accord_users_fts WHERE "
                                           "accord_users_fts MATCH '\"quixo\"'")),
                 1);
        // ...written through the generator's own connection into the copied index, intact.
        QVERIFY(runSql(db, QStringLiteral("INSERT INTO accord_users_fts (accord_users_fts, rank) "
                                          "VALUES ('integrity-check', 0)")));
    }

    void usersGetNoPasswordUnlessAsked()
    {
        const QSqlDatabase db = m_data.db->connection();
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM tblusers WHERE password <> ''")),
                 0);
        test::TempDatabase withPassword;
        QVERIFY(
            SampleGenerator(withPassword.db).generate({50, QStringLiteral("sample-pass"), 1}).ok());
        const QStringList hashes = column(withPassword.db->connection(),
                                          QStringLiteral("SELECT DISTINCT password FROM tblusers"));
        QCOMPARE(hashes.size(), 1); // one hash, computed once and shared
        QCOMPARE(PasswordHasher::verify(QStringLiteral("sample-pass"), hashes.first()).verdict,
                 PasswordHasher::Verdict::Match);
    }

    void aRowTheDatabaseRefusesStopsItWithSqlitesMessage()
    {
        // Rows are written on another thread than the one generating them: a refusal there
        // still ends the run with the reason, not with a hang or a crash.
        test::TempDatabase refusing;
        QVERIFY(runSql(refusing.db->connection(),
                       QStringLiteral("CREATE TRIGGER refuse_client BEFORE INSERT ON tblclients "
                                      "WHEN new.id = 1500 BEGIN SELECT RAISE(ABORT, 'client "
                                      "1500 refused'); END")));
        auto run = SampleGenerator(refusing.db).generate({5000, {}, 1});
        QVERIFY(!run.ok());
        QCOMPARE(run.error().kind, Error::Kind::Storage);
        QVERIFY2(run.error().message.contains(QLatin1String("client 1500 refused")),
                 qPrintable(run.error().message));
        // The bulk settings are undone: the file is back in WAL mode.
        auto mode = runSql(refusing.db->connection(), QStringLiteral("PRAGMA journal_mode"));
        QVERIFY(mode && mode->next());
        QCOMPARE(mode->value(0).toString(), QStringLiteral("wal"));
    }

    void refusedWhenUsersExist()
    {
        auto again = SampleGenerator(m_data.db).generate({10, {}, 1});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::Refused);
    }

private:
    test::TempDatabase m_data;
    Result<SampleStats> m_stats = Error{};
};

QTEST_GUILESS_MAIN(TestSampleGenerator)
#include "tst_samplegenerator.moc"
