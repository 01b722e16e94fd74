/* skim: the pre-parse look at a file (see skim.h for what it records and its contract).
 *
 * One pass of a reduced tokenizer, scan(): it skips whitespace, comments, line joins and every
 * string form, keeps the bracket stack and, like the real lexer (parse/lexer.c, itself CPython's
 * rules), a stack of f-string/t-string modes so that the code inside replacement fields is read as
 * code. On the way it records every name in `ids` (hashed while it is scanned, sixteen bytes at a
 * time with SSE2), every dotted chain in `chains`, the async markers, and at each logical line's
 * start its indentation, popping the enclosing class and def blocks the line is not inside.
 *
 * The structure layer (skim_text's loop) does not see the tokens one by one: scan() in "events"
 * mode returns only a keyword that begins a statement the skim reads (import or from at a statement
 * start, class, def or async at a line start). The statement readers then take the tokens of that
 * statement with next_tok(), with one token of push-back. Each token costs a few mispredicted
 * branches at best, so everything else a token does is kept to straight-line code. */
#include "analysis/skim.h"

#include "base/bytescan.h"

#include <string.h>

#define SKIM_MAX_EXPR_NESTING 3 /* CPython's limit on fields nested in format specs */

/* ---- hashing ---- */

#define HASH_SEED 0x9E3779B97F4A7C15ull
#define HASH_MUL1 0xFF51AFD7ED558CCDull
#define HASH_MUL2 0xC4CEB9FE1A85EC53ull

/* load64: eight bytes as a little-endian word, whatever the host's byte order, so that masking
 * the low bytes keeps the first ones. */
static inline uint64_t
load64(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* load_tail: s[0..n) (1 <= n <= 8) as a little-endian word with zero high bytes; reads a whole
 * word when it stays before limit. */
static inline uint64_t
load_tail(const unsigned char *s, size_t n, const unsigned char *limit)
{
    if (s + 8 <= limit)
        return load64(s) & (~0ull >> (64 - 8 * n));
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)s[i] << (8 * i);
    return w;
}

static inline uint64_t
hash_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * HASH_MUL1;
    return h ^ (h >> 32);
}

static inline uint64_t
hash_finish(uint64_t h, uint64_t w, size_t n)
{
    h = (h ^ w ^ ((uint64_t)n << 56)) * HASH_MUL2;
    return h ^ (h >> 32);
}

/* hash_span: skim_hash of s[0..n), reading whole words where they end before limit. Every full
 * word but the last is mixed in, then the last 1..8 bytes with the length. */
static inline uint64_t
hash_span(const unsigned char *s, size_t n, const unsigned char *limit)
{
    uint64_t h = HASH_SEED;
    size_t left = n;
    while (left > 8) {
        h = hash_word(h, load64(s));
        s += 8;
        left -= 8;
    }
    return hash_finish(h, left ? load_tail(s, left, limit) : 0, n);
}

/* hash16: hash_span of s[0..n) for 1 <= n <= 16 when 16 bytes can be read at s, without a branch
 * on the length. */
static inline uint64_t
hash16(const unsigned char *s, uint32_t n)
{
    uint64_t lo = load64(s), hi = load64(s + 8);
    bool two = n > 8;
    uint64_t lo_masked = lo & (~0ull >> (two ? 0 : 64 - 8 * n));
    uint64_t hi_masked = hi & (~0ull >> (two ? 128 - 8 * n : 0));
    return hash_finish(two ? hash_word(HASH_SEED, lo) : HASH_SEED, two ? hi_masked : lo_masked, n);
}

/* skim_hash: see skim.h. */
uint64_t
skim_hash(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    return hash_span(u, n, u + n);
}

/* A hash computed a few bytes at a time (a chain "a.b.c" whose parts are apart in the text); it
 * gives skim_hash of all the bytes appended so far. */
typedef struct HashState {
    uint64_t h, w;
    uint32_t fill; /* bytes in w, 0..8; a full word is mixed in only when more bytes come */
    uint32_t n;
} HashState;

static inline void
hs_init(HashState *hs)
{
    *hs = (HashState){ .h = HASH_SEED };
}

static inline void
hs_add(HashState *hs, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (hs->fill == 8) {
            hs->h = hash_word(hs->h, hs->w);
            hs->w = 0;
            hs->fill = 0;
        }
        hs->w |= (uint64_t)s[i] << (8 * hs->fill++);
    }
    hs->n += (uint32_t)n;
}

static inline uint64_t
hs_value(const HashState *hs)
{
    return hash_finish(hs->h, hs->w, hs->n);
}

/* ---- sets ---- */

static void
set_init(Arena *a, SkimSet *set, uint32_t cap)
{
    set->slots = ARENA_ARRAY(a, uint64_t, cap);
    set->cap = cap;
    set->count = 0;
}

static void
set_grow(Arena *a, SkimSet *set)
{
    SkimSet old = *set;
    set_init(a, set, old.cap * 2);
    uint32_t mask = set->cap - 1;
    for (uint32_t i = 0; i < old.cap; i++) {
        uint64_t h = old.slots[i];
        if (!h)
            continue;
        uint32_t j = (uint32_t)h & mask;
        while (set->slots[j])
            j = (j + 1) & mask;
        set->slots[j] = h;
    }
    set->count = old.count;
}

static inline void
set_add(Arena *a, SkimSet *set, uint64_t h)
{
    h += !h;
    uint32_t mask = set->cap - 1, i = (uint32_t)h & mask;
    for (;;) {
        uint64_t v = set->slots[i];
        if (v == h)
            return;
        if (!v)
            break;
        i = (i + 1) & mask;
    }
    set->slots[i] = h;
    if (++set->count * 2 > set->cap)
        set_grow(a, set);
}

static bool set_has(const SkimSet *set, uint64_t h);

/* A set rebuilt at the smallest size that keeps it at most half full. */
static void
set_copy(Arena *a, SkimSet *dst, const SkimSet *src)
{
    uint32_t cap = 8;
    while (cap < src->count * 2 + 2)
        cap *= 2;
    set_init(a, dst, cap);
    uint32_t mask = cap - 1;
    for (uint32_t i = 0; i < src->cap; i++) {
        uint64_t h = src->slots[i];
        if (!h)
            continue;
        uint32_t j = (uint32_t)h & mask;
        while (dst->slots[j])
            j = (j + 1) & mask;
        dst->slots[j] = h;
    }
    dst->count = src->count;
}

static const char **
strs_copy(Arena *a, const char *const *src, uint32_t n)
{
    const char **dst = ARENA_ARRAY(a, const char *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++)
        dst[i] = src[i] ? arena_strdup(a, src[i]) : NULL;
    return dst;
}

/* skim_compact: see skim.h. */
void
skim_compact(FileSkim *dst, Arena *a, const FileSkim *src)
{
    *dst = *src;
    set_copy(a, &dst->ids, &src->ids);
    set_copy(a, &dst->chains, &src->chains);
    dst->imports = ARENA_ARRAY(a, SkimImport, src->nimports ? src->nimports : 1);
    for (uint32_t i = 0; i < src->nimports; i++) {
        const SkimImport *im = &src->imports[i];
        dst->imports[i] = *im;
        dst->imports[i].module = arena_strdup(a, im->module);
        dst->imports[i].name = im->name ? arena_strdup(a, im->name) : NULL;
        dst->imports[i].local = im->local ? arena_strdup(a, im->local) : NULL;
    }
    dst->async_defs = strs_copy(a, src->async_defs, src->nasync_defs);
    dst->defs = strs_copy(a, src->defs, src->ndefs);
    dst->classes = ARENA_ARRAY(a, SkimClass, src->nclasses ? src->nclasses : 1);
    for (uint32_t i = 0; i < src->nclasses; i++) {
        dst->classes[i] = src->classes[i];
        dst->classes[i].name = arena_strdup(a, src->classes[i].name);
        dst->classes[i].bases = strs_copy(a, src->classes[i].bases, src->classes[i].nbases);
    }
}

/* skim_set_has: see skim.h. */
bool
skim_set_has(const SkimSet *set, uint64_t h)
{
    return set_has(set, h);
}

static bool
set_has(const SkimSet *set, uint64_t h)
{
    if (!set->cap)
        return false;
    h += !h;
    uint32_t mask = set->cap - 1, i = (uint32_t)h & mask;
    for (;;) {
        uint64_t v = set->slots[i];
        if (v == h)
            return true;
        if (!v)
            return false;
        i = (i + 1) & mask;
    }
}

/* skim_has_id: see skim.h. */
bool
skim_has_id(const FileSkim *fs, const char *name, size_t n)
{
    return set_has(&fs->ids, skim_hash(name, n));
}

/* skim_has_chain: see skim.h. */
bool
skim_has_chain(const FileSkim *fs, const char *dotted, size_t n)
{
    return set_has(&fs->chains, skim_hash(dotted, n));
}

/* ---- the tokenizer ---- */

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#define ALWAYS_INLINE inline
#endif

/* character classes of the regular (code) mode */
enum {
    C_OTHER,
    C_SPACE,
    C_NL,
    C_HASH,
    C_ID,
    C_DIGIT,
    C_QUOTE,
    C_DOT,
    C_OPEN,
    C_CLOSE,
    C_COMMA,
    C_SEMI,
    C_COLON,
    C_EQUAL,
    C_CMP, /* '!', '<', '>': '=' may follow */
    C_STAR,
    C_BACKSLASH,
    C_NUL
};

#define LETTERS(v)                                                                                 \
    ['a'] = v, ['b'] = v, ['c'] = v, ['d'] = v, ['e'] = v, ['f'] = v, ['g'] = v, ['h'] = v,        \
    ['i'] = v, ['j'] = v, ['k'] = v, ['l'] = v, ['m'] = v, ['n'] = v, ['o'] = v, ['p'] = v,        \
    ['q'] = v, ['r'] = v, ['s'] = v, ['t'] = v, ['u'] = v, ['v'] = v, ['w'] = v, ['x'] = v,        \
    ['y'] = v, ['z'] = v, ['A'] = v, ['B'] = v, ['C'] = v, ['D'] = v, ['E'] = v, ['F'] = v,        \
    ['G'] = v, ['H'] = v, ['I'] = v, ['J'] = v, ['K'] = v, ['L'] = v, ['M'] = v, ['N'] = v,        \
    ['O'] = v, ['P'] = v, ['Q'] = v, ['R'] = v, ['S'] = v, ['T'] = v, ['U'] = v, ['V'] = v,        \
    ['W'] = v, ['X'] = v, ['Y'] = v, ['Z'] = v, ['_'] = v
#define DIGITS(v)                                                                                  \
    ['0'] = v, ['1'] = v, ['2'] = v, ['3'] = v, ['4'] = v, ['5'] = v, ['6'] = v, ['7'] = v,        \
    ['8'] = v, ['9'] = v
/* sixteen bytes from b on (non-ASCII bytes: the UTF-8 of a non-ASCII name) */
#define H16(b, v)                                                                                  \
    [b + 0] = v, [b + 1] = v, [b + 2] = v, [b + 3] = v, [b + 4] = v, [b + 5] = v, [b + 6] = v,     \
         [b + 7] = v, [b + 8] = v, [b + 9] = v, [b + 10] = v, [b + 11] = v, [b + 12] = v,          \
         [b + 13] = v, [b + 14] = v, [b + 15] = v
#define HIGH(v)                                                                                    \
    H16(0x80, v), H16(0x90, v), H16(0xA0, v), H16(0xB0, v), H16(0xC0, v), H16(0xD0, v),            \
        H16(0xE0, v), H16(0xF0, v)

static const uint8_t char_class[256] = {
    [0] = C_NUL,     [' '] = C_SPACE, ['\t'] = C_SPACE, ['\f'] = C_SPACE,     ['\n'] = C_NL,
    ['#'] = C_HASH,  ['"'] = C_QUOTE, ['\''] = C_QUOTE, ['.'] = C_DOT,        ['('] = C_OPEN,
    ['['] = C_OPEN,  ['{'] = C_OPEN,  [')'] = C_CLOSE,  [']'] = C_CLOSE,      ['}'] = C_CLOSE,
    [','] = C_COMMA, [';'] = C_SEMI,  [':'] = C_COLON,  ['='] = C_EQUAL,      ['!'] = C_CMP,
    ['<'] = C_CMP,   ['>'] = C_CMP,   ['*'] = C_STAR,   ['\\'] = C_BACKSLASH, LETTERS(C_ID),
    DIGITS(C_DIGIT), HIGH(C_ID),
};

/* name characters: 1 ASCII, 2 non-ASCII */
static const uint8_t id_char[256] = { LETTERS(1), DIGITS(1), HIGH(2) };

/* string prefix letters: 1 b and u, 2 r, 4 f, 8 t */
static const uint8_t prefix_letter[256] = {
    ['b'] = 1, ['B'] = 1, ['r'] = 2, ['R'] = 2, ['u'] = 1,
    ['U'] = 1, ['f'] = 4, ['F'] = 4, ['t'] = 8, ['T'] = 8,
};

/* digits of each number base, by the letter after '0' */
static const uint8_t dec_char[256] = { DIGITS(1), ['_'] = 1 };
static const uint8_t hex_char[256] = {
    DIGITS(1), ['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,
    ['f'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
};

#undef LETTERS
#undef DIGITS
#undef H16
#undef HIGH

/* what stops the scan of a single-quoted string's body */
static const uint8_t string_stop[256] = { [0] = 1, ['\''] = 1, ['"'] = 1, ['\\'] = 1, ['\n'] = 1 };
/* what stops the scan of an f-string's literal part */
static const uint8_t fstring_stop[256] = {
    [0] = 1, ['\''] = 1, ['"'] = 1, ['\\'] = 1, ['\n'] = 1, ['{'] = 1, ['}'] = 1
};

enum {
    T_EOF,
    T_NAME,
    T_DOT,
    T_OPEN,
    T_CLOSE,
    T_COMMA,
    T_SEMI,
    T_COLON,
    T_EQUAL,
    T_STAR,
    T_NEWLINE,
    T_STRING,
    T_OTHER
};

/* What a name is: no keyword, a keyword of no interest here (soft keywords too: after any keyword
 * a '(' groups rather than calls), or one that matters. KW_ASYNC .. KW_IMPORT begin statements. */
enum {
    KW_NONE,
    KW_OTHER,
    KW_AS,
    KW_AWAIT,
    KW_ASYNC_DUNDER,
    KW_ASYNC,
    KW_CLASS,
    KW_DEF,
    KW_EXCEPT,
    KW_FROM,
    KW_IMPORT
};

/* Keywords and the async protocol dunders in a perfect hash on their first eight bytes (as a
 * little-endian word): KW_MUL was searched so that no two land in the same of the 128 slots; a
 * collision would be an initializer overriding another, which -Wextra (-Woverride-init) rejects. */
typedef struct KwEntry {
    uint64_t word;
    uint8_t len;
    uint8_t kw;
} KwEntry;

#define KW_MUL 0x08a539f11bec4947ull
#define KW_SLOT(w) ((uint64_t)(w)*KW_MUL >> 57)
#define C8(a, b, c, d, e, f, g, h)                                                                 \
    ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)(d) << 24 |              \
     (uint64_t)(e) << 32 | (uint64_t)(f) << 40 | (uint64_t)(g) << 48 | (uint64_t)(h) << 56)
#define KWE(kind, len, ...) [KW_SLOT(C8(__VA_ARGS__))] = { C8(__VA_ARGS__), len, kind }

static const KwEntry kw_table[128] = {
    KWE(KW_OTHER, 5, 'F', 'a', 'l', 's', 'e', 0, 0, 0),
    KWE(KW_OTHER, 4, 'N', 'o', 'n', 'e', 0, 0, 0, 0),
    KWE(KW_OTHER, 4, 'T', 'r', 'u', 'e', 0, 0, 0, 0),
    KWE(KW_OTHER, 3, 'a', 'n', 'd', 0, 0, 0, 0, 0),
    KWE(KW_AS, 2, 'a', 's', 0, 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 6, 'a', 's', 's', 'e', 'r', 't', 0, 0),
    KWE(KW_ASYNC, 5, 'a', 's', 'y', 'n', 'c', 0, 0, 0),
    KWE(KW_AWAIT, 5, 'a', 'w', 'a', 'i', 't', 0, 0, 0),
    KWE(KW_OTHER, 5, 'b', 'r', 'e', 'a', 'k', 0, 0, 0),
    KWE(KW_CLASS, 5, 'c', 'l', 'a', 's', 's', 0, 0, 0),
    KWE(KW_OTHER, 8, 'c', 'o', 'n', 't', 'i', 'n', 'u', 'e'),
    KWE(KW_DEF, 3, 'd', 'e', 'f', 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 3, 'd', 'e', 'l', 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 4, 'e', 'l', 'i', 'f', 0, 0, 0, 0),
    KWE(KW_OTHER, 4, 'e', 'l', 's', 'e', 0, 0, 0, 0),
    KWE(KW_EXCEPT, 6, 'e', 'x', 'c', 'e', 'p', 't', 0, 0),
    KWE(KW_OTHER, 7, 'f', 'i', 'n', 'a', 'l', 'l', 'y', 0),
    KWE(KW_OTHER, 3, 'f', 'o', 'r', 0, 0, 0, 0, 0),
    KWE(KW_FROM, 4, 'f', 'r', 'o', 'm', 0, 0, 0, 0),
    KWE(KW_OTHER, 6, 'g', 'l', 'o', 'b', 'a', 'l', 0, 0),
    KWE(KW_OTHER, 2, 'i', 'f', 0, 0, 0, 0, 0, 0),
    KWE(KW_IMPORT, 6, 'i', 'm', 'p', 'o', 'r', 't', 0, 0),
    KWE(KW_OTHER, 2, 'i', 'n', 0, 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 2, 'i', 's', 0, 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 6, 'l', 'a', 'm', 'b', 'd', 'a', 0, 0),
    KWE(KW_OTHER, 8, 'n', 'o', 'n', 'l', 'o', 'c', 'a', 'l'),
    KWE(KW_OTHER, 3, 'n', 'o', 't', 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 2, 'o', 'r', 0, 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 4, 'p', 'a', 's', 's', 0, 0, 0, 0),
    KWE(KW_OTHER, 5, 'r', 'a', 'i', 's', 'e', 0, 0, 0),
    KWE(KW_OTHER, 6, 'r', 'e', 't', 'u', 'r', 'n', 0, 0),
    KWE(KW_OTHER, 3, 't', 'r', 'y', 0, 0, 0, 0, 0),
    KWE(KW_OTHER, 5, 'w', 'h', 'i', 'l', 'e', 0, 0, 0),
    KWE(KW_OTHER, 4, 'w', 'i', 't', 'h', 0, 0, 0, 0),
    KWE(KW_OTHER, 5, 'y', 'i', 'e', 'l', 'd', 0, 0, 0),
    KWE(KW_OTHER, 5, 'm', 'a', 't', 'c', 'h', 0, 0, 0),
    KWE(KW_OTHER, 4, 'c', 'a', 's', 'e', 0, 0, 0, 0),
    KWE(KW_OTHER, 4, 't', 'y', 'p', 'e', 0, 0, 0, 0),
    /* the first eight bytes of the dunders; the rest is "_" or "__" (see name_kind) */
    KWE(KW_ASYNC_DUNDER, 9, '_', '_', 'a', 'i', 't', 'e', 'r', '_'),
    KWE(KW_ASYNC_DUNDER, 9, '_', '_', 'a', 'n', 'e', 'x', 't', '_'),
    KWE(KW_ASYNC_DUNDER, 9, '_', '_', 'a', 'e', 'x', 'i', 't', '_'),
    KWE(KW_ASYNC_DUNDER, 9, '_', '_', 'a', 'w', 'a', 'i', 't', '_'),
    KWE(KW_ASYNC_DUNDER, 10, '_', '_', 'a', 'e', 'n', 't', 'e', 'r'),
};

#undef KWE
#undef C8

/* name_kind: the KW_* of the name s[0..n), w0 its first eight bytes as a word (masked to n bytes
 * when n < 8). */
static inline uint8_t
name_kind(const unsigned char *s, uint32_t n, uint64_t w0)
{
    if (n > 10)
        return KW_NONE;
    const KwEntry *e = &kw_table[KW_SLOT(w0)];
    if (e->word != w0 || e->len != n)
        return KW_NONE;
    if (n > 8 && !(s[8] == '_' && s[n - 1] == '_'))
        return KW_NONE;
    return e->kw;
}

/* What the previous token was, for what may follow: the start of a logical line or of a statement
 * (an import may follow; at a line start also class and def), a name that is no keyword or a
 * closing bracket (a '(' after them calls, otherwise it may group a chain's start). */
enum { L_OTHER, L_BOL, L_STMT, L_NAME, L_CLOSE };

typedef struct Tok {
    uint8_t kind;
    uint8_t kw;        /* T_NAME: KW_* */
    char bracket;      /* T_OPEN / T_CLOSE: the character */
    bool event;        /* T_NAME: a keyword beginning a statement the structure layer reads */
    bool chain_ext;    /* T_NAME: continues a chain ("b" in "a.b"); T_CLOSE: a chain goes on
                          after it ("(a).b") */
    const char *start; /* T_NAME: the name */
    uint32_t len;
} Tok;

/* one f-string or t-string being read (the lexer's FtMode) */
typedef struct FMode {
    char quote;
    uint8_t quote_size;
    bool raw;
    bool literal;    /* in a literal part (or a format spec), not in a replacement field's code */
    bool in_spec;    /* the literal part is a format spec */
    int curly_depth; /* brackets open inside this string's replacement fields */
    int expr_depth;  /* curly_depth where the innermost field began; -1 none */
    int outer_depth; /* the bracket depth outside the string */
} FMode;

/* an enclosing class or def, found by indentation */
typedef struct Block {
    uint32_t indent;
    bool is_class;
    uint32_t cls;     /* is_class: index in classes */
    const char *path; /* is_class: the dotted name */
} Block;

/* A name of at most eight bytes already in `ids`, by its text as a word (bytes past the name are
 * zero, so the word is the name): most names are repeats (self, if, return), which then skip the
 * hash, the set and the keyword table. */
typedef struct NameSeen {
    uint64_t word; /* 0: empty */
    uint8_t kw;
} NameSeen;

#define SEEN_BITS 8
#define SEEN_MUL 0x9E3779B97F4A7C15ull

typedef struct Skim {
    const unsigned char *p;
    const unsigned char *text, *end; /* *end is the terminating NUL */
    Arena *a;
    FileSkim *out;
    bool slow;       /* in an f-string, or stopped: the scan loop checks the two below */
    bool stop;       /* a limit was passed: nothing more is read */
    bool pushed;     /* the current token is to be read again */
    uint8_t last;    /* L_*: what the previous token was */
    uint32_t indent; /* of the current logical line */
    int depth;
    char brackets[SKIM_MAX_BRACKETS];
    int nmodes;
    FMode modes[SKIM_MAX_FSTRINGS];
    /* chains: 0 after anything else, 1 after a name, 2 after a name and a dot */
    int chain;
    const unsigned char *chain_start; /* the first name */
    const unsigned char *chain_end;   /* the end of the last name, while the chain is contiguous */
    bool chain_streamed;              /* not contiguous (or long): hashed piece by piece */
    HashState chain_hash;
    uint32_t open_run;     /* grouping '(' read just before the current token */
    uint32_t chain_parens; /* grouping '(' just before the chain's first name, not closed yet */
    Tok t;
    NameSeen seen[1u << SEEN_BITS];
    int nblocks;
    Block blocks[SKIM_MAX_BLOCKS];
    VEC(SkimImport) imports;
    VEC(const char *) async_defs;
    VEC(const char *) defs;
    VEC(SkimClass) classes;
    VEC(const char *) bases;
    char *buf; /* scratch text: dotted names being assembled */
    uint32_t buf_len, buf_cap;
} Skim;

/* contiguous chains longer than this are hashed piece by piece (no rehashing of long prefixes) */
#define CHAIN_SPAN_MAX 128

/* give_up: a limit was passed; nothing more is read. */
static void
give_up(Skim *S)
{
    S->out->unsure = true;
    S->stop = true;
    S->slow = true;
}

/* indentation_slow: the indentation column of the line at p with tabs (to the next multiple of
 * 8), form feeds (back to 0) or a backslash continuation (whose column counts, as in CPython);
 * returns the first character after it. */
static const unsigned char *
indentation_slow(const unsigned char *p, uint32_t *column)
{
    uint32_t col = 0, cont = UINT32_MAX;
    for (;; p++) {
        unsigned c = *p;
        if (c == ' ') {
            col++;
        } else if (c == '\t') {
            col = (col / 8 + 1) * 8;
        } else if (c == '\f') {
            col = 0;
        } else if (c == '\\' && p[1] == '\n') {
            if (cont == UINT32_MAX)
                cont = col;
            p++;
        } else {
            break;
        }
    }
    *column = cont != UINT32_MAX ? cont : col;
    return p;
}

/* line_start: p at the start of a line outside brackets: skips blank and comment-only lines,
 * measures the indentation of the next line with a token and pops the blocks that line is not
 * inside. Returns where its first token starts (or the end of the text). */
static const unsigned char *
line_start(Skim *S, const unsigned char *p)
{
    for (;;) {
        const unsigned char *q = p;
        while (q + 8 <= S->end && load64(q) == 0x2020202020202020ull)
            q += 8;
        while (*q == ' ')
            q++;
        uint32_t col = (uint32_t)(q - p);
        unsigned c = *q;
        if (UNLIKELY(c == '\t' || c == '\f' || c == '\\')) {
            q = indentation_slow(p, &col);
            c = *q;
        }
        if (c == '\n') {
            p = q + 1;
            continue;
        }
        if (c == '#') {
            const unsigned char *nl = memchr(q, '\n', (size_t)(S->end - q));
            if (nl) {
                p = nl + 1;
                continue;
            }
            q = S->end;
        }
        S->indent = col;
        while (S->nblocks > 0 && S->blocks[S->nblocks - 1].indent >= col)
            S->nblocks--;
        return q;
    }
}

/* skip_string: p at the opening quote of a string without f/t prefix; returns the end. A
 * backslash skips the next character (raw strings too: r"\"" is one string). */
static const unsigned char *
skip_string(Skim *S, const unsigned char *p)
{
    unsigned q = *p;
    if (p[1] == q && p[2] == q) {
        const unsigned char *body = p + 3, *s = body;
        for (;;) {
            s = memchr(s, (int)q, (size_t)(S->end - s));
            if (!s) {
                S->out->unsure = true; /* unterminated triple-quoted string */
                return S->end;
            }
            size_t backslashes = 0;
            while (s - backslashes > body && s[-1 - (ptrdiff_t)backslashes] == '\\')
                backslashes++;
            if (!(backslashes & 1) && s[1] == q && s[2] == q)
                return s + 3;
            s++;
        }
    }
    p++;
    const Bytes16 quotes = bytes16_splat((char)q), backslashes = bytes16_splat('\\'),
                  newlines = bytes16_splat('\n');
    for (;;) {
        /* 16 bytes at a time while 16 remain before the end, then byte by byte (the other quote
         * and a NUL inside the text are read past either way) */
        while (S->end - p >= 16) {
            Bytes16 v = bytes16_load(p);
            uint32_t k =
                bytes16_first((Bytes16)((v == quotes) | (v == backslashes) | (v == newlines)));
            p += k;
            if (k < 16)
                break;
        }
        while (!string_stop[*p])
            p++;
        unsigned c = *p;
        if (c == q)
            return p + 1;
        if (c == '\\') {
            p += p + 1 < S->end ? 2 : 1;
        } else if (c == '\n' || p >= S->end) {
            S->out->unsure = true; /* unterminated: it ends at the newline */
            return p;
        } else {
            p++; /* the other quote, or a NUL inside the text */
        }
    }
}

static void
pop_fstring(Skim *S)
{
    FMode *m = &S->modes[--S->nmodes];
    S->depth = m->outer_depth;
    S->slow = S->nmodes > 0 || S->stop;
}

/* fstring_literal: reads the literal part (or format spec) of the innermost f-string, as the
 * lexer's lex_ftstring: up to a replacement field's '{' or the '}' ending a field or spec (left for
 * the regular mode, which tracks them as brackets), or the closing quotes (the mode is popped). */
static void
fstring_literal(Skim *S)
{
    FMode *m = &S->modes[S->nmodes - 1];
    const unsigned char *p = S->p;
    bool named_escape = false; /* inside \N{...} */
    for (;;) {
        while (!fstring_stop[*p])
            p++;
        unsigned c = *p;
        bool in_spec = m->in_spec && m->expr_depth >= 0;
        if (c == (unsigned char)m->quote) {
            if (m->quote_size == 1 || (p[1] == c && p[2] == c)) {
                p += m->quote_size;
                if (m->curly_depth)
                    S->out->unsure = true;
                pop_fstring(S);
                break;
            }
            p++;
        } else if (c == '\n') {
            if (m->quote_size == 1) {
                S->out->unsure = true; /* unterminated; the newline is read as code */
                pop_fstring(S);
                break;
            }
            p++; /* a triple-quoted string's text, format specs included (as in CPython 3.12+) */
        } else if (c == '{') {
            if (p[1] == '{' && !in_spec) {
                p += 2;
                named_escape = false;
                continue;
            }
            if (++m->expr_depth >= SKIM_MAX_EXPR_NESTING) {
                give_up(S);
                break;
            }
            m->literal = false;
            m->in_spec = false;
            break;
        } else if (c == '}') {
            if (named_escape) {
                named_escape = false;
                p++;
            } else if (m->curly_depth == 0) {
                if (p[1] != '}' || in_spec)
                    S->out->unsure = true; /* a single '}' */
                p += p[1] == '}' ? 2 : 1;
            } else {
                m->literal = false;
                m->in_spec = false;
                break;
            }
        } else if (c == '\\') {
            p++;
            if (*p == '{' || *p == '}')
                continue;
            if (!m->raw && *p == 'N') {
                p++;
                if (*p == '{') {
                    named_escape = true;
                    p++;
                }
                continue;
            }
            if (p < S->end)
                p++;
        } else if (c == '"' || c == '\'') {
            p++; /* the other quote */
        } else if (p >= S->end) {
            give_up(S); /* unterminated */
            break;
        } else {
            p++; /* a NUL inside the text */
        }
    }
    S->p = p;
}

/* number: p at a number's first digit (or its '.'); returns its end. Only as much as keeps the
 * names after it apart: "1if x" is 1 and `if`, "0x1for" is 0x1f and `or`, "1..real" is 1. and
 * `real`. */
static const unsigned char *
number(const unsigned char *p)
{
    if (p[0] == '0' && (p[1] | 0x20) == 'x') {
        p += 2;
        while (hex_char[*p])
            p++;
        return p;
    }
    if (p[0] == '0' && ((p[1] | 0x20) == 'o' || (p[1] | 0x20) == 'b')) {
        p += 2;
        while (dec_char[*p]) /* wider than the base: no name starts with a digit anyway */
            p++;
        return p;
    }
    while (dec_char[*p])
        p++;
    if (*p == '.') {
        p++;
        while (dec_char[*p])
            p++;
    }
    if ((*p | 0x20) == 'e') {
        const unsigned char *e = p + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (dec_char[*e] && *e != '_') {
            p = e;
            while (dec_char[*p])
                p++;
        }
    }
    if ((*p | 0x20) == 'j')
        p++;
    return p;
}

/* open_fstring: p at the opening quote of an f-string or t-string; pushes its mode. */
static const unsigned char *
open_fstring(Skim *S, const unsigned char *p, bool raw)
{
    char q = (char)*p;
    uint8_t size = p[1] == *p && p[2] == *p ? 3 : 1;
    if (S->nmodes >= SKIM_MAX_FSTRINGS) {
        give_up(S);
        return p;
    }
    S->modes[S->nmodes++] = (FMode){ .quote = q,
                                     .quote_size = size,
                                     .raw = raw,
                                     .literal = true,
                                     .expr_depth = -1,
                                     .outer_depth = S->depth };
    S->slow = true;
    return p + size;
}

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#define SKIM_SSE2 1

/* name_run16: in the sixteen bytes v, the length of the run of name characters at the start
 * (16: all of them) and, in *high, the mask of the non-ASCII bytes. */
static inline uint32_t
name_run16(__m128i v, uint32_t *high)
{
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8((char)(0x80 - 'a'))),
                                   _mm_set1_epi8((char)(0x80 + 26)));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8((char)(0x80 + 10)));
    __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    uint32_t ascii = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), under));
    *high = (uint32_t)_mm_movemask_epi8(v);
    return (uint32_t)__builtin_ctz(~(ascii | *high) | 0x10000u);
}
#endif

/* names_group: the name s[0..n) contains "ExceptionGroup" (BaseExceptionGroup, MyExceptionGroup).
 */
static bool
names_group(const unsigned char *s, uint32_t n)
{
    for (uint32_t i = 0; i + 14 <= n; i++)
        if (s[i] == 'E' && !memcmp(s + i, "ExceptionGroup", 14))
            return true;
    return false;
}

/* scan_name: s at a name's first character; its length, its first eight bytes as a word (masked
 * to the name) in *w0, and, for a name longer than eight bytes, in *hash its skim_hash (a shorter
 * one is its word). Sets `unsure` for a non-ASCII name. */
static ALWAYS_INLINE uint32_t
scan_name(Skim *S, const unsigned char *s, uint64_t *w0, uint64_t *hash)
{
    const unsigned char *limit = S->end + 1;
    uint32_t n;
#ifdef SKIM_SSE2
    if (LIKELY(s + 16 <= limit)) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        uint32_t high;
        n = name_run16(v, &high);
        if (UNLIKELY(high & ((2u << (n - 1)) - 1)))
            S->out->unsure = true; /* NFKC may spell it otherwise in the parser */
        uint64_t lo = (uint64_t)_mm_cvtsi128_si64(v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "SSE2 on a big-endian host"
#endif
        if (n <= 8) {
            *w0 = lo & (~0ull >> (64 - 8 * n)); /* the name itself: the caller hashes it if new */
            return n;
        }
        *w0 = lo;
        if (n < 16) {
            uint64_t hi = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(v, 8));
            *hash = hash_finish(hash_word(HASH_SEED, lo), hi & (~0ull >> (64 - 8 * (n - 8))), n);
            return n;
        }
        /* sixteen or more: the rest byte by byte */
    } else
#endif
    {
        n = 0;
    }
    const unsigned char *p = s + n;
    while (id_char[*p] == 1)
        p++;
    if (id_char[*p] == 2 || id_char[*s] == 2) {
        S->out->unsure = true;
        while (id_char[*p])
            p++;
    }
    n = (uint32_t)(p - s);
    *w0 = load_tail(s, n < 8 ? n : 8, limit);
    if (n > 8)
        *hash = hash_span(s, n, limit);
    return n;
}

/* chain_name: the name s[0..n) continues the current chain (after a dot): its dotted text goes
 * to `chains`. A contiguous chain ("a.b.c") is hashed as a span of the text; one with spaces,
 * comments or line joins between its parts, or a long one, is hashed piece by piece. */
static inline void
chain_name(Skim *S, const unsigned char *s, uint32_t n)
{
    if (LIKELY(!S->chain_streamed)) {
        size_t span = (size_t)(s + n - S->chain_start);
        if (LIKELY(s == S->chain_end + 1 && span <= 16 && S->chain_start + 16 <= S->end + 1)) {
            S->chain_end = s + n;
            set_add(S->a, &S->out->chains, hash16(S->chain_start, (uint32_t)span));
            return;
        }
        if (s == S->chain_end + 1 && span <= CHAIN_SPAN_MAX) {
            S->chain_end = s + n;
            set_add(S->a, &S->out->chains, hash_span(S->chain_start, span, S->end + 1));
            return;
        }
        hs_init(&S->chain_hash);
        hs_add(&S->chain_hash, S->chain_start, (size_t)(S->chain_end - S->chain_start));
        S->chain_streamed = true;
    }
    hs_add(&S->chain_hash, (const unsigned char *)".", 1);
    hs_add(&S->chain_hash, s, n);
    set_add(S->a, &S->out->chains, hs_value(&S->chain_hash));
}

/* done: leaves the tokenizer at p with a token of kind (and its chain state). */
static inline int
done(Skim *S, const unsigned char *p, int kind, int chain, uint32_t open_run, uint8_t last)
{
    S->p = p;
    S->chain = chain;
    S->open_run = open_run;
    S->last = last;
    return S->t.kind = (uint8_t)kind;
}

/* scan: the tokenizer. Reads the next token into S->t and returns its kind (T_EOF at the end,
 * and from then on). Names are recorded as they go by; strings are skipped (an f-string gives one
 * T_STRING, then its fields' tokens). With events, tokens are read without being returned until
 * a statement keyword the structure layer wants (t.event), or the end. */
static ALWAYS_INLINE int
scan(Skim *S, bool events)
{
    Tok *t = &S->t;
    if (S->pushed) {
        S->pushed = false;
        if (!events || t->kind == T_EOF || (t->kind == T_NAME && t->event))
            return t->kind;
    }
    /* in registers across tokens; back in S only when leaving */
    const unsigned char *p = S->p;
    int chain = S->chain;
    uint32_t open_run = S->open_run;
    uint8_t last = S->last;
    for (;;) {
        if (UNLIKELY(S->slow)) {
            if (S->stop)
                return done(S, p, T_EOF, chain, open_run, last);
            if (S->modes[S->nmodes - 1].literal) {
                S->p = p;
                fstring_literal(S);
                p = S->p;
                chain = 0, open_run = 0, last = L_OTHER;
                continue;
            }
        }
        unsigned c = *p;
        while (c == ' ')
            c = *++p;
        if (LIKELY(char_class[c] == C_ID)) {
            const unsigned char *s = p;
            uint64_t w0, h = 0;
            uint32_t n = scan_name(S, s, &w0, &h);
            p = s + n;
            if (UNLIKELY(n <= 3 && (*p == '"' || *p == '\''))) {
                unsigned letters = 0;
                uint32_t i = 0;
                while (i < n && prefix_letter[s[i]])
                    letters |= prefix_letter[s[i++]];
                if (i == n) {
                    p = letters & 12 ? open_fstring(S, p, letters & 2) : skip_string(S, p);
                    chain = 0, open_run = 0, last = L_OTHER;
                    if (events)
                        continue;
                    return done(S, p, T_STRING, chain, open_run, last);
                }
            }
            uint8_t kw;
            if (n <= 8) {
                NameSeen *seen = &S->seen[(w0 * SEEN_MUL) >> (64 - SEEN_BITS)];
                if (LIKELY(seen->word == w0)) {
                    kw = seen->kw;
                } else {
                    set_add(S->a, &S->out->ids, hash_finish(HASH_SEED, w0, n));
                    kw = name_kind(s, n, w0);
                    *seen = (NameSeen){ w0, kw };
                }
            } else {
                set_add(S->a, &S->out->ids, h);
                if (UNLIKELY(n >= 14) && names_group(s, n))
                    S->out->group_syntax = true;
                kw = name_kind(s, n, w0);
            }
            if (chain == 2) {
                chain_name(S, s, n);
                t->chain_ext = true;
            } else {
                S->chain_start = s;
                S->chain_end = s + n;
                S->chain_streamed = false;
                S->chain_parens = open_run;
                t->chain_ext = false;
            }
            chain = 1;
            open_run = 0;
            bool event = false;
            if (UNLIKELY(kw >= KW_AWAIT)) {
                if (kw <= KW_ASYNC)
                    S->out->async_syntax = true;
                if (kw >= KW_FROM)
                    event = last == L_BOL || last == L_STMT;
                else if (kw >= KW_ASYNC)
                    event = last == L_BOL;
            }
            last = kw ? L_OTHER : L_NAME;
            if (events && !event)
                continue;
            t->event = event;
            t->kw = kw;
            t->start = (const char *)s;
            t->len = n;
            return done(S, p, T_NAME, chain, open_run, last);
        }
        int kind = T_OTHER;
        switch (char_class[c]) {
        case C_SPACE: /* a tab or a form feed between tokens */
            p = p + 1;
            continue;
        case C_DOT:
            if (p[1] >= '0' && p[1] <= '9') {
                p = number(p);
                break;
            }
            p = p + 1;
            chain = chain == 1 ? 2 : 0;
            open_run = 0;
            last = L_OTHER;
            if (events)
                continue;
            return done(S, p, T_DOT, chain, open_run, last);
        case C_NL:
            if (S->depth > 0) {
                p = p + 1;
                continue;
            }
            p = line_start(S, p + 1);
            chain = 0, open_run = 0, last = L_BOL;
            if (events)
                continue;
            return done(S, p, T_NEWLINE, chain, open_run, last);
        case C_HASH: {
            const unsigned char *nl = memchr(p, '\n', (size_t)(S->end - p));
            p = nl ? nl : S->end;
            continue;
        }
        case C_QUOTE:
            p = skip_string(S, p);
            kind = T_STRING;
            break;
        case C_DIGIT:
            p = number(p);
            break;
        case C_OPEN: {
            if (UNLIKELY(S->depth >= SKIM_MAX_BRACKETS)) {
                give_up(S);
                return done(S, p, T_EOF, chain, open_run, last);
            }
            S->brackets[S->depth++] = (char)c;
            if (S->nmodes)
                S->modes[S->nmodes - 1].curly_depth++;
            p = p + 1;
            chain = 0;
            /* a '(' that is not a call's may group a chain's start: (a).b, ((a.b)).c */
            open_run = c == '(' && last != L_NAME && last != L_CLOSE ? open_run + 1 : 0;
            last = L_OTHER;
            if (events)
                continue;
            t->bracket = (char)c;
            return done(S, p, T_OPEN, chain, open_run, last);
        }
        case C_CLOSE:
            if (UNLIKELY(S->depth == 0)) {
                S->out->unsure = true; /* no opener */
            } else {
                char open = S->brackets[--S->depth];
                if (UNLIKELY(open != (c == ')' ? '(' : c == ']' ? '[' : '{')))
                    S->out->unsure = true;
                if (S->nmodes) {
                    FMode *m = &S->modes[S->nmodes - 1];
                    if (m->curly_depth > 0 && --m->curly_depth == m->expr_depth && c == '}') {
                        m->expr_depth--;
                        m->literal = true;
                        m->in_spec = false;
                    }
                }
            }
            p = p + 1;
            t->chain_ext = false;
            if (c == ')' && chain == 1 && S->chain_parens > 0) {
                S->chain_parens--; /* (a).b: the chain goes on after the ')' */
                t->chain_ext = true;
            } else {
                chain = 0;
            }
            open_run = 0;
            last = L_CLOSE;
            if (events)
                continue;
            t->bracket = (char)c;
            return done(S, p, T_CLOSE, chain, open_run, last);
        case C_COMMA:
            p = p + 1;
            kind = T_COMMA;
            break;
        case C_SEMI:
            p = p + 1;
            chain = 0, open_run = 0, last = S->depth == 0 ? L_STMT : L_OTHER;
            if (events)
                continue;
            return done(S, p, T_SEMI, chain, open_run, last);
        case C_COLON:
            if (S->nmodes) {
                FMode *m = &S->modes[S->nmodes - 1];
                if (m->expr_depth >= 0 && m->curly_depth - 1 == m->expr_depth) {
                    m->literal = true; /* a format spec */
                    m->in_spec = true;
                    p = p + 1;
                    break;
                }
            }
            if (p[1] == '=') { /* := */
                p = p + 2;
                break;
            }
            p = p + 1;
            chain = 0, open_run = 0, last = S->depth == 0 ? L_STMT : L_OTHER;
            if (events)
                continue;
            return done(S, p, T_COLON, chain, open_run, last);
        case C_EQUAL:
            if (p[1] == '=') {
                p = p + 2;
                break;
            }
            p = p + 1;
            kind = T_EQUAL;
            break;
        case C_CMP:
            if (c == '!' && S->nmodes && id_char[p[1]] == 1) {
                p++; /* a conversion, !r !s !a: no name */
                while (id_char[*p] == 1)
                    p++;
                break;
            }
            p = p + (p[1] == '=' ? 2 : 1);
            break;
        case C_STAR:
            if (p[1] == '*' || p[1] == '=') {
                p = p + 2;
                break;
            }
            p = p + 1;
            kind = T_STAR;
            break;
        case C_BACKSLASH:
            if (p[1] == '\n') {
                p = p + 2;
                continue;
            }
            p = p + 1;
            break;
        case C_NUL:
            if (p >= S->end) {
                if (S->depth > 0 || S->nmodes > 0)
                    S->out->unsure = true; /* unclosed brackets or f-string */
                S->stop = S->slow = true;
                return done(S, p, T_EOF, chain, open_run, last);
            }
            p = p + 1;
            break;
        default:
            p = p + 1;
            break;
        }
        chain = 0, open_run = 0, last = L_OTHER;
        if (!events)
            return done(S, p, (uint8_t)kind, chain, open_run, last);
    }
}

/* next_tok: the next token, whatever it is (for the statement readers). */
static int
next_tok(Skim *S)
{
    return scan(S, false);
}

/* next_event: the next statement keyword the structure layer reads (or T_EOF). */
static int
next_event(Skim *S)
{
    return scan(S, true);
}

/* push_back: the current token is read again by the next next_tok() or next_event(). */
static inline void
push_back(Skim *S)
{
    S->pushed = true;
}

/* ---- text assembly ---- */

static void
buf_add(Skim *S, const char *s, uint32_t n)
{
    if (S->buf_len + n + 1 > S->buf_cap) {
        uint32_t cap = S->buf_cap ? S->buf_cap : 64;
        while (S->buf_len + n + 1 > cap)
            cap *= 2;
        char *nb = arena_alloc(S->a, cap);
        if (S->buf_len)
            memcpy(nb, S->buf, S->buf_len);
        S->buf = nb;
        S->buf_cap = cap;
    }
    memcpy(S->buf + S->buf_len, s, n);
    S->buf_len += n;
}

static const char *
buf_take(Skim *S)
{
    const char *s = arena_strndup(S->a, S->buf ? S->buf : "", S->buf_len);
    S->buf_len = 0;
    return s;
}

/* dotted_name: NAME ('.' NAME)* from the current T_NAME token, into the scratch buffer (as
 * written without whitespace); the token after it is pushed back. */
static void
dotted_name(Skim *S)
{
    S->buf_len = 0;
    buf_add(S, S->t.start, S->t.len);
    while (next_tok(S) == T_DOT) {
        if (next_tok(S) != T_NAME)
            break;
        buf_add(S, ".", 1);
        buf_add(S, S->t.start, S->t.len);
    }
    push_back(S);
}

/* ---- structure ---- */

static bool
in_def(const Skim *S)
{
    for (int i = 0; i < S->nblocks; i++)
        if (!S->blocks[i].is_class)
            return true;
    return false;
}

static void
push_block(Skim *S, Block b)
{
    if (S->nblocks >= SKIM_MAX_BLOCKS) {
        give_up(S);
        return;
    }
    S->blocks[S->nblocks++] = b;
}

/* import_stmt: after 'import': dotted_as_name (',' dotted_as_name)* */
static void
import_stmt(Skim *S)
{
    bool top = S->nblocks == 0;
    while (next_tok(S) == T_NAME) {
        const char *first = S->t.start;
        uint32_t first_len = S->t.len;
        dotted_name(S);
        SkimImport imp = { .module = buf_take(S), .top_level = top };
        if (next_tok(S) == T_NAME && S->t.kw == KW_AS) {
            if (next_tok(S) != T_NAME) {
                push_back(S);
                return;
            }
            imp.local = arena_strndup(S->a, S->t.start, S->t.len);
        } else {
            push_back(S);
            imp.local = arena_strndup(S->a, first, first_len);
        }
        VEC_PUSH(S->a, S->imports, imp);
        if (next_tok(S) != T_COMMA)
            break;
    }
    push_back(S);
}

/* from_stmt: after 'from': ('.' | '...')* dotted_name? 'import' ('*' | '(' names ')' | names) */
static void
from_stmt(Skim *S)
{
    bool top = S->nblocks == 0;
    unsigned level = 0;
    while (next_tok(S) == T_DOT)
        level += level < 255;
    const char *module = "";
    if (S->t.kind == T_NAME && S->t.kw != KW_IMPORT) {
        dotted_name(S);
        module = buf_take(S);
        next_tok(S);
    }
    if (S->t.kind != T_NAME || S->t.kw != KW_IMPORT) {
        push_back(S);
        return;
    }
    SkimImport imp = { .module = module, .level = (uint8_t)level, .top_level = top };
    if (next_tok(S) == T_STAR) {
        imp.name = "*";
        VEC_PUSH(S->a, S->imports, imp);
        return;
    }
    bool paren = S->t.kind == T_OPEN && S->t.bracket == '(';
    if (paren)
        next_tok(S);
    while (S->t.kind == T_NAME) {
        imp.name = imp.local = arena_strndup(S->a, S->t.start, S->t.len);
        if (next_tok(S) == T_NAME && S->t.kw == KW_AS) {
            if (next_tok(S) != T_NAME)
                break;
            imp.local = arena_strndup(S->a, S->t.start, S->t.len);
            next_tok(S);
        }
        VEC_PUSH(S->a, S->imports, imp);
        if (S->t.kind != T_COMMA)
            break;
        next_tok(S);
    }
    if (paren && S->t.kind == T_CLOSE)
        return;
    push_back(S);
}

/* header_bases: the tokens of a bracketed group just opened (the T_OPEN is current); with
 * record, every dotted name in it goes to S->bases. Ends after the closing bracket. */
static void
header_bases(Skim *S, bool record)
{
    int depth = S->depth - 1;
    bool pending = false; /* the scratch buffer holds a chain not yet stored */
    while (S->depth > depth) {
        int k = next_tok(S);
        if (k == T_EOF)
            break;
        if (!record || (pending && (k == T_DOT || (k == T_CLOSE && S->t.chain_ext))))
            continue;
        if (k == T_NAME && S->t.chain_ext && pending) {
            buf_add(S, ".", 1);
            buf_add(S, S->t.start, S->t.len);
            continue;
        }
        if (pending && !(k == T_EQUAL)) /* `metaclass=` names a keyword, not a base */
            VEC_PUSH(S->a, S->bases, buf_take(S));
        pending = false;
        S->buf_len = 0;
        if (k == T_NAME) {
            buf_add(S, S->t.start, S->t.len);
            pending = true;
        }
    }
    if (pending)
        VEC_PUSH(S->a, S->bases, buf_take(S));
}

/* class_stmt: after 'class' at the start of a line: NAME ['[' type_params ']'] ['(' args ')'] */
static void
class_stmt(Skim *S, uint32_t indent)
{
    if (next_tok(S) != T_NAME) {
        push_back(S);
        return;
    }
    const char *outer = NULL;
    for (int i = S->nblocks - 1; i >= 0 && !outer; i--)
        if (S->blocks[i].is_class)
            outer = S->blocks[i].path;
    S->buf_len = 0;
    if (outer) {
        buf_add(S, outer, (uint32_t)strlen(outer));
        buf_add(S, ".", 1);
    }
    buf_add(S, S->t.start, S->t.len);
    SkimClass cls = { .name = buf_take(S), .top_level = !in_def(S) };
    S->bases.len = 0;
    if (next_tok(S) == T_OPEN && S->t.bracket == '[') {
        header_bases(S, false);
        next_tok(S);
    }
    if (S->t.kind == T_OPEN && S->t.bracket == '(')
        header_bases(S, true);
    else
        push_back(S);
    cls.nbases = S->bases.len;
    if (cls.nbases) {
        cls.bases = ARENA_ARRAY(S->a, const char *, cls.nbases);
        memcpy(cls.bases, S->bases.items, sizeof(const char *) * cls.nbases);
    }
    uint32_t index = S->classes.len;
    VEC_PUSH(S->a, S->classes, cls);
    push_block(S, (Block){ .indent = indent, .is_class = true, .cls = index, .path = cls.name });
}

/* def_stmt: after 'def' (or 'async' 'def') at the start of a line: NAME */
static void
def_stmt(Skim *S, uint32_t indent, bool is_async)
{
    if (next_tok(S) != T_NAME) {
        push_back(S);
        return;
    }
    if (S->nblocks == 0) {
        const char *name = arena_strndup(S->a, S->t.start, S->t.len);
        VEC_PUSH(S->a, S->defs, name);
        if (is_async)
            VEC_PUSH(S->a, S->async_defs, name);
    }
    if (S->nblocks > 0 && S->blocks[S->nblocks - 1].is_class &&
        (is_async || S->t.kw == KW_ASYNC_DUNDER))
        S->classes.items[S->blocks[S->nblocks - 1].cls].has_async_member = true;
    push_block(S, (Block){ .indent = indent });
}

static uint32_t
pow2_at_least(uint32_t n)
{
    uint32_t cap = 64;
    while (cap < n && cap < (1u << 30))
        cap *= 2;
    return cap;
}

/* skim_text: see skim.h. The tokenizer records names and chains on its own and pops the blocks a
 * line is not inside; this loop only reads the statements that begin with a keyword it needs. */
void
skim_text(FileSkim *out, Arena *a, const char *text, uint32_t len)
{
    *out = (FileSkim){ 0 };
    Skim *S = arena_zalloc(a, sizeof *S);
    S->a = a;
    S->out = out;
    S->text = (const unsigned char *)text;
    S->end = S->text + len;
    set_init(a, &out->ids, pow2_at_least(len / 48));
    set_init(a, &out->chains, pow2_at_least(len / 128));
    S->p = line_start(S, S->text);
    S->last = L_BOL;

    while (next_event(S) != T_EOF) {
        uint32_t indent = S->indent;
        switch (S->t.kw) {
        case KW_IMPORT:
            import_stmt(S);
            break;
        case KW_FROM:
            from_stmt(S);
            break;
        case KW_CLASS:
            class_stmt(S, indent);
            break;
        case KW_DEF:
            def_stmt(S, indent, false);
            break;
        case KW_EXCEPT:
            if (next_tok(S) == T_STAR)
                out->group_syntax = true;
            else
                push_back(S);
            break;
        case KW_ASYNC:
            if (next_tok(S) == T_NAME && S->t.kw == KW_DEF)
                def_stmt(S, indent, true);
            else
                push_back(S);
            break;
        default:
            break;
        }
    }

    out->imports = S->imports.items;
    out->nimports = S->imports.len;
    out->async_defs = S->async_defs.items;
    out->nasync_defs = S->async_defs.len;
    out->defs = S->defs.items;
    out->ndefs = S->defs.len;
    out->classes = S->classes.items;
    out->nclasses = S->classes.len;
}
