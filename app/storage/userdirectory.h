#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/user.h"

#include <QSqlDatabase>

#include <functional>

namespace accord {

// What a search box asks for, per DESIGN's search rules.
struct SearchTerm {
    enum class Kind { All, Id, Prefix, Substring };
    Kind kind = Kind::All;
    QString text; // NFC (Substring) or folded (Prefix)
    qint64 id = 0;

    static SearchTerm parse(const QString& input);
    // The FTS5 query matching `text` as a literal substring.
    QString ftsPhrase() const;
};

// Lists users for the headless `users` command and other whole-list readers.
class UserDirectory
{
public:
    UserDirectory(QSqlDatabase db, const Dialect& dialect) : m_db(std::move(db)), m_dialect(dialect)
    {
    }

    // Users matching `search`, id descending, each with clientCount; limit <= 0 for all.
    Result<void> forEach(const QString& search, int limit,
                         const std::function<void(const User&)>& visit) const;

private:
    Result<QList<qint64>> idsBelow(const SearchTerm& term, qint64 below, int count) const;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
