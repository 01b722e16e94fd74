/* glob: the pattern is compiled into a list of tokens that is run as an NFA over the path's
 * characters, so patterns with many stars cannot take exponential time. */
#include "base/glob.h"

#include <stdlib.h>
#include <string.h>

/* GT_SPLIT consumes nothing: it goes on to the next token and to `eps`. It stands before a
 * whole-segment `**` so that the zero-directories path exists only on entry, not after `**` has
 * matched something. */
typedef enum GlobTokKind { GT_LIT, GT_ANY, GT_CLASS, GT_STAR, GT_GLOBSTAR, GT_SPLIT } GlobTokKind;

typedef struct GlobTok {
    GlobTokKind kind;
    uint32_t ch;        /* GT_LIT */
    uint32_t cls, ncls; /* GT_CLASS: ranges[cls .. cls + ncls) */
    bool negated;       /* GT_CLASS */
    int32_t eps;        /* another state reached without consuming a character, or -1 */
} GlobTok;

typedef struct Range {
    uint32_t lo, hi;
} Range;

/* Decodes one UTF-8 character at s[*i]; an invalid byte b decodes to 0x110000 + b so that it only
 * ever equals itself. */
static uint32_t
utf8_next(const unsigned char *s, size_t *i)
{
    uint32_t c = s[*i];
    size_t n = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c < 0x80 || n == 1 || c >= 0xF8) {
        (*i)++;
        return c < 0x80 ? c : 0x110000 + c;
    }
    uint32_t cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[*i + k] & 0xC0) != 0x80) {
            (*i)++;
            return 0x110000 + c;
        }
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    }
    *i += n;
    return cp;
}

static uint32_t *
decode(const char *s, size_t *out_len)
{
    size_t n = strlen(s), len = 0;
    uint32_t *cps = xmalloc(sizeof *cps * (n + 1));
    for (size_t i = 0; i < n;)
        cps[len++] = utf8_next((const unsigned char *)s, &i);
    *out_len = len;
    return cps;
}

/* Parses a class starting after '[' at p[*i]; returns false (leaving *i) when it is not closed. */
static bool
parse_class(const uint32_t *p, size_t np, size_t *i, GlobTok *tok, Range *ranges, uint32_t *nranges)
{
    size_t j = *i;
    tok->kind = GT_CLASS;
    tok->negated = false;
    tok->cls = *nranges;
    if (j < np && (p[j] == '!' || p[j] == '^')) {
        tok->negated = true;
        j++;
    }
    bool first = true;
    uint32_t n = *nranges;
    while (j < np && (p[j] != ']' || first)) {
        first = false;
        uint32_t lo = p[j++];
        if (lo == '\\' && j < np)
            lo = p[j++];
        uint32_t hi = lo;
        if (j + 1 < np && p[j] == '-' && p[j + 1] != ']') {
            hi = p[j + 1];
            j += 2;
            if (hi == '\\' && j < np)
                hi = p[j++];
        }
        ranges[n++] = (Range){ lo, hi };
    }
    if (j >= np)
        return false;
    tok->ncls = n - *nranges;
    *nranges = n;
    *i = j + 1;
    return true;
}

static size_t
compile(const uint32_t *p, size_t np, GlobTok *toks, Range *ranges)
{
    size_t nt = 0;
    uint32_t nranges = 0;
    for (size_t i = 0; i < np;) {
        GlobTok t = { .kind = GT_LIT, .eps = -1 };
        uint32_t c = p[i];
        if (c == '*') {
            size_t j = i;
            while (j < np && p[j] == '*')
                j++;
            bool seg_start = i == 0 || p[i - 1] == '/';
            if (j - i == 1) {
                t.kind = GT_STAR;
            } else {
                t.kind = GT_GLOBSTAR;
                if (seg_start && j < np && p[j] == '/') { /* zero directories: skip "**" and '/' */
                    toks[nt] = (GlobTok){ .kind = GT_SPLIT, .eps = (int32_t)nt + 3 };
                    nt++;
                }
                if (seg_start && j == np && nt > 1 && toks[nt - 1].kind == GT_LIT &&
                    toks[nt - 1].ch == '/')
                    toks[nt - 1].eps = -2; /* "dir/" "**": the '/' may end the match */
            }
            i = j;
        } else if (c == '?') {
            t.kind = GT_ANY;
            i++;
        } else if (c == '[') {
            size_t j = i + 1;
            if (parse_class(p, np, &j, &t, ranges, &nranges)) {
                i = j;
            } else {
                t = (GlobTok){ .kind = GT_LIT, .ch = '[', .eps = -1 };
                i++;
            }
        } else if (c == '\\' && i + 1 < np) {
            t.ch = p[i + 1];
            i += 2;
        } else {
            t.ch = c;
            i++;
        }
        toks[nt++] = t;
    }
    for (size_t k = 0; k < nt; k++)
        if (toks[k].eps == -2)
            toks[k].eps = (int32_t)nt;
    return nt;
}

/* Adds state s and everything reachable from it without consuming a character. */
static void
add_state(const GlobTok *toks, size_t nt, bool *set, size_t s)
{
    while (s <= nt && !set[s]) {
        set[s] = true;
        if (s == nt)
            return;
        if (toks[s].eps >= 0)
            add_state(toks, nt, set, (size_t)toks[s].eps);
        if (toks[s].kind != GT_STAR && toks[s].kind != GT_GLOBSTAR && toks[s].kind != GT_SPLIT)
            return;
        s++; /* a star may match nothing */
    }
}

static bool
class_has(const GlobTok *t, const Range *ranges, uint32_t c)
{
    bool in = false;
    for (uint32_t k = 0; k < t->ncls && !in; k++)
        in = ranges[t->cls + k].lo <= c && c <= ranges[t->cls + k].hi;
    return in != t->negated;
}

/* glob_match: compiles pattern, then runs the NFA over path one character at a time with two
 * state sets. Allocates scratch memory proportional to the pattern, freed before returning. */
bool
glob_match(const char *pattern, const char *path)
{
    size_t np, ns;
    uint32_t *p = decode(pattern, &np);
    uint32_t *s = decode(path, &ns);
    GlobTok *toks = xmalloc(sizeof *toks * (2 * np + 1)); /* a SPLIT per token at most */
    Range *ranges = xmalloc(sizeof *ranges * (np + 1));
    size_t nt = compile(p, np, toks, ranges);
    bool *cur = xcalloc(nt + 1, 1), *next = xcalloc(nt + 1, 1);
    add_state(toks, nt, cur, 0);
    for (size_t i = 0; i < ns; i++) {
        uint32_t c = s[i];
        memset(next, 0, nt + 1);
        bool any = false;
        for (size_t k = 0; k < nt; k++) {
            if (!cur[k])
                continue;
            const GlobTok *t = &toks[k];
            switch (t->kind) {
            case GT_LIT:
                if (c == t->ch)
                    add_state(toks, nt, next, k + 1), any = true;
                break;
            case GT_ANY:
                if (c != '/')
                    add_state(toks, nt, next, k + 1), any = true;
                break;
            case GT_CLASS:
                if (c != '/' && class_has(t, ranges, c))
                    add_state(toks, nt, next, k + 1), any = true;
                break;
            case GT_STAR:
                if (c != '/')
                    add_state(toks, nt, next, k), any = true;
                break;
            case GT_GLOBSTAR:
                add_state(toks, nt, next, k), any = true;
                break;
            case GT_SPLIT:
                break;
            }
        }
        bool *tmp = cur;
        cur = next;
        next = tmp;
        if (!any)
            break;
    }
    bool matched = cur[nt]; /* after an early break cur is empty */
    free(p);
    free(s);
    free(toks);
    free(ranges);
    free(cur);
    free(next);
    return matched;
}
