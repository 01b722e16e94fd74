/* pyrepr: Python reprs of constants (see pyrepr.h). */
#include "parse/pyrepr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

/* CPython 3.11's unicodedata is Unicode 14.0; ICU may be newer. */
#define PYREPR_UNICODE_MAJOR 14

static const char hexdigits[] = "0123456789abcdef";

/* ---- integers ---- */

#define LIMB_BASE 1000000000u /* a bignum limb holds 9 decimal digits */

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

void
pyrepr_int(StrBuf *out, const char *text, uint32_t len)
{
    uint32_t base = 10, i = 0;
    if (len >= 2 && text[0] == '0') {
        char c = text[1];
        if (c == 'x' || c == 'X')
            base = 16, i = 2;
        else if (c == 'o' || c == 'O')
            base = 8, i = 2;
        else if (c == 'b' || c == 'B')
            base = 2, i = 2;
    }
    /* Little-endian limbs in base 10^9; each digit multiplies by `base` and adds. Quadratic, which
     * is fine for literals (a 10,000-digit hex literal takes a few milliseconds). A value below
     * base^len has at most 1.21 * len + 1 decimal digits, so len * 2 / 9 + 2 limbs suffice. */
    size_t cap = (size_t)len * 2 / 9 + 2, n = 1;
    uint32_t *limbs = xcalloc(cap, sizeof *limbs);
    for (; i < len; i++) {
        int d = digit_value(text[i]);
        if (text[i] == '_' || d >= (int)base)
            continue;
        uint64_t carry = (uint64_t)d;
        for (size_t k = 0; k < n; k++) {
            uint64_t v = (uint64_t)limbs[k] * base + carry;
            limbs[k] = (uint32_t)(v % LIMB_BASE);
            carry = v / LIMB_BASE;
        }
        if (carry && ALWAYS(n < cap))
            limbs[n++] = (uint32_t)carry;
    }
    sb_printf(out, "%u", limbs[n - 1]);
    for (size_t k = n - 1; k-- > 0;)
        sb_printf(out, "%09u", limbs[k]);
    free(limbs);
}

/* ---- floats ---- */

/* shortest_digits: the shortest decimal digits d1d2...dn and exponent e with v == d1.d2...dn * 10^e
 * after correct rounding (what David Gay's dtoa mode 0, behind Python's repr, yields). v is finite
 * and positive. Tries 1..17 significant digits; at each length the correctly rounded candidate from
 * printf, else its neighbours (near a power of two the rounding interval is lopsided, so the
 * nearest candidate can miss while the one on the other side hits). Returns the number of digits.
 */
static int
shortest_digits(double v, char digits[24], int *exp10)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        int n = 0;
        const char *p = buf;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                digits[n++] = *p;
        int e = atoi(p + 1);
        for (int delta = 0; delta <= 2; delta++) {
            char cand[24];
            int ce = e;
            memcpy(cand, digits, (size_t)n);
            if (delta) { /* delta 1: last digit + 1; delta 2: last digit - 1 */
                int k = n - 1;
                if (delta == 1) {
                    while (k >= 0 && cand[k] == '9')
                        cand[k--] = '0';
                    if (k < 0) { /* 99..9 + 1 = 100..0: one more decade */
                        cand[0] = '1';
                        ce++;
                    } else {
                        cand[k]++;
                    }
                } else {
                    while (k >= 0 && cand[k] == '0')
                        cand[k--] = '9';
                    if (k < 0)
                        continue;
                    cand[k]--;
                    if (cand[0] == '0')
                        continue; /* 10..0 - 1 has fewer digits: tried at a shorter length */
                }
            }
            char num[48];
            snprintf(num, sizeof num, "%c.%.*se%d", cand[0], n - 1, cand + 1, ce);
            if (strtod(num, NULL) == v) {
                memcpy(digits, cand, (size_t)n);
                while (n > 1 && digits[n - 1] == '0')
                    n--;
                *exp10 = ce;
                return n;
            }
        }
    }
    (void)NEVER(true); /* 17 significant digits always round-trip */
    digits[0] = '0';
    *exp10 = 0;
    return 1;
}

/* format_repr: Python's 'r' formatting of v; add_dot_0 appends ".0" to integral fixed-point values
 * (float repr does, complex repr does not). */
static void
format_repr(StrBuf *out, double v, bool add_dot_0)
{
    if (isnan(v)) {
        sb_adds(out, "nan");
        return;
    }
    if (signbit(v)) {
        sb_addc(out, '-');
        v = -v;
    }
    if (isinf(v)) {
        sb_adds(out, "inf");
        return;
    }
    if (v == 0) {
        sb_adds(out, add_dot_0 ? "0.0" : "0");
        return;
    }
    char digits[24];
    int e;
    int n = shortest_digits(v, digits, &e);
    if (e < -4 || e >= 16) {
        sb_addc(out, digits[0]);
        if (n > 1) {
            sb_addc(out, '.');
            sb_add(out, digits + 1, (size_t)n - 1);
        }
        sb_printf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
        return;
    }
    int decpt = e + 1; /* digits before the decimal point */
    if (decpt <= 0) {
        sb_adds(out, "0.");
        for (int k = 0; k < -decpt; k++)
            sb_addc(out, '0');
        sb_add(out, digits, (size_t)n);
    } else if (decpt < n) {
        sb_add(out, digits, (size_t)decpt);
        sb_addc(out, '.');
        sb_add(out, digits + decpt, (size_t)(n - decpt));
    } else {
        sb_add(out, digits, (size_t)n);
        for (int k = n; k < decpt; k++)
            sb_addc(out, '0');
        if (add_dot_0)
            sb_adds(out, ".0");
    }
}

void
pyrepr_float(StrBuf *out, double v)
{
    format_repr(out, v, true);
}

void
pyrepr_imag(StrBuf *out, double v)
{
    /* complex.__repr__ with a real part of +0.0 prints only the imaginary part, without ".0" */
    format_repr(out, v, false);
    sb_addc(out, 'j');
}

/* ---- str and bytes ---- */

/* decode_wtf8: the code point at s[*i] (advancing *i). Sequences are trusted to be well formed
 * (literal.c produces them); a stray byte is taken as U+0080..U+00FF so that nothing is lost. */
static uint32_t
decode_wtf8(const unsigned char *s, uint32_t len, uint32_t *i)
{
    uint32_t c = s[*i], need;
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    if (c >= 0xF8)
        need = 0;
    else if (c >= 0xF0)
        need = 3, c &= 0x07;
    else if (c >= 0xE0)
        need = 2, c &= 0x0F;
    else if (c >= 0xC0)
        need = 1, c &= 0x1F;
    else
        need = 0;
    if (need == 0 || *i + need >= len) {
        (*i)++;
        return s[*i - 1];
    }
    for (uint32_t k = 1; k <= need; k++)
        if ((s[*i + k] & 0xC0) != 0x80) {
            (*i)++;
            return s[*i - 1];
        }
    for (uint32_t k = 1; k <= need; k++)
        c = (c << 6) | (s[*i + k] & 0x3F);
    *i += need + 1;
    return c;
}

/* is_printable: CPython's str.isprintable() for one code point: false for the categories Cc, Cf,
 * Cs, Co, Cn, Zl, Zp and Zs (except ' '); characters newer than Unicode 14.0 count as Cn. */
static bool
is_printable(uint32_t c)
{
    if (c == ' ')
        return true;
    if (c > 0x10FFFF)
        return false;
    UVersionInfo age;
    u_charAge((UChar32)c, age);
    if (age[0] > PYREPR_UNICODE_MAJOR)
        return false;
    switch (u_charType((UChar32)c)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
        return false;
    default:
        return true;
    }
}

/* pick_quote: CPython's rule for str and bytes: single quotes unless the value holds ' and no ". */
static char
pick_quote(const char *s, uint32_t len)
{
    bool squote = memchr(s, '\'', len) != NULL, dquote = memchr(s, '"', len) != NULL;
    return squote && !dquote ? '"' : '\'';
}

/* add_common_escape: the escapes str and bytes share; returns false for other characters. */
static bool
add_common_escape(StrBuf *out, uint32_t c, char quote)
{
    switch (c) {
    case '\\':
        sb_adds(out, "\\\\");
        return true;
    case '\t':
        sb_adds(out, "\\t");
        return true;
    case '\n':
        sb_adds(out, "\\n");
        return true;
    case '\r':
        sb_adds(out, "\\r");
        return true;
    default:
        if (c == (uint32_t)(unsigned char)quote) {
            sb_addc(out, '\\');
            sb_addc(out, quote);
            return true;
        }
        if (c < ' ' || c == 0x7F) {
            sb_adds(out, "\\x");
            sb_addc(out, hexdigits[c >> 4]);
            sb_addc(out, hexdigits[c & 15]);
            return true;
        }
        return false;
    }
}

void
pyrepr_str(StrBuf *out, const char *s, uint32_t len)
{
    char quote = pick_quote(s, len);
    sb_addc(out, quote);
    const unsigned char *u = (const unsigned char *)s;
    uint32_t i = 0;
    while (i < len) {
        uint32_t at = i;
        uint32_t c = decode_wtf8(u, len, &i);
        if (add_common_escape(out, c, quote))
            continue;
        if (c < 0x7F) {
            sb_addc(out, (char)c);
        } else if (is_printable(c) && !(c >= 0xD800 && c <= 0xDFFF)) {
            sb_add(out, s + at, i - at); /* as written: already UTF-8 */
        } else if (c <= 0xFF) {
            sb_printf(out, "\\x%02x", c);
        } else if (c <= 0xFFFF) {
            sb_printf(out, "\\u%04x", c);
        } else {
            sb_printf(out, "\\U%08x", c);
        }
    }
    sb_addc(out, quote);
}

void
pyrepr_bytes(StrBuf *out, const char *s, uint32_t len)
{
    char quote = pick_quote(s, len);
    sb_addc(out, 'b');
    sb_addc(out, quote);
    for (uint32_t i = 0; i < len; i++) {
        uint32_t c = (unsigned char)s[i];
        if (add_common_escape(out, c, quote))
            continue;
        if (c < 0x7F)
            sb_addc(out, (char)c);
        else
            sb_printf(out, "\\x%02x", c);
    }
    sb_addc(out, quote);
}

void
pyrepr_constant(StrBuf *out, const Constant *c)
{
    switch (c->kind) {
    case CONST_NONE:
        sb_adds(out, "None");
        return;
    case CONST_TRUE:
        sb_adds(out, "True");
        return;
    case CONST_FALSE:
        sb_adds(out, "False");
        return;
    case CONST_ELLIPSIS:
        sb_adds(out, "Ellipsis");
        return;
    case CONST_INT:
        if (c->text)
            pyrepr_int(out, c->text, c->len);
        else
            sb_printf(out, "%lld", (long long)c->small);
        return;
    case CONST_FLOAT:
        pyrepr_float(out, c->number);
        return;
    case CONST_COMPLEX:
        pyrepr_imag(out, c->number);
        return;
    case CONST_STR:
        pyrepr_str(out, c->text ? c->text : "", c->text ? c->len : 0);
        return;
    case CONST_BYTES:
        pyrepr_bytes(out, c->text ? c->text : "", c->text ? c->len : 0);
        return;
    }
    (void)NEVER(true);
}
