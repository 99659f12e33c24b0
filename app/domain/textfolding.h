#pragma once

#include <QString>

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
// Trimmed, inner whitespace collapsed, NFC, case-folded.
QString foldLoose(const QString& s);

} // namespace accord
