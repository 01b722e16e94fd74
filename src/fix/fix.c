#include "fix/fix.h"

#include "base/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct PendingEdit {
    const Edit *edit;
    Finding *owner;
    uint32_t order; /* finding order, for a stable sort */
} PendingEdit;

static int
compare_pending(const void *pa, const void *pb)
{
    const PendingEdit *a = pa, *b = pb;
    if (a->edit->start != b->edit->start)
        return a->edit->start < b->edit->start ? -1 : 1;
    if (a->edit->end != b->edit->end)
        return a->edit->end < b->edit->end ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool
text_parses(const char *path, const char *text, size_t len)
{
    Arena a;
    arena_init(&a, 0);
    ParsedFile pf;
    bool ok = parse_source(&pf, &a, path, text, len) == 0;
    arena_free(&a);
    return ok;
}

char *
fix_apply_text(FileReport *r, bool unsafe, size_t *len)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->nfindings; i++) {
        const Finding *f = &r->findings[i];
        if (f->nedits && (f->fix == FIX_SAFE || (unsafe && f->fix == FIX_UNSAFE)))
            n += f->nedits;
    }
    if (!n || !r->text)
        return NULL;
    PendingEdit *pending = xmalloc(sizeof *pending * n);
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nfindings; i++) {
        Finding *f = &r->findings[i];
        if (f->nedits && (f->fix == FIX_SAFE || (unsafe && f->fix == FIX_UNSAFE)))
            for (uint32_t j = 0; j < f->nedits; j++)
                pending[k++] = (PendingEdit){ &f->edits[j], f, i };
    }
    qsort(pending, n, sizeof *pending, compare_pending);
    /* A finding's edits apply together or not at all: drop every finding with an edit overlapping
     * an edit of an earlier kept finding. Pure insertions at the same point (e.g. two rules adding
     * the same import) are deduplicated. */
    bool *rejected = xcalloc(r->nfindings + 1, sizeof(bool));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n && pending[j].edit->start < pending[i].edit->end + 1; j++) {
            if (pending[j].owner == pending[i].owner)
                continue;
            const Edit *a = pending[i].edit, *b = pending[j].edit;
            bool same_insert = a->start == a->end && b->start == b->end && a->start == b->start &&
                               !strcmp(a->text, b->text);
            bool overlap = b->start < a->end || (a->start == a->end && b->start == a->start);
            if (overlap && !same_insert)
                rejected[pending[j].order] = true;
        }
    StrBuf out = STRBUF_INIT;
    uint32_t pos = 0;
    const Edit *last_insert = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const Edit *e = pending[i].edit;
        if (rejected[pending[i].order] || e->start < pos)
            continue;
        if (e->start == e->end && last_insert && last_insert->start == e->start &&
            !strcmp(last_insert->text, e->text))
            continue; /* the same insertion twice */
        sb_add(&out, r->text + pos, e->start - pos);
        sb_adds(&out, e->text);
        pos = e->end;
        last_insert = e->start == e->end ? e : NULL;
    }
    sb_add(&out, r->text + pos, r->text_len - pos);
    free(pending);
    if (!text_parses(r->path, sb_cstr(&out), out.len)) {
        free(rejected);
        sb_free(&out);
        return NULL;
    }
    for (uint32_t i = 0; i < r->nfindings; i++) {
        Finding *f = &r->findings[i];
        if (f->nedits && !rejected[i] && (f->fix == FIX_SAFE || (unsafe && f->fix == FIX_UNSAFE)))
            f->applied = true;
    }
    free(rejected);
    *len = out.len;
    return sb_steal(&out);
}

int
fix_apply_file(FileReport *r, bool unsafe)
{
    size_t len = 0;
    char *text = fix_apply_text(r, unsafe, &len);
    if (!text)
        return 0;
    StrBuf out = STRBUF_INIT;
    if (r->had_bom)
        sb_add(&out, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n' && r->crlf)
            sb_addc(&out, '\r');
        sb_addc(&out, text[i]);
    }
    free(text);
    size_t plen = strlen(r->path);
    char *tmp = xmalloc(plen + 32);
    snprintf(tmp, plen + 32, "%s.asyncreview-XXXXXX", r->path);
    int fd = mkstemp(tmp);
    int fixed = -1;
    if (fd >= 0) {
        struct stat st;
        if (stat(r->path, &st) == 0)
            (void)fchmod(fd, st.st_mode & 07777);
        size_t off = 0;
        while (off < out.len) {
            ssize_t w = write(fd, out.data + off, out.len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        bool ok = off == out.len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        if (ok && rename(tmp, r->path) == 0) {
            fixed = 0;
            for (uint32_t i = 0; i < r->nfindings; i++)
                fixed += r->findings[i].applied;
        } else {
            unlink(tmp);
        }
    }
    if (fixed < 0) {
        r->error = arena_sprintf(&r->arena, "could not write fixes: %s", strerror(errno));
        for (uint32_t i = 0; i < r->nfindings; i++)
            r->findings[i].applied = false;
    }
    free(tmp);
    sb_free(&out);
    return fixed;
}
