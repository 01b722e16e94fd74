/* toml: a hand-written recursive-descent TOML 1.0 reader. It follows Python 3.11's tomllib rule for
 * rule (the reference pyproject.toml readers use), so a file pip can read we can read, and a file
 * it rejects we reject, with the line of the error. Two deliberate differences: a leading UTF-8 BOM
 * is skipped, and integers beyond 64 bits (which Python keeps exactly) are clamped to the int64
 * range. */
#include "analysis/toml.h"

#include "base/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Table and array flags. tomllib's EXPLICIT_NEST is TF_DEFINED (a [header] or [[header]]) plus
 * TF_DOTTED from an earlier section; its FROZEN is TF_FROZEN. */
enum {
    TF_DEFINED = 1u << 0, /* table: opened by a [header]; array: made by [[header]] */
    TF_DOTTED = 1u << 1,  /* table: made by a dotted key (in section `section`) */
    TF_FROZEN = 1u << 2,  /* inline table or array value: closed to additions */
    TF_AOT = 1u << 3,     /* array of tables */
};

typedef struct Slot {
    const TomlValue *table;
    const char *key;
    uint32_t index;
} Slot;

typedef struct Parser {
    const char *s; /* the text with CRLF turned into LF, NUL-terminated */
    size_t pos, len;
    uint32_t line;
    Arena *a;
    TomlError *err;
    bool failed;
    StrBuf buf; /* scratch for decoding strings */
    TomlValue *root;
    TomlValue *cur;     /* table the current section's key/value pairs go into */
    uint32_t section;   /* the current section's number (for TF_DOTTED) */
    uint32_t nsections; /* sections and inline tables numbered so far */
    uint32_t depth;
    Slot *slots; /* (table, key) -> entry index, open addressing */
    uint32_t nslots, nused;
} Parser;

typedef VEC(const char *) KeyParts;

/* Per-table section numbers for TF_DOTTED tables, kept beside the public struct. */
typedef struct TableExt {
    TomlValue v;
    uint32_t section;
} TableExt;

static bool error(Parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static bool
error(Parser *p, const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    p->err->line = p->line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    return false;
}

static int
peek(const Parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int
peek_at(const Parser *p, size_t k)
{
    return p->pos + k < p->len ? (unsigned char)p->s[p->pos + k] : -1;
}

static bool
starts(const Parser *p, const char *lit)
{
    size_t n = strlen(lit);
    return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}

/* describe: how a character is named in messages. */
static const char *
describe(int c, char *buf, size_t size)
{
    if (c < 0)
        snprintf(buf, size, "end of file");
    else if (c == '\n')
        snprintf(buf, size, "a newline");
    else if (c > 0x20 && c < 0x7F)
        snprintf(buf, size, "'%c'", c);
    else if (c == ' ')
        snprintf(buf, size, "a space");
    else if (c == '\t')
        snprintf(buf, size, "a tab");
    else
        snprintf(buf, size, "byte 0x%02X", (unsigned)c);
    return buf;
}

static bool
unexpected(Parser *p, const char *what)
{
    char d[32];
    return error(p, "expected %s, found %s", what, describe(peek(p), d, sizeof d));
}

static bool
is_ctrl(int c)
{
    return (c >= 0 && c < 0x20) || c == 0x7F;
}

static bool
is_bare(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

static bool
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool
is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void
skip_ws(Parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t')
        p->pos++;
}

static void
newline(Parser *p)
{
    p->pos++;
    p->line++;
}

/* comment: '#' up to the newline; control characters other than tab are not allowed in it. */
static bool
skip_comment(Parser *p)
{
    if (peek(p) != '#')
        return true;
    while (p->pos < p->len && p->s[p->pos] != '\n') {
        int c = (unsigned char)p->s[p->pos];
        if (c != '\t' && is_ctrl(c)) {
            char d[32];
            return error(p, "%s is not allowed in a comment", describe(c, d, sizeof d));
        }
        p->pos++;
    }
    return true;
}

/* Whitespace, newlines and comments between array elements. */
static bool
skip_array_ws(Parser *p)
{
    for (;;) {
        skip_ws(p);
        if (peek(p) == '\n')
            newline(p);
        else if (peek(p) == '#') {
            if (!skip_comment(p))
                return false;
        } else
            return true;
    }
}

/* ---- tables ---------------------------------------------------------------------------------- */

static TomlValue *
new_value(Parser *p, TomlType type)
{
    TomlValue *v;
    if (type == TOML_TABLE)
        v = &ARENA_NEW(p->a, TableExt)->v;
    else
        v = ARENA_NEW(p->a, TomlValue);
    v->type = type;
    v->line = p->line;
    return v;
}

static uint32_t *
section_of(TomlValue *table)
{
    return &((TableExt *)table)->section; /* tables are always allocated as TableExt */
}

static uint64_t
slot_hash(const TomlValue *table, const char *key)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)table;
    for (const unsigned char *k = (const unsigned char *)key; *k; k++)
        h = (h ^ *k) * 1099511628211u;
    return h ^ (h >> 29);
}

static TomlEntry *
find(Parser *p, TomlValue *table, const char *key)
{
    if (!p->nslots)
        return NULL;
    uint32_t mask = p->nslots - 1;
    for (uint32_t i = (uint32_t)slot_hash(table, key) & mask;; i = (i + 1) & mask) {
        Slot *s = &p->slots[i];
        if (!s->table)
            return NULL;
        if (s->table == table && strcmp(s->key, key) == 0)
            return &table->u.table.items[s->index];
    }
}

static void
slot_put(Slot *slots, uint32_t nslots, Slot s)
{
    uint32_t mask = nslots - 1;
    uint32_t i = (uint32_t)slot_hash(s.table, s.key) & mask;
    while (slots[i].table)
        i = (i + 1) & mask;
    slots[i] = s;
}

static TomlEntry *
add_entry(Parser *p, TomlValue *table, const char *key, TomlValue *value, uint32_t line)
{
    if ((p->nused + 1) * 2 > p->nslots) {
        uint32_t n = p->nslots ? p->nslots * 2 : 64;
        Slot *slots = xcalloc(n, sizeof *slots);
        for (uint32_t i = 0; i < p->nslots; i++)
            if (p->slots[i].table)
                slot_put(slots, n, p->slots[i]);
        free(p->slots);
        p->slots = slots;
        p->nslots = n;
    }
    TomlEntry e = { key, line, value };
    VEC_PUSH(p->a, table->u.table, e);
    slot_put(p->slots, p->nslots, (Slot){ table, key, table->u.table.len - 1 });
    p->nused++;
    return &table->u.table.items[table->u.table.len - 1];
}

/* Prints a dotted key path for messages: a.b."c d". */
static const char *
key_text(Parser *p, const KeyParts *k, uint32_t n)
{
    StrBuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            sb_addc(&sb, '.');
        const char *part = k->items[i];
        bool bare = *part != '\0';
        for (const char *c = part; *c && bare; c++)
            bare = is_bare((unsigned char)*c);
        if (bare)
            sb_adds(&sb, part);
        else
            sb_printf(&sb, "\"%s\"", part);
    }
    char *s = arena_strdup(p->a, sb_cstr(&sb));
    sb_free(&sb);
    return s;
}

/* Closes an inline table and the tables its dotted keys made (iteratively: a dotted key may have
 * any number of parts). Nested inline tables and arrays are closed already. */
static void
freeze(Parser *p, TomlValue *table)
{
    VEC(TomlValue *) stack = { 0 };
    VEC_PUSH(p->a, stack, table);
    while (stack.len) {
        TomlValue *t = stack.items[--stack.len];
        t->flags |= TF_FROZEN;
        for (uint32_t i = 0; i < t->u.table.len; i++) {
            TomlValue *v = t->u.table.items[i].value;
            if (v->type == TOML_TABLE && !(v->flags & TF_FROZEN))
                VEC_PUSH(p->a, stack, v);
        }
    }
}

/* Walks the parent keys of a [header] or [[header]] from the root, making missing tables (which a
 * later [header] may still define). An array of tables stands for its last element. */
static TomlValue *
walk_header(Parser *p, const KeyParts *k)
{
    TomlValue *t = p->root;
    for (uint32_t i = 0; i + 1 < k->len; i++) {
        TomlEntry *e = find(p, t, k->items[i]);
        if (!e) {
            TomlValue *sub = new_value(p, TOML_TABLE);
            add_entry(p, t, k->items[i], sub, p->line);
            t = sub;
            continue;
        }
        TomlValue *v = e->value;
        if (v->type == TOML_ARRAY && (v->flags & TF_AOT))
            v = v->u.array.items[v->u.array.len - 1];
        if (v->type != TOML_TABLE || (v->flags & TF_FROZEN)) {
            error(p, "'%s' is already defined as %s and cannot be extended", key_text(p, k, i + 1),
                  v->type == TOML_TABLE   ? "an inline table"
                  : v->type == TOML_ARRAY ? "an array"
                                          : "a value");
            return NULL;
        }
        t = v;
    }
    return t;
}

/* table header: '[' key ']' */
static bool parse_key(Parser *p, KeyParts *k);

static bool
parse_table_header(Parser *p)
{
    uint32_t line = p->line;
    p->pos++;
    skip_ws(p);
    KeyParts k = { 0 };
    if (!parse_key(p, &k))
        return false;
    if (peek(p) != ']')
        return unexpected(p, "']' at the end of the table header");
    p->pos++;
    TomlValue *parent = walk_header(p, &k);
    if (!parent)
        return false;
    const char *last = k.items[k.len - 1];
    TomlEntry *e = find(p, parent, last);
    TomlValue *t;
    if (!e) {
        t = new_value(p, TOML_TABLE);
        add_entry(p, parent, last, t, line);
    } else {
        t = e->value;
        if (t->type != TOML_TABLE || (t->flags & (TF_DEFINED | TF_DOTTED | TF_FROZEN)))
            return error(p, "table [%s] is defined more than once", key_text(p, &k, k.len));
        e->line = line; /* it was only implied by a longer header so far */
        t->line = line;
    }
    t->flags |= TF_DEFINED;
    p->cur = t;
    p->section = ++p->nsections;
    return true;
}

/* array of tables header: '[[' key ']]' */
static bool
parse_array_header(Parser *p)
{
    uint32_t line = p->line;
    p->pos += 2;
    skip_ws(p);
    KeyParts k = { 0 };
    if (!parse_key(p, &k))
        return false;
    if (peek(p) == ']' && !starts(p, "]]"))
        return error(p,
                     "expected ']]' at the end of the array of tables header, found a single ']'");
    if (!starts(p, "]]"))
        return unexpected(p, "']]' at the end of the array of tables header");
    p->pos += 2;
    TomlValue *parent = walk_header(p, &k);
    if (!parent)
        return false;
    const char *last = k.items[k.len - 1];
    TomlEntry *e = find(p, parent, last);
    TomlValue *arr;
    if (!e) {
        arr = new_value(p, TOML_ARRAY);
        arr->flags = TF_AOT | TF_DEFINED;
        add_entry(p, parent, last, arr, line);
    } else {
        arr = e->value;
        if (arr->type != TOML_ARRAY || !(arr->flags & TF_AOT))
            return error(p, "'%s' is already defined as %s, not an array of tables",
                         key_text(p, &k, k.len),
                         arr->type == TOML_TABLE   ? "a table"
                         : arr->type == TOML_ARRAY ? "an array"
                                                   : "a value");
    }
    TomlValue *t = new_value(p, TOML_TABLE);
    t->flags = TF_DEFINED;
    VEC_PUSH(p->a, arr->u.array, t);
    p->cur = t;
    p->section = ++p->nsections;
    return true;
}

/* Puts value at the dotted key k inside table t: the parent keys may name tables made by dotted
 * keys in this same section (or inline table), or tables only implied by a longer [header]; they
 * may not name a table opened by its own [header], one made by dotted keys in an earlier section,
 * an inline table or an array. */
static bool
assign(Parser *p, TomlValue *t, const KeyParts *k, TomlValue *value, uint32_t line)
{
    for (uint32_t i = 0; i + 1 < k->len; i++) {
        TomlEntry *e = find(p, t, k->items[i]);
        if (!e) {
            TomlValue *sub = new_value(p, TOML_TABLE);
            sub->flags = TF_DOTTED;
            *section_of(sub) = p->section;
            add_entry(p, t, k->items[i], sub, line);
            t = sub;
            continue;
        }
        TomlValue *v = e->value;
        bool ok = v->type == TOML_TABLE && !(v->flags & (TF_DEFINED | TF_FROZEN)) &&
                  (!(v->flags & TF_DOTTED) || *section_of(v) == p->section);
        if (!ok) {
            const char *what = v->type != TOML_TABLE    ? "is not a table"
                               : (v->flags & TF_FROZEN) ? "is an inline table, closed to additions"
                                                        : "is a table defined elsewhere";
            return error(p, "cannot set '%s': '%s' %s", key_text(p, k, k->len),
                         key_text(p, k, i + 1), what);
        }
        t = v;
    }
    if (find(p, t, k->items[k->len - 1]))
        return error(p, "duplicate key '%s'", key_text(p, k, k->len));
    add_entry(p, t, k->items[k->len - 1], value, line);
    return true;
}

/* ---- strings --------------------------------------------------------------------------------- */

static void
put_utf8(StrBuf *sb, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_add(sb, b, n);
}

static bool
bad_char_in_string(Parser *p, int c)
{
    char d[32];
    if (c < 0)
        return error(p, "unterminated string");
    if (c == '\n')
        return error(p, "unterminated string (a newline before the closing quote)");
    return error(p, "%s is not allowed in a string; write it as an escape",
                 describe(c, d, sizeof d));
}

/* An escape after '\' in a basic string. */
static bool
parse_escape(Parser *p, bool multiline)
{
    int c = peek_at(p, 1);
    const char *simple = NULL;
    switch (c) {
    case 'b':
        simple = "\b";
        break;
    case 't':
        simple = "\t";
        break;
    case 'n':
        simple = "\n";
        break;
    case 'f':
        simple = "\f";
        break;
    case 'r':
        simple = "\r";
        break;
    case '"':
        simple = "\"";
        break;
    case '\\':
        simple = "\\";
        break;
    default:
        break;
    }
    if (simple) {
        sb_addc(&p->buf, *simple);
        p->pos += 2;
        return true;
    }
    if (c == 'u' || c == 'U') {
        int n = c == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (int i = 0; i < n; i++) {
            int h = peek_at(p, 2 + (size_t)i);
            if (!is_hex(h))
                return error(p, "invalid escape: '\\%c' needs %d hex digits", c, n);
            cp = cp * 16 + (uint32_t)(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return error(p, "invalid escape: U+%04X is not a Unicode scalar value", cp);
        put_utf8(&p->buf, cp);
        p->pos += 2 + (size_t)n;
        return true;
    }
    if (multiline && (c == ' ' || c == '\t' || c == '\n')) {
        /* line-ending backslash: drops the newline and the whitespace after it */
        p->pos++;
        skip_ws(p);
        if (peek(p) < 0)
            return true; /* "unterminated string" follows */
        if (peek(p) != '\n')
            return error(p, "invalid escape: '\\' followed by whitespace must end the line");
        while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\n') {
            if (peek(p) == '\n')
                newline(p);
            else
                p->pos++;
        }
        return true;
    }
    char d[32];
    return error(p, "invalid escape '\\' followed by %s", describe(c, d, sizeof d));
}

/* basic_string: '"' chars '"'; ml_basic_string: '"""' newline? chars '"""' (up to two more quotes
 * just before the closing ones belong to the string). literal and ml_literal strings are the same
 * with single quotes and no escapes. Leaves the decoded text in p->buf. */
static bool
parse_string_body(Parser *p)
{
    int q = peek(p);
    bool literal = q == '\'';
    bool multiline = peek_at(p, 1) == q && peek_at(p, 2) == q;
    sb_clear(&p->buf);
    sb_add(&p->buf, "", 0);
    p->pos += multiline ? 3 : 1;
    if (multiline && peek(p) == '\n')
        newline(p);
    for (;;) {
        int c = peek(p);
        if (c == q) {
            if (!multiline) {
                p->pos++;
                return true;
            }
            if (peek_at(p, 1) == q && peek_at(p, 2) == q) {
                p->pos += 3;
                for (int extra = 0; extra < 2 && peek(p) == q; extra++) {
                    sb_addc(&p->buf, (char)q);
                    p->pos++;
                }
                return true;
            }
            sb_addc(&p->buf, (char)c);
            p->pos++;
        } else if (c == '\\' && !literal) {
            if (!parse_escape(p, multiline))
                return false;
        } else if (c == '\n' && multiline) {
            sb_addc(&p->buf, '\n');
            newline(p);
        } else if (c < 0 || (is_ctrl(c) && c != '\t')) {
            return bad_char_in_string(p, c);
        } else {
            sb_addc(&p->buf, (char)c);
            p->pos++;
        }
    }
}

/* ---- keys ------------------------------------------------------------------------------------ */

/* simple_key: bare_key | basic_string | literal_string (single-line) */
static const char *
parse_simple_key(Parser *p)
{
    int c = peek(p);
    if (is_bare(c)) {
        size_t start = p->pos;
        while (is_bare(peek(p)))
            p->pos++;
        return arena_strndup(p->a, p->s + start, p->pos - start);
    }
    if (c == '"' || c == '\'') {
        if (peek_at(p, 1) == c && peek_at(p, 2) == c) {
            error(p, "a key cannot be a multi-line string");
            return NULL;
        }
        if (!parse_string_body(p))
            return NULL;
        return arena_strdup(p->a, sb_cstr(&p->buf));
    }
    unexpected(p, "a key (letters, digits, '_', '-' or a quoted string)");
    return NULL;
}

/* key: simple_key ( ws '.' ws simple_key )* ws */
static bool
parse_key(Parser *p, KeyParts *k)
{
    for (;;) {
        const char *part = parse_simple_key(p);
        if (!part)
            return false;
        VEC_PUSH(p->a, *k, part);
        skip_ws(p);
        if (peek(p) != '.')
            return true;
        p->pos++;
        skip_ws(p);
    }
}

/* ---- numbers, dates and other scalars -------------------------------------------------------- */

static bool
digits2(const Parser *p, size_t at, int lo, int hi, int *out)
{
    int a = peek_at(p, at), b = peek_at(p, at + 1);
    if (!is_digit(a) || !is_digit(b))
        return false;
    *out = (a - '0') * 10 + (b - '0');
    return *out >= lo && *out <= hi;
}

/* time: HH:MM:SS(.fraction)? ; returns its length or 0 */
static size_t
match_time(const Parser *p, size_t at)
{
    int h, m, s;
    if (!digits2(p, at, 0, 23, &h) || peek_at(p, at + 2) != ':' || !digits2(p, at + 3, 0, 59, &m) ||
        peek_at(p, at + 5) != ':' || !digits2(p, at + 6, 0, 59, &s))
        return 0;
    size_t n = 8;
    if (peek_at(p, at + n) == '.' && is_digit(peek_at(p, at + n + 1))) {
        n++;
        while (is_digit(peek_at(p, at + n)))
            n++;
    }
    return n;
}

/* date-time: YYYY-MM-DD ([Tt ] time (Z | [+-]HH:MM)?)? or time alone (tomllib's RE_DATETIME and
 * RE_LOCAL_TIME, with the day checked against the month as datetime() does). Returns 0 when the
 * text is not a date or time (it may still be a number). */
static size_t
match_datetime(Parser *p, bool *bad)
{
    *bad = false;
    size_t n = match_time(p, 0);
    if (n)
        return n;
    for (size_t i = 0; i < 4; i++)
        if (!is_digit(peek_at(p, i)))
            return 0;
    int mon, day;
    if (peek_at(p, 4) != '-' || !digits2(p, 5, 1, 12, &mon) || peek_at(p, 7) != '-' ||
        !digits2(p, 8, 1, 31, &day))
        return 0;
    int year = atoi(p->s + p->pos);
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int maxday = mdays[mon - 1] + (mon == 2 && leap);
    if (year == 0 || day > maxday) {
        *bad = true; /* datetime() rejects it */
        return 10;
    }
    n = 10;
    int sep = peek_at(p, n);
    if (sep == 'T' || sep == 't' || sep == ' ') {
        size_t t = match_time(p, n + 1);
        if (t) {
            n += 1 + t;
            int z = peek_at(p, n), oh, om;
            if (z == 'Z' || z == 'z')
                n++;
            else if ((z == '+' || z == '-') && digits2(p, n + 1, 0, 23, &oh) &&
                     peek_at(p, n + 3) == ':' && digits2(p, n + 4, 0, 59, &om))
                n += 6;
        }
    }
    return n;
}

/* Digits with single underscores between them; returns false on a malformed run. */
static bool
scan_digits(Parser *p, int (*ok)(int), StrBuf *out)
{
    if (!ok(peek(p)))
        return false;
    for (;;) {
        sb_addc(out, (char)peek(p));
        p->pos++;
        if (peek(p) == '_') {
            if (!ok(peek_at(p, 1)))
                return false;
            p->pos++;
        } else if (!ok(peek(p))) {
            return true;
        }
    }
}

static int
ok_dec(int c)
{
    return is_digit(c);
}
static int
ok_hex(int c)
{
    return is_hex(c);
}
static int
ok_oct(int c)
{
    return c >= '0' && c <= '7';
}
static int
ok_bin(int c)
{
    return c == '0' || c == '1';
}

/* integer | float: tomllib's RE_NUMBER. */
static TomlValue *
parse_number(Parser *p)
{
    StrBuf num = STRBUF_INIT;
    TomlValue *v = NULL;
    int c = peek(p);
    if (c == '0' && (peek_at(p, 1) == 'x' || peek_at(p, 1) == 'o' || peek_at(p, 1) == 'b')) {
        int base = peek_at(p, 1) == 'x' ? 16 : peek_at(p, 1) == 'o' ? 8 : 2;
        p->pos += 2;
        if (!scan_digits(p, base == 16 ? ok_hex : base == 8 ? ok_oct : ok_bin, &num)) {
            error(p, "invalid %s integer",
                  base == 16  ? "hexadecimal"
                  : base == 8 ? "octal"
                              : "binary");
            goto done;
        }
        uint64_t x = 0;
        bool overflow = false;
        for (const char *d = num.data; *d; d++) {
            unsigned dv = (unsigned)(is_digit(*d) ? *d - '0' : (*d | 0x20) - 'a' + 10);
            if (x > (UINT64_MAX - dv) / (unsigned)base)
                overflow = true;
            x = x * (unsigned)base + dv;
        }
        v = new_value(p, TOML_INTEGER);
        v->u.integer = overflow || x > INT64_MAX ? INT64_MAX : (int64_t)x;
        goto done;
    }
    if (c == '+' || c == '-') {
        sb_addc(&num, (char)c);
        p->pos++;
    }
    size_t int_start = p->pos;
    if (!scan_digits(p, ok_dec, &num)) {
        error(p, "invalid number");
        goto done;
    }
    if (p->s[int_start] == '0' && p->pos - int_start > 1) {
        error(p, "invalid number: leading zeros are not allowed");
        goto done;
    }
    bool is_float = false;
    if (peek(p) == '.' && is_digit(peek_at(p, 1))) {
        is_float = true;
        sb_addc(&num, '.');
        p->pos++;
        if (!scan_digits(p, ok_dec, &num)) {
            error(p, "invalid number");
            goto done;
        }
    }
    if ((peek(p) == 'e' || peek(p) == 'E') &&
        (is_digit(peek_at(p, 1)) ||
         ((peek_at(p, 1) == '+' || peek_at(p, 1) == '-') && is_digit(peek_at(p, 2))))) {
        is_float = true;
        sb_addc(&num, 'e');
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-') {
            sb_addc(&num, (char)peek(p));
            p->pos++;
        }
        if (!scan_digits(p, ok_dec, &num)) {
            error(p, "invalid number");
            goto done;
        }
    }
    if (is_float) {
        v = new_value(p, TOML_FLOAT);
        v->u.real = strtod(num.data, NULL);
    } else {
        const char *d = num.data;
        bool neg = *d == '-';
        if (*d == '-' || *d == '+')
            d++;
        uint64_t x = 0;
        bool overflow = false;
        for (; *d; d++) {
            if (x > (UINT64_MAX - (unsigned)(*d - '0')) / 10)
                overflow = true;
            x = x * 10 + (unsigned)(*d - '0');
        }
        v = new_value(p, TOML_INTEGER);
        if (neg)
            v->u.integer = overflow || x > (uint64_t)INT64_MAX + 1 ? INT64_MIN : (int64_t)(0 - x);
        else
            v->u.integer = overflow || x > INT64_MAX ? INT64_MAX : (int64_t)x;
    }
done:
    sb_free(&num);
    return v;
}

static TomlValue *parse_value(Parser *p);

/* array: '[' ws-comment-newline ( value ( ',' value )* ','? )? ws-comment-newline ']' */
static TomlValue *
parse_array(Parser *p)
{
    TomlValue *arr = new_value(p, TOML_ARRAY);
    uint32_t line = p->line;
    p->pos++;
    if (!skip_array_ws(p))
        return NULL;
    while (peek(p) != ']') {
        if (peek(p) < 0) {
            p->line = line;
            error(p, "unclosed array: '[' without a matching ']'");
            return NULL;
        }
        TomlValue *item = parse_value(p);
        if (!item)
            return NULL;
        VEC_PUSH(p->a, arr->u.array, item);
        if (!skip_array_ws(p))
            return NULL;
        if (peek(p) == ',') {
            p->pos++;
            if (!skip_array_ws(p))
                return NULL;
        } else if (peek(p) != ']' && peek(p) >= 0) {
            unexpected(p, "',' or ']' after an array element");
            return NULL;
        }
    }
    p->pos++;
    arr->flags |= TF_FROZEN;
    return arr;
}

/* inline_table: '{' ws ( keyval ( ws ',' ws keyval )* )? ws '}' -- on one line, no trailing comma.
 */
static TomlValue *
parse_inline_table(Parser *p)
{
    TomlValue *t = new_value(p, TOML_TABLE);
    p->pos++;
    uint32_t saved_section = p->section;
    p->section = ++p->nsections; /* dotted keys inside may extend each other, nothing else */
    skip_ws(p);
    if (peek(p) != '}') {
        for (;;) {
            KeyParts k = { 0 };
            uint32_t line = p->line;
            if (peek(p) == '\n')
                return error(p, "an inline table must be on one line"), NULL;
            if (!parse_key(p, &k))
                return NULL;
            if (peek(p) != '=')
                return unexpected(p, "'=' after the key"), NULL;
            p->pos++;
            skip_ws(p);
            TomlValue *v = parse_value(p);
            if (!v || !assign(p, t, &k, v, line))
                return NULL;
            skip_ws(p);
            if (peek(p) == '}')
                break;
            if (peek(p) == '\n')
                return error(p, "an inline table must be on one line"), NULL;
            if (peek(p) != ',')
                return unexpected(p, "',' or '}' after a key/value pair in an inline table"), NULL;
            p->pos++;
            skip_ws(p);
            if (peek(p) == '}')
                return error(p, "trailing comma in an inline table"), NULL;
        }
    }
    p->pos++;
    p->section = saved_section;
    freeze(p, t);
    return t;
}

/* val: string | boolean | array | inline-table | date-time | float | integer */
static TomlValue *
parse_value(Parser *p)
{
    int c = peek(p);
    if (c == '"' || c == '\'') {
        uint32_t line = p->line;
        if (!parse_string_body(p))
            return NULL;
        TomlValue *v = new_value(p, TOML_STRING);
        v->line = line;
        v->u.str.len = (uint32_t)p->buf.len;
        v->u.str.s = arena_strndup(p->a, p->buf.data, p->buf.len);
        return v;
    }
    if (c == '[' || c == '{') {
        if (++p->depth > TOML_MAX_DEPTH) {
            error(p, "arrays and inline tables nested more than %d deep", TOML_MAX_DEPTH);
            return NULL;
        }
        TomlValue *v = c == '[' ? parse_array(p) : parse_inline_table(p);
        p->depth--;
        return v;
    }
    if (starts(p, "true") || starts(p, "false")) {
        TomlValue *v = new_value(p, TOML_BOOLEAN);
        v->u.boolean = c == 't';
        p->pos += c == 't' ? 4 : 5;
        return v;
    }
    if (is_digit(c)) {
        bool bad;
        size_t n = match_datetime(p, &bad);
        if (bad) {
            error(p, "invalid date '%.10s'", p->s + p->pos);
            return NULL;
        }
        if (n) {
            TomlValue *v = new_value(p, TOML_DATETIME);
            v->u.str.s = arena_strndup(p->a, p->s + p->pos, n);
            v->u.str.len = (uint32_t)n;
            p->pos += n;
            return v;
        }
    }
    if (is_digit(c) || ((c == '+' || c == '-') && is_digit(peek_at(p, 1))))
        return parse_number(p);
    size_t sign = c == '+' || c == '-';
    if (p->len - p->pos >= sign + 3 && (memcmp(p->s + p->pos + sign, "inf", 3) == 0 ||
                                        memcmp(p->s + p->pos + sign, "nan", 3) == 0)) {
        TomlValue *v = new_value(p, TOML_FLOAT);
        bool inf = p->s[p->pos + sign] == 'i';
        v->u.real = inf ? (c == '-' ? -HUGE_VAL : HUGE_VAL) : NAN;
        p->pos += sign + 3;
        return v;
    }
    unexpected(p, "a value (a string, number, boolean, date, array or inline table)");
    return NULL;
}

/* keyval: key ws '=' ws val */
static bool
parse_keyval(Parser *p)
{
    uint32_t line = p->line;
    KeyParts k = { 0 };
    if (!parse_key(p, &k))
        return false;
    if (peek(p) != '=')
        return unexpected(p, "'=' after the key");
    p->pos++;
    skip_ws(p);
    TomlValue *v = parse_value(p);
    return v && assign(p, p->cur, &k, v, line);
}

/* Checks UTF-8 (no overlong forms, surrogates or values past U+10FFFF, as Python's decoder). */
static bool
check_utf8(Parser *p)
{
    const unsigned char *s = (const unsigned char *)p->s;
    for (size_t i = 0; i < p->len;) {
        unsigned c = s[i];
        if (c == '\n')
            p->line++;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        bool ok = n && i + n <= p->len;
        for (size_t k = 1; ok && k < n; k++)
            ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && n == 3)
            ok = !(c == 0xE0 && s[i + 1] < 0xA0) && !(c == 0xED && s[i + 1] >= 0xA0);
        if (ok && n == 4)
            ok = !(c == 0xF0 && s[i + 1] < 0x90) && !(c == 0xF4 && s[i + 1] >= 0x90);
        if (!ok)
            return error(p, "invalid UTF-8 (byte 0x%02X)", c);
        i += n;
    }
    p->line = 1;
    return true;
}

/* toml: expression ( newline expression )* where expression is ws ( keyval | table )? ws comment?
 */
TomlValue *
toml_parse(Arena *a, const char *text, size_t len, TomlError *err)
{
    Parser p = { .a = a, .err = err, .line = 1 };
    *err = (TomlError){ 0 };
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    /* tomllib reads CRLF as LF; a lone CR is then a control character */
    char *s = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
            s[n++] = text[i];
    s[n] = '\0';
    p.s = s;
    p.len = n;
    p.root = p.cur = new_value(&p, TOML_TABLE);
    p.root->flags = TF_DEFINED;
    bool ok = check_utf8(&p);
    while (ok) {
        skip_ws(&p);
        int c = peek(&p);
        if (c < 0)
            break;
        if (c == '\n') {
            newline(&p);
            continue;
        }
        if (c == '[')
            ok = peek_at(&p, 1) == '[' ? parse_array_header(&p) : parse_table_header(&p);
        else if (is_bare(c) || c == '"' || c == '\'')
            ok = parse_keyval(&p);
        else if (c != '#')
            ok = unexpected(&p, "a key, a [table] header or a comment");
        if (!ok)
            break;
        skip_ws(&p);
        ok = skip_comment(&p);
        if (ok && peek(&p) >= 0) {
            if (peek(&p) == '\n')
                newline(&p);
            else
                ok = unexpected(&p, "a newline after the statement");
        }
    }
    sb_free(&p.buf);
    free(p.slots);
    return ok ? p.root : NULL;
}

/* toml_entry / toml_get: a direct child of a table by key (linear: tables read after parsing are
 * small), NULL when absent or when table is not a table. */
const TomlEntry *
toml_entry(const TomlValue *table, const char *key)
{
    if (!table || table->type != TOML_TABLE)
        return NULL;
    for (uint32_t i = 0; i < table->u.table.len; i++)
        if (strcmp(table->u.table.items[i].key, key) == 0)
            return &table->u.table.items[i];
    return NULL;
}

const TomlValue *
toml_get(const TomlValue *table, const char *key)
{
    const TomlEntry *e = toml_entry(table, key);
    return e ? e->value : NULL;
}

/* toml_type_name: the TOML type names, for messages. */
const char *
toml_type_name(TomlType type)
{
    switch (type) {
    case TOML_STRING:
        return "string";
    case TOML_INTEGER:
        return "integer";
    case TOML_FLOAT:
        return "float";
    case TOML_BOOLEAN:
        return "boolean";
    case TOML_DATETIME:
        return "date-time";
    case TOML_ARRAY:
        return "array";
    case TOML_TABLE:
        return "table";
    }
    return "value";
}
