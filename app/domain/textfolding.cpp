#include "textfolding.h"

namespace accord {

QString nfc(const QString& s)
{
    return s.normalized(QString::NormalizationForm_C);
}

QString foldCase(const QString& s)
{
    // Fold, then recompose: folding may decompose nothing but can change a base letter.
    return nfc(nfc(s).toCaseFolded());
}

QString foldEmail(const QString& email)
{
    return foldCase(email.trimmed());
}

QString foldLoose(const QString& s)
{
    return foldCase(s.simplified());
}

} // namespace accord
