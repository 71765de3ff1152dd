#include "gtin.h"

namespace sp::catalog {

int gtinCheckDigit(QStringView digits)
{
    const qsizetype n = digits.size();
    if (n != 7 && n != 11 && n != 12 && n != 13)
        return -1;
    // Weights 3 and 1 alternate from the digit next to the check digit leftwards.
    int sum = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = digits[n - 1 - i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        sum += (c - u'0') * (i % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10;
}

bool isValidGtin(QStringView text)
{
    const qsizetype n = text.size();
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return false;
    const char16_t last = text[n - 1].unicode();
    return last >= u'0' && last <= u'9' && gtinCheckDigit(text.first(n - 1)) == last - u'0';
}

} // namespace sp::catalog
