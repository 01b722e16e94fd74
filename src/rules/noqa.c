/* noqa: suppression comments, parsed as ruff parses them so that comments written for ruff or
 * flake8-async keep working. A malformed directive ("# noqa; X", "#noqaX", "# noqa: X1y",
 * "# noqa:" with no codes) suppresses nothing, as in ruff. */
#include "rules/checker.h"

#include <string.h>

typedef enum NoqaKind { NOQA_NONE, NOQA_ALL, NOQA_CODES } NoqaKind;

typedef struct Cursor {
    const char *s;
    uint32_t i, len;
} Cursor;

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n';
}

static bool
is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void
eat_space(Cursor *c)
{
    while (c->i < c->len && is_space(c->s[c->i]))
        c->i++;
}

static bool
eat_word(Cursor *c, const char *word, bool any_case)
{
    size_t n = strlen(word);
    if (c->len - c->i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        char ch = c->s[c->i + k];
        if (any_case && ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != word[k])
            return false;
    }
    c->i += (uint32_t)n;
    return true;
}

/* The code list after "noqa:": codes are [A-Z]+[0-9]+ separated by commas and/or whitespace
 * (joined codes such as "F401F841" are read as two, as ruff does with a warning); the list ends at
 * the first word that is not a code or at '#'. A code followed by anything else ("X100.") makes the
 * whole directive invalid. When `code` is given, *found says whether the list holds it. Returns the
 * number of codes, or -1 when invalid. */
static int
lex_codes(Cursor *c, const char *code, bool *found)
{
    int ncodes = 0;
    bool joined = false;
    size_t code_len = code ? strlen(code) : 0;
    while (c->i < c->len) {
        eat_space(c);
        if (c->i >= c->len)
            break;
        if (c->s[c->i] == ',') {
            c->i++;
            continue;
        }
        uint32_t start = c->i;
        if (!is_upper(c->s[c->i]))
            break; /* the rest is a comment: "# noqa: X100 because ..." */
        while (c->i < c->len && is_upper(c->s[c->i]))
            c->i++;
        if (c->i >= c->len || !is_digit(c->s[c->i])) {
            if (joined)
                return -1; /* "X100Yabc" */
            break;
        }
        while (c->i < c->len && is_digit(c->s[c->i]))
            c->i++;
        ncodes++;
        if (code && c->i - start == code_len && memcmp(c->s + start, code, code_len) == 0)
            *found = true;
        if (c->i >= c->len)
            break;
        char next = c->s[c->i];
        if (next == ',') {
            c->i++;
            joined = false;
        } else if (is_space(next) || next == '#') {
            joined = false;
            if (next == '#')
                break;
        } else if (is_upper(next)) {
            joined = true;
        } else {
            return -1;
        }
    }
    return ncodes;
}

/* What follows "noqa": nothing or '#' (blanket), ':' then codes, whitespace then ':' and codes, or
 * whitespace then anything else (blanket); any other character makes it invalid. */
static NoqaKind
lex_directive(Cursor *c, const char *code, bool *found)
{
    if (c->i >= c->len || c->s[c->i] == '#')
        return NOQA_ALL;
    char ch = c->s[c->i++];
    if (is_space(ch)) {
        eat_space(c);
        if (c->i >= c->len || c->s[c->i] != ':')
            return NOQA_ALL;
        c->i++;
    } else if (ch != ':') {
        return NOQA_NONE;
    }
    return lex_codes(c, code, found) > 0 ? NOQA_CODES : NOQA_NONE;
}

/* noqa_suppresses: the first "# noqa" directive in the comment decides (as in ruff); a comment
 * may hold others before it ("# type: ignore  # noqa: X"). */
bool
noqa_suppresses(const char *comment, uint32_t len, const char *code)
{
    Cursor c = { comment, 0, len };
    while (c.i < c.len) {
        while (c.i < c.len && c.s[c.i] != '#') /* "# first # second # noqa" */
            c.i++;
        if (c.i >= c.len)
            break;
        c.i++;
        eat_space(&c);
        if (!eat_word(&c, "noqa", true))
            continue;
        bool found = false;
        NoqaKind kind = lex_directive(&c, code, &found);
        return kind == NOQA_ALL || (kind == NOQA_CODES && found);
    }
    return false;
}

/* noqa_file_level: "#" tool ":" "noqa" with nothing after it but a comment or free text, where
 * tool is asyncreview, ruff or flake8 (case-sensitive, as ruff has it). */
bool
noqa_file_level(const char *comment, uint32_t len)
{
    static const char *const tools[] = { "asyncreview", "ruff", "flake8" };
    Cursor c = { comment, 0, len };
    while (c.i < c.len) {
        while (c.i < c.len && c.s[c.i] != '#')
            c.i++;
        if (c.i >= c.len)
            break;
        c.i++;
        eat_space(&c);
        bool tool = false;
        for (size_t k = 0; k < ARRAY_LEN(tools) && !tool; k++)
            tool = eat_word(&c, tools[k], false);
        if (!tool)
            continue;
        eat_space(&c);
        if (c.i >= c.len || c.s[c.i] != ':')
            continue;
        c.i++;
        eat_space(&c);
        if (!eat_word(&c, "noqa", true))
            continue;
        bool found = false;
        return lex_directive(&c, NULL, &found) == NOQA_ALL;
    }
    return false;
}
