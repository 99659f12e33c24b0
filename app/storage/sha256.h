#pragma once

#include <QByteArray>

#include <openssl/evp.h>

#include <string>

namespace accord {

// SHA-256 through libcrypto (SHA-NI where the CPU has it: Qt's own is about a tenth as fast
// here), for the checksums of snapshots and exports.
class Sha256
{
public:
    Sha256() : m_ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(m_ctx); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const void* data, std::size_t size) { EVP_DigestUpdate(m_ctx, data, size); }
    void add(const std::string& s) { add(s.data(), s.size()); }
    QByteArray finish()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_ctx, digest, &length);
        return QByteArray(reinterpret_cast<const char*>(digest), int(length));
    }

private:
    EVP_MD_CTX* m_ctx;
};

} // namespace accord
