#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace accord {

// Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226): the codes an authenticator
// app shows for a two-factor user's secret.
namespace totp {

enum class Algorithm { Sha1, Sha256, Sha512 };

struct Parameters {
    Algorithm algorithm = Algorithm::Sha1; // what authenticator apps use
    int digits = 6;
    qint64 period = 30; // seconds per step
};

// A secret as authenticator apps take it: RFC 4648 base32, of one letter case, spaces and
// '=' padding allowed, at least 16 characters (80 bits). nullopt for anything else — an
// encrypted secret (the vendor's), a module name, an empty value.
std::optional<QByteArray> plainSecret(const QString& stored);

// The code for the key at a Unix time (seconds), zero-padded to the parameters' digits.
QString code(const QByteArray& key, qint64 unixTime, const Parameters& parameters = {});

// Whether `typed` (spaces allowed) is the code of the step holding `unixTime` or of the
// step on either side: a phone's clock may be a little off.
bool accepts(const QByteArray& key, const QString& typed, qint64 unixTime,
             const Parameters& parameters = {});

} // namespace totp
} // namespace accord
