#pragma once

#include <QString>

#include <string>
#include <string_view>

namespace accord {

// True when every character is certainly unchanged by NFC in any context (a fast path).
bool isTriviallyNfc(char32_t c);
bool isTriviallyNfc(const QString& s);
// NFC form: how Accord compares and indexes text (NFD "é" equals NFC "é").
QString nfc(const QString& s);
// The key two texts are equal under: NFC, then Unicode case folding. Accents stay.
QString foldCase(const QString& s);
// An email as compared for uniqueness and sign-in: trimmed, NFC, case-folded.
QString foldEmail(const QString& email);
// foldCase (or foldEmail when `email`) of UTF-8 text, to UTF-8: byte by byte for ASCII, so
// bulk builds of millions of keys stay cheap.
std::string foldUtf8(std::string_view utf8, bool email = false);
// Trimmed, inner whitespace collapsed, NFC, case-folded.
QString foldLoose(const QString& s);

} // namespace accord
