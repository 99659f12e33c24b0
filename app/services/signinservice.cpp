#include "signinservice.h"

#include "domain/textfolding.h"
#include "domain/totp.h"
#include "passwordhasher.h"
#include "session.h"
#include "storage/retry.h"
#include "storage/signinfailurestore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHash>
#include <QMutex>
#include <QSysInfo>

namespace accord {

namespace {
QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("SignInService", text, nullptr, n);
}

Error genericRefusal()
{
    Error e =
        Error::make(Error::Kind::Refused, tr("The email address or password is not correct."));
    e.field = QStringLiteral("password");
    return e;
}

// Where the counters live when the database cannot keep them (a vendor database without
// Accord's tables, a read-only role): this process's memory, per database.
struct ProcessCounters {
    QMutex mutex;
    QHash<QString, FailedSignIns> byKey;
};
ProcessCounters& processCounters()
{
    static ProcessCounters counters;
    return counters;
}

// A transaction another session rolled back (a deadlock over one login's row) runs again.
constexpr int attempts = 3;
bool mayRunAgain(const Error& e)
{
    return e.kind == Error::Kind::RolledBack || e.kind == Error::Kind::Clash;
}
} // namespace

QString SignInService::loginKey(const QString& email)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(foldEmail(email).toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool SignInService::sharesCounters() const
{
    return m_db->hasAccordTables() && m_db->schemaVersion() >= 4 && !m_db->isReadOnly();
}

Result<FailedSignIns> SignInService::failures(const QString& key) const
{
    if (!sharesCounters()) {
        ProcessCounters& p = processCounters();
        QMutexLocker lock(&p.mutex);
        return p.byKey.value(m_db->location().display() + key);
    }
    return SignInFailureStore(m_db->connection(), m_db->dialect()).read(key);
}

Result<void> SignInService::recordFailure(const QString& key) const
{
    const QDateTime now = m_clock();
    if (!sharesCounters()) {
        ProcessCounters& p = processCounters();
        QMutexLocker lock(&p.mutex);
        FailedSignIns& f = p.byKey[m_db->location().display() + key];
        f = f.after(now);
        return {};
    }
    Result<void> outcome;
    for (int i = 0; i < attempts; ++i) {
        outcome = [&]() -> Result<void> {
            Transaction t(*m_db);
            if (auto r = t.begin(); !r)
                return r;
            SignInFailureStore store(t.connection(), m_db->dialect());
            auto current = store.readForUpdate(key);
            if (!current)
                return current.error();
            if (auto r = store.write(key, current->after(now)); !r)
                return r;
            if (auto r =
                    store.forgetFailuresBefore(now.addSecs(-FailedSignIns::forgetAfterSeconds));
                !r)
                return r;
            return t.commit();
        }();
        if (outcome || !mayRunAgain(outcome.error()))
            break;
    }
    return outcome;
}

Result<void> SignInService::clearFailures(const QString& key) const
{
    if (!sharesCounters()) {
        ProcessCounters& p = processCounters();
        QMutexLocker lock(&p.mutex);
        p.byKey.remove(m_db->location().display() + key);
        return {};
    }
    return runWrite([&]() -> Result<void> {
        Transaction t(*m_db);
        if (auto r = t.begin(); !r)
            return r;
        if (auto r = SignInFailureStore(t.connection(), m_db->dialect()).clear(key); !r)
            return r;
        return t.commit();
    });
}

Result<User> SignInService::check(const QString& email, const QString& password) const
{
    int failedBefore = 0;
    auto user = checkPassword(email, password, failedBefore);
    if (!user)
        return user;
    if (failedBefore > 0)
        if (auto r = clearFailures(loginKey(email)); !r)
            return r.error();
    return user;
}

Result<User> SignInService::checkPassword(const QString& email, const QString& password,
                                          int& failedBefore) const
{
    const QString key = loginKey(email);
    auto before = failures(key);
    if (!before)
        return before.error();
    // Slowed down: nothing is checked (nor counted) until the next allowed time.
    if (const qint64 wait = before->waitAt(m_clock()); wait > 0) {
        Error e = Error::make(Error::Kind::Refused,
                              tr("Too many failed sign-ins with this email address. Try again in "
                                 "%n second(s).",
                                 int(wait)));
        e.field = QStringLiteral("email");
        return e;
    }
    auto found = ReadScope(*m_db).users.findByEmail(email);
    if (!found)
        return found.error();
    const QString stored =
        *found ? (*found)->loaded.value(QStringLiteral("password")).toString() : QString();
    auto refuse = [&]() -> Result<User> {
        if (auto r = recordFailure(key); !r)
            return r.error();
        return genericRefusal();
    };
    if (stored.isEmpty()) {
        PasswordHasher::verifyNothing(password); // as long as checking a real hash
        return refuse();
    }
    const auto check = PasswordHasher::verify(password, stored);
    if (!PasswordHasher::isBcrypt(stored))
        PasswordHasher::verifyNothing(password); // a legacy hash costs as much as bcrypt
    if (check.verdict == PasswordHasher::Verdict::Unsupported)
        return Error::make(Error::Kind::Refused,
                           tr("This user's password uses the install's HMAC-SHA256 hash, which "
                              "needs the install's secret; Accord cannot verify it."));
    if (check.verdict != PasswordHasher::Verdict::Match)
        return refuse();
    failedBefore = before->count;
    return **found;
}

Result<ClientAreaIdentity> SignInService::signIn(const SignInAttempt& attempt) const
{
    // The failures are cleared only once the code is right too: a known password must
    // not make guessing the code free.
    int failedBefore = 0;
    auto user = checkPassword(attempt.email, attempt.password, failedBefore);
    if (!user)
        return user.error();
    const QVariantMap& row = user->loaded;
    if (user->twoFactorEnabled) {
        auto secret =
            totp::plainSecret(row.value(QStringLiteral("second_factor_config")).toString());
        if (!secret)
            secret = totp::plainSecret(row.value(QStringLiteral("second_factor")).toString());
        if (!secret)
            return Error::make(Error::Kind::Refused,
                               tr("The preview cannot sign in this user: their two-factor "
                                  "sign-in does not use a plain TOTP secret (the vendor may keep "
                                  "it encrypted). Use Preview as this user in Manage User "
                                  "instead."))
                .about(RecordRef::user(user->id));
        if (attempt.code.trimmed().isEmpty()) {
            Error e = Error::validation(QStringLiteral("code"),
                                        tr("Enter the 6-digit code from your authenticator app."));
            return e;
        }
        if (!totp::accepts(*secret, attempt.code, m_clock().toSecsSinceEpoch())) {
            if (auto r = recordFailure(loginKey(attempt.email)); !r)
                return r.error();
            Error e = Error::make(Error::Kind::Refused, tr("The two-factor code is not correct."));
            e.field = QStringLiteral("code");
            return e;
        }
    }
    if (failedBefore > 0)
        if (auto r = clearFailures(loginKey(attempt.email)); !r)
            return r.error();
    const ClientAreaIdentity who = ClientAreaIdentity::user(user->id, user->email);
    if (m_db->isReadOnly())
        return who; // nothing can be written: the pages say so
    const QString verified = row.value(QStringLiteral("password")).toString();
    // bcrypt takes ~60 ms: hashed before the write lock is taken.
    const QString rehashed =
        PasswordHasher::isBcrypt(verified) ? QString() : PasswordHasher::hash(attempt.password);
    auto written = inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        // The row as it is now: a save another session made since the check is kept.
        auto current = w.users.find(user->id);
        if (!current)
            return current.error();
        QVariantMap columns{{QStringLiteral("last_login"), storedDateText(m_clock())},
                            {QStringLiteral("last_ip"), attempt.address},
                            {QStringLiteral("last_hostname"), QSysInfo::machineHostName()}};
        if (!rehashed.isEmpty() &&
            current->loaded.value(QStringLiteral("password")).toString() == verified)
            columns.insert(QStringLiteral("password"), rehashed);
        if (auto r = w.users.update(*current, columns); !r)
            return r.error();
        return w.commit();
    });
    if (!written)
        return written.error();
    return who;
}

Result<ClientAreaIdentity> SignInService::preview(qint64 userId) const
{
    auto user = ReadScope(*m_db).users.find(userId);
    if (!user)
        return user.error();
    return ClientAreaIdentity::preview(user->id, m_db->operatorName());
}

} // namespace accord
