#pragma once

#include <QString>

namespace accord {

// Vendor-compatible password hashes: bcrypt $2y$ cost 10 (libxcrypt), and the legacy
// MD5 forms older installs still hold, which verify and are re-hashed at next sign-in.
class PasswordHasher
{
public:
    static QString hash(const QString& plain);
    enum class Verdict { Match, NoMatch, Unsupported };
    struct Check {
        Verdict verdict = Verdict::NoMatch;
        bool needsRehash = false; // a legacy hash that matched
    };
    static Check verify(const QString& plain, const QString& stored);
    // The work of one bcrypt verification, for a sign-in with no hash to check (an unknown
    // email, a user without a password) or only a cheap legacy one: every attempt costs
    // the same, so the time taken tells nothing about the email.
    static void verifyNothing(const QString& plain);
    // Whether a stored hash is bcrypt (else a legacy form a sign-in re-hashes).
    static bool isBcrypt(const QString& stored);
    // How many bcrypt verifications this process ran (a test sees the dummy one).
    static int bcryptVerifications();
    // A random password of letters and digits for an admin to copy.
    static QString generate(int length = 16);
    // A random URL-safe token (invites, resets).
    static QString randomToken(int bytes = 32);
};

} // namespace accord
