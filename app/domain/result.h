#pragma once

#include "recordref.h"

#include <QList>
#include <QString>
#include <QVariantMap>

#include <utility>
#include <variant>

namespace accord {

// A refusal a user can read: what kind it is, the field it concerns (empty when none),
// and one human sentence. A Conflict also carries both versions of the record. A refused
// form carries every field's problem, and an error about one record says which it is.
struct Error {
    enum class Kind {
        Validation, // a value the rules refuse
        Clash,      // unique value already used (e.g. an email)
        Conflict,   // another session changed the record since it was loaded
        NotFound,
        Refused, // a rule forbids the operation (e.g. removing the owner)
        Busy,    // the database stayed locked
        NewerSchema,
        ReadOnly,
        // The server rolled the transaction back (deadlock, serialization or certification
        // failure): the whole write may run again (storage/retry); never shown as such.
        RolledBack,
        Storage, // anything else the database reported
    };
    Kind kind = Kind::Storage;
    QString field;
    QString message;
    QVariantMap mine;   // Conflict: the values this session loaded (column -> value)
    QVariantMap theirs; // Conflict: the values now stored
    // Validation: every problem found, one per field in the form's order; the first is
    // also `field` and `message`. Empty for an error with one problem.
    QList<Error> problems;
    RecordRef record; // the user, client or link it is about, when it is about one
    // What the server said, where the sentence above is Accord's own (a read-only role's
    // refusal); for details, never instead of the sentence.
    QString serverText;

    static Error validation(QString field, QString message)
    {
        Error e;
        e.kind = Kind::Validation;
        e.field = std::move(field);
        e.message = std::move(message);
        return e;
    }
    static Error make(Kind kind, QString message)
    {
        Error e;
        e.kind = kind;
        e.message = std::move(message);
        return e;
    }
    Error withServerText(QString text) &&
    {
        serverText = std::move(text);
        return std::move(*this);
    }
    // A unique value (an email) another record already has.
    static Error clash(QString field, QString message)
    {
        Error e = validation(std::move(field), std::move(message));
        e.kind = Kind::Clash;
        return e;
    }
    // Every problem of a refused form at once (none: a default Error, which callers avoid).
    static Error invalid(const QList<Error>& found)
    {
        if (found.isEmpty())
            return {};
        Error e = found.first();
        if (found.size() > 1)
            e.problems = found;
        return e;
    }
    // What a form shows next to its fields: each problem, or this error alone.
    QList<Error> fieldProblems() const
    {
        return problems.isEmpty() ? QList<Error>{*this} : problems;
    }
    // The same error, saying which record it is about.
    Error about(RecordRef which) const
    {
        Error e = *this;
        e.record = which;
        return e;
    }
    friend bool operator==(const Error&, const Error&) = default;
};

// A value or an Error; services return these instead of booleans with a side channel.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    T& operator*() & { return value(); }
    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

struct Done {
    friend bool operator==(const Done&, const Done&) = default;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace accord
