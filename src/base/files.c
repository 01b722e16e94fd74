#include "base/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One line of a .gitignore file. */
typedef struct IgnoreRule {
    const char *pat; /* without the leading '!' or '/' and the trailing '/' */
    bool negate, dir_only, anchored;
} IgnoreRule;

/* The rules of one .gitignore file; `base` is the absolute-ish key path of its directory. */
typedef struct IgnoreFile {
    const char *base;
    size_t base_len;
    IgnoreRule *rules;
    size_t nrules;
    const struct IgnoreFile *parent;
} IgnoreFile;

typedef struct DirId {
    dev_t dev;
    ino_t ino;
} DirId;

typedef struct Walker {
    FileList *fl;
    const FileOptions *opt;
    /* every directory entered, a hash set (open addressing) */
    DirId *seen;
    size_t seen_len, seen_cap;
    /* the directories enclosing the current one, to tell a loop from a second way in */
    DirId *stack;
    size_t depth, stack_cap;
    const char *root_real; /* realpath of the directory argument being walked, or NULL */
} Walker;

static void
add_path(FileList *fl, const char *path)
{
    if (fl->npaths == fl->paths_cap) {
        fl->paths_cap = fl->paths_cap ? fl->paths_cap * 2 : 64;
        fl->paths = xrealloc(fl->paths, fl->paths_cap * sizeof *fl->paths);
    }
    fl->paths[fl->npaths++] = path;
}

static void
add_error(FileList *fl, const char *path, const char *msg, FileErrKind kind)
{
    if (fl->nerrors == fl->errors_cap) {
        fl->errors_cap = fl->errors_cap ? fl->errors_cap * 2 : 8;
        fl->errors = xrealloc(fl->errors, fl->errors_cap * sizeof *fl->errors);
    }
    fl->errors[fl->nerrors++] = (FileError){ .path = arena_strdup(&fl->arena, path),
                                             .msg = arena_strdup(&fl->arena, msg),
                                             .kind = kind };
}

static void
add_errno(FileList *fl, const char *path, int errnum)
{
    char buf[256];
    if (strerror_r(errnum, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", errnum);
    add_error(fl, path, buf, FILEERR_IO);
}

/* ---- glob matching ---- */

/* Matches a bracket expression at *pp against c; advances *pp past it. -1: not a valid bracket. */
static int
match_class(const char **pp, char c)
{
    const char *p = *pp + 1;
    bool negate = false, matched = false;
    if (*p == '!' || *p == '^') {
        negate = true;
        p++;
    }
    bool first = true;
    while (*p && (first || *p != ']')) {
        first = false;
        char lo = *p;
        if (lo == '\\' && p[1])
            lo = *++p;
        p++;
        char hi = lo;
        if (*p == '-' && p[1] && p[1] != ']') {
            hi = p[1];
            if (hi == '\\' && p[2])
                hi = *++p;
            p += 2;
        }
        if (lo <= c && c <= hi)
            matched = true;
    }
    if (*p != ']')
        return -1;
    *pp = p + 1;
    return matched != negate;
}

static bool
glob_at(const char *pat, const char *p, const char *s)
{
    for (;;) {
        if (p[0] == '*' && p[1] == '*' && (p == pat || p[-1] == '/') && (p[2] == '/' || !p[2])) {
            if (!p[2])
                return true; /* trailing "**": everything below */
            const char *rest = p + 3;
            if (glob_at(pat, rest, s))
                return true; /* the "**" component matching no directory */
            for (const char *t = s; *t; t++)
                if (*t == '/' && glob_at(pat, rest, t + 1))
                    return true;
            return false;
        }
        switch (*p) {
        case '\0':
            return !*s;
        case '*':
            while (*p == '*')
                p++;
            for (const char *t = s;; t++) {
                if (glob_at(pat, p, t))
                    return true;
                if (!*t || *t == '/')
                    return false;
            }
        case '?':
            if (!*s || *s == '/')
                return false;
            p++;
            s++;
            break;
        case '[': {
            if (!*s || *s == '/')
                return false;
            const char *q = p;
            int m = match_class(&q, *s);
            if (m < 0) { /* no closing ']': a literal '[' */
                if (*s != '[')
                    return false;
                p++;
                s++;
                break;
            }
            if (!m)
                return false;
            p = q;
            s++;
            break;
        }
        default:
            if (*p == '\\' && p[1])
                p++; /* the escaped character is literal */
            if (*p != *s)
                return false;
            p++;
            s++;
            break;
        }
    }
}

bool
files_glob_match(const char *pattern, const char *path)
{
    return glob_at(pattern, pattern, path);
}

/* ---- .gitignore ---- */

static const IgnoreFile *
load_gitignore(FileList *fl, const char *dir_key, const char *file, const IgnoreFile *parent)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return parent;
    IgnoreFile *ig = ARENA_NEW(&fl->arena, IgnoreFile);
    ig->base = arena_strdup(&fl->arena, dir_key);
    ig->base_len = strlen(dir_key);
    ig->parent = parent;
    size_t cap = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        /* trailing spaces go unless escaped */
        while (n && line[n - 1] == ' ' && !(n >= 2 && line[n - 2] == '\\'))
            n--;
        line[n] = '\0';
        char *p = line;
        if (!*p || *p == '#')
            continue;
        IgnoreRule r = { 0 };
        if (*p == '!') {
            r.negate = true;
            p++;
        } else if (p[0] == '\\' && (p[1] == '!' || p[1] == '#')) {
            p++;
        }
        n = strlen(p);
        if (n && p[n - 1] == '/') {
            r.dir_only = true;
            p[--n] = '\0';
        }
        if (!n)
            continue;
        if (strchr(p, '/'))
            r.anchored = true;
        if (*p == '/')
            p++;
        if (!*p)
            continue;
        r.pat = arena_strdup(&fl->arena, p);
        if (ig->nrules == cap) {
            cap = cap ? cap * 2 : 16;
            IgnoreRule *grown = ARENA_ARRAY(&fl->arena, IgnoreRule, cap);
            if (ig->nrules)
                memcpy(grown, ig->rules, ig->nrules * sizeof *grown);
            ig->rules = grown;
        }
        ig->rules[ig->nrules++] = r;
    }
    fclose(f);
    return ig->nrules ? ig : parent;
}

/* Whether key (an entry's key path) is ignored: the innermost .gitignore with a matching line
 * decides, and in it the last matching line. */
static bool
is_gitignored(const IgnoreFile *ig, const char *key, bool is_dir)
{
    const char *slash = strrchr(key, '/');
    const char *base = slash ? slash + 1 : key;
    for (; ig; ig = ig->parent) {
        if (strncmp(key, ig->base, ig->base_len) != 0 || key[ig->base_len] != '/')
            continue;
        const char *rel = key + ig->base_len + 1;
        for (size_t i = ig->nrules; i-- > 0;) {
            const IgnoreRule *r = &ig->rules[i];
            if (r->dir_only && !is_dir)
                continue;
            if (files_glob_match(r->pat, r->anchored ? rel : base))
                return !r->negate;
        }
    }
    return false;
}

/* ---- walking ---- */

static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

static bool
is_default_skip(const char *name)
{
    static const char *const names[] = { ".git",        ".hg",           ".svn",
                                         ".tox",        ".nox",          ".venv",
                                         "venv",        "node_modules",  "__pycache__",
                                         "build",       "dist",          "site-packages",
                                         ".mypy_cache", ".pytest_cache", ".ruff_cache" };
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        if (!strcmp(name, names[i]))
            return true;
    return has_suffix(name, ".egg-info");
}

static bool
is_user_excluded(const FileOptions *opt, const char *rel, const char *name)
{
    for (size_t i = 0; i < opt->nexclude; i++) {
        char pat[PATH_MAX];
        size_t n = strlen(opt->exclude[i]);
        if (n >= sizeof pat)
            continue;
        memcpy(pat, opt->exclude[i], n + 1);
        while (n > 1 && pat[n - 1] == '/') /* "build/" means the directory */
            pat[--n] = '\0';
        if (fnmatch(pat, rel, 0) == 0 || fnmatch(pat, name, 0) == 0)
            return true;
    }
    return false;
}

static size_t
dir_hash(DirId id, size_t cap)
{
    uint64_t h =
        (uint64_t)id.ino * 0x9E3779B97F4A7C15ull ^ (uint64_t)id.dev * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h >> 17) & (cap - 1);
}

/* Adds id to the set of directories entered; false if it was already there. */
static bool
mark_seen(Walker *w, DirId id)
{
    if ((w->seen_len + 1) * 2 > w->seen_cap) {
        size_t old_cap = w->seen_cap;
        DirId *old = w->seen;
        w->seen_cap = old_cap ? old_cap * 2 : 64;
        w->seen = xcalloc(w->seen_cap, sizeof *w->seen);
        for (size_t i = 0; i < old_cap; i++) {
            if (!old[i].ino && !old[i].dev)
                continue;
            size_t j = dir_hash(old[i], w->seen_cap);
            while (w->seen[j].ino || w->seen[j].dev)
                j = (j + 1) & (w->seen_cap - 1);
            w->seen[j] = old[i];
        }
        free(old);
    }
    size_t j = dir_hash(id, w->seen_cap);
    while (w->seen[j].ino || w->seen[j].dev) {
        if (w->seen[j].ino == id.ino && w->seen[j].dev == id.dev)
            return false;
        j = (j + 1) & (w->seen_cap - 1);
    }
    w->seen[j] = id;
    w->seen_len++;
    return true;
}

static bool
on_stack(const Walker *w, DirId id)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].ino == id.ino && w->stack[i].dev == id.dev)
            return true;
    return false;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A directory entry: its name and the type readdir reported (DT_UNKNOWN on some filesystems). */
typedef struct DirName {
    const char *name;
    unsigned char type;
} DirName;

static int
cmp_dir_name(const void *a, const void *b)
{
    return strcmp(((const DirName *)a)->name, ((const DirName *)b)->name);
}

static int
cmp_error(const void *a, const void *b)
{
    const FileError *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->msg, y->msg);
}

static char *
join(Arena *a, const char *dir, const char *name)
{
    if (!*dir)
        return arena_strdup(a, name);
    return arena_join_sep(a, dir, '/', name);
}

/* Whether dir is `anc` or lies below it (both real paths). */
static bool
is_within(const char *dir, const char *anc)
{
    size_t n = strlen(anc);
    if (n == 1 && anc[0] == '/')
        return true;
    return !strncmp(dir, anc, n) && (dir[n] == '/' || dir[n] == '\0');
}

typedef enum LinkKind { LINK_FOLLOW, LINK_INSIDE, LINK_LOOP } LinkKind;

/* What to do with the symbolic link `path` to a directory, found in directory `dir`: a link to an
 * enclosing directory is a loop; a link to elsewhere in the argument's tree is skipped (its files
 * are walked under their real names); any other is followed. */
static LinkKind
classify_link(const Walker *w, const char *dir, const char *path)
{
    char target[PATH_MAX], here[PATH_MAX];
    if (!realpath(path, target) || !realpath(*dir ? dir : ".", here))
        return LINK_FOLLOW; /* walk_dir still refuses to enter a directory twice */
    if (is_within(here, target))
        return LINK_LOOP;
    if (w->root_real && is_within(target, w->root_real))
        return LINK_INSIDE;
    return LINK_FOLLOW;
}

/* walk_dir: the directory `path` (shown to the user), `rel` relative to the argument ("" for the
 * argument itself), `key` the path .gitignore patterns see, st its stat. */
static void
walk_dir(Walker *w, const char *path, const char *rel, const char *key, const struct stat *st,
         const IgnoreFile *ig)
{
    FileList *fl = w->fl;
    DirId id = { st->st_dev, st->st_ino };
    if (on_stack(w, id)) {
        add_error(fl, path, "symbolic link loop; skipped", FILEERR_LOOP);
        return;
    }
    if (!mark_seen(w, id))
        return; /* reached before through another link */

    const char *opendir_path = *path ? path : ".";
    DIR *d = opendir(opendir_path);
    if (!d) {
        add_errno(fl, opendir_path, errno);
        return;
    }
    /* read all names first, so only one directory is open at a time */
    DirName *names = NULL;
    size_t nnames = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (nnames == cap) {
            cap = cap ? cap * 2 : 32;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[nnames++] = (DirName){ arena_strdup(&fl->arena, de->d_name), de->d_type };
    }
    if (errno)
        add_errno(fl, opendir_path, errno);
    closedir(d);
    if (nnames > 1)
        qsort(names, nnames, sizeof *names, cmp_dir_name);

    if (!w->opt->no_gitignore) {
        char *gi = join(&fl->arena, path, ".gitignore");
        ig = load_gitignore(fl, key, gi, ig);
    }
    if (w->depth == w->stack_cap) {
        w->stack_cap = w->stack_cap ? w->stack_cap * 2 : 32;
        w->stack = xrealloc(w->stack, w->stack_cap * sizeof *w->stack);
    }
    w->stack[w->depth++] = id;

    for (size_t i = 0; i < nnames; i++) {
        const char *name = names[i].name;
        /* the directory entry's own type spares a stat per file: a regular file is either
         * skipped (not .py) or listed as it is; directories and links still need one */
        if (names[i].type == DT_REG && !has_suffix(name, ".py"))
            continue;
        char *child = join(&fl->arena, path, name);
        char *child_rel = join(&fl->arena, rel, name);
        if (names[i].type == DT_REG) {
            if (w->opt->nexclude && is_user_excluded(w->opt, child_rel, name))
                continue;
            if (!w->opt->no_gitignore &&
                is_gitignored(ig, arena_join_sep(&fl->arena, key, '/', name), false))
                continue;
            add_path(fl, child);
            continue;
        }
        char *child_key = arena_join_sep(&fl->arena, key, '/', name);
        struct stat cst, lst;
        if (lstat(child, &lst) < 0) {
            if (errno != ENOENT) /* ENOENT: removed while we walked */
                add_errno(fl, child, errno);
            continue;
        }
        bool is_link = S_ISLNK(lst.st_mode);
        if (!is_link) {
            cst = lst;
        } else if (stat(child, &cst) < 0) {
            if (has_suffix(name, ".py"))
                add_error(fl, child, errno == ELOOP ? "symbolic link loop" : "broken symbolic link",
                          FILEERR_IO);
            continue;
        }
        bool is_dir = S_ISDIR(cst.st_mode);
        if (!is_dir && !(S_ISREG(cst.st_mode) && has_suffix(name, ".py")))
            continue;
        if (w->opt->nexclude && is_user_excluded(w->opt, child_rel, name))
            continue;
        if (!w->opt->no_gitignore && is_gitignored(ig, child_key, is_dir))
            continue;
        if (!is_dir) {
            add_path(fl, child);
            continue;
        }
        if (!w->opt->no_default_excludes) {
            if (is_default_skip(name))
                continue;
            char *cfg = join(&fl->arena, child, "pyvenv.cfg");
            struct stat vst;
            if (stat(cfg, &vst) == 0)
                continue; /* a virtual environment */
        }
        if (is_link) {
            LinkKind k = classify_link(w, path, child);
            if (k == LINK_LOOP)
                add_error(fl, child, "symbolic link loop; skipped", FILEERR_LOOP);
            if (k != LINK_FOLLOW)
                continue;
        }
        walk_dir(w, child, child_rel, child_key, &cst, ig);
    }
    w->depth--;
    free(names);
}

/* The .gitignore files of the directories above dir, up to the root of its git work tree. */
static const IgnoreFile *
ancestor_ignores(FileList *fl, const char *abs_dir)
{
    /* find the work tree root: the nearest enclosing directory (not dir itself) holding .git */
    char buf[PATH_MAX];
    size_t n = strlen(abs_dir);
    if (n >= sizeof buf)
        return NULL;
    memcpy(buf, abs_dir, n + 1);
    size_t root_len = 0;
    bool found = false;
    struct stat st;
    for (size_t len = n;;) {
        char probe[PATH_MAX + 8];
        snprintf(probe, sizeof probe, "%.*s/.git", (int)len, buf);
        if (stat(probe, &st) == 0) {
            root_len = len;
            found = true;
            break;
        }
        while (len > 0 && buf[len - 1] != '/')
            len--;
        if (len <= 1)
            break;
        len--; /* drop the slash */
    }
    if (!found || root_len >= n)
        return NULL;
    /* load from the root down to dir's parent */
    const IgnoreFile *ig = NULL;
    for (size_t len = root_len; len < n;) {
        char file[PATH_MAX + 16];
        snprintf(file, sizeof file, "%.*s/.gitignore", (int)len, buf);
        char *dir_key = arena_strndup(&fl->arena, buf, len);
        ig = load_gitignore(fl, dir_key, file, ig);
        len++;
        while (len < n && buf[len] != '/')
            len++;
    }
    return ig;
}

static void
walk_arg(Walker *w, const char *arg)
{
    FileList *fl = w->fl;
    struct stat st;
    if (stat(arg, &st) < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            struct stat lst;
            const char *msg =
                lstat(arg, &lst) == 0 ? "broken symbolic link" : "No such file or directory";
            add_error(fl, arg, msg, FILEERR_MISSING);
        } else {
            add_errno(fl, arg, e);
        }
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_path(fl, arena_strdup(&fl->arena, arg));
        return;
    }
    /* the argument without trailing slashes; "." walks as "" so paths read "pkg/x.py" */
    size_t n = strlen(arg);
    while (n > 1 && arg[n - 1] == '/')
        n--;
    char *path = arena_strndup(&fl->arena, arg, n);
    if (!strcmp(path, "."))
        path = "";
    char real[PATH_MAX];
    const char *key = realpath(arg, real) ? real : path;
    const IgnoreFile *ig = NULL;
    if (!w->opt->no_gitignore && key == real)
        ig = ancestor_ignores(fl, real);
    w->root_real = key == real ? real : NULL;
    walk_dir(w, path, "", arena_strdup(&fl->arena, key), &st, ig);
    w->root_real = NULL;
}

void
files_collect(FileList *fl, const char *const *args, size_t nargs, const FileOptions *opt)
{
    static const FileOptions defaults = { 0 };
    *fl = (FileList){ 0 };
    arena_init(&fl->arena, 0);
    /* never NULL, even when empty: callers may memcpy or qsort them */
    fl->paths_cap = 16;
    fl->paths = xmalloc(fl->paths_cap * sizeof *fl->paths);
    fl->errors_cap = 4;
    fl->errors = xmalloc(fl->errors_cap * sizeof *fl->errors);
    Walker w = { .fl = fl, .opt = opt ? opt : &defaults };
    for (size_t i = 0; i < nargs; i++)
        walk_arg(&w, args[i]);
    free(w.seen);
    free(w.stack);

    if (fl->npaths)
        qsort(fl->paths, fl->npaths, sizeof *fl->paths, cmp_str);
    size_t out = 0;
    for (size_t i = 0; i < fl->npaths; i++)
        if (!out || strcmp(fl->paths[out - 1], fl->paths[i]) != 0)
            fl->paths[out++] = fl->paths[i];
    fl->npaths = out;
    fl->named = arena_zalloc(&fl->arena, (fl->npaths ? fl->npaths : 1) * sizeof *fl->named);
    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) < 0 || S_ISDIR(st.st_mode))
            continue;
        size_t lo = 0, hi = fl->npaths; /* paths are sorted: binary search the argument */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(fl->paths[mid], args[i]);
            if (c == 0) {
                fl->named[mid] = true;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    if (fl->nerrors)
        qsort(fl->errors, fl->nerrors, sizeof *fl->errors, cmp_error);
}

void
files_free(FileList *fl)
{
    free(fl->paths);
    free(fl->errors);
    arena_free(&fl->arena);
    *fl = (FileList){ 0 };
}
