/* files: expands PATH arguments into the sorted list of Python files to check, as linters do.
 *
 * A file argument is always taken, whatever its name. A directory argument is walked recursively
 * for
 * *.py files (not *.pyi), following symbolic links but never entering a directory twice, and
 * skipping: version-control and tool directories (.git .hg .svn .tox .nox .venv venv node_modules
 * __pycache__ build dist site-packages .mypy_cache .pytest_cache .ruff_cache *.egg-info), virtual
 * environments (any directory holding pyvenv.cfg), paths matching a user --exclude glob (fnmatch(3)
 * against the path relative to the argument, and against the base name), and paths ignored by
 * .gitignore files: those inside the walked tree, each applying to its own subtree, and those of
 * the argument's ancestors up to the root of its git work tree. Supported gitignore syntax:
 * comments, blank lines, `!` negation, a trailing `/` for directories only, a leading or inner `/`
 * anchoring the pattern to its .gitignore's directory, `*`, `?`, `[...]` and `**` (a leading,
 * trailing or inner
 * `**` path component), backslash escapes; the last matching line wins and a deeper .gitignore wins
 * over a shallower one.
 *
 * Problems are collected, never printed: a missing argument, an unreadable directory, a dangling
 * symbolic link named *.py, a symbolic link loop (a warning: the loop is skipped). */
#ifndef ASYNCREVIEW_BASE_FILES_H
#define ASYNCREVIEW_BASE_FILES_H

#include "base/arena.h"

typedef enum FileErrKind {
    FILEERR_MISSING, /* a PATH argument that does not exist: a usage error */
    FILEERR_IO,      /* a directory or entry that could not be read; skipped */
    FILEERR_LOOP,    /* a symbolic link back to an enclosing directory; skipped (a warning) */
} FileErrKind;

typedef struct FileError {
    const char *path;
    const char *msg; /* e.g. "Permission denied", "symbolic link loop" */
    FileErrKind kind;
} FileError;

typedef struct FileOptions {
    const char *const *exclude; /* user globs (--exclude) */
    size_t nexclude;
    bool no_gitignore;        /* do not read .gitignore files */
    bool no_default_excludes; /* walk .git, venvs, build, ... too */
} FileOptions;

typedef struct FileList {
    Arena arena;        /* every string below */
    const char **paths; /* sorted by strcmp, without duplicates */
    bool *named;        /* per path: named as a file on the command line (not found by a walk) */
    size_t npaths;
    FileError *errors; /* sorted by path */
    size_t nerrors;
    size_t paths_cap, errors_cap;
} FileList;

/* files_collect: walks args[0..nargs) with options opt (NULL for the defaults) into fl, which it
 * initialises; release it with files_free. Errors go to fl->errors; this never fails as a whole.
 * fl->paths and fl->errors are never NULL, even when empty. */
void files_collect(FileList *fl, const char *const *args, size_t nargs, const FileOptions *opt);

/* files_free: releases everything files_collect made. */
void files_free(FileList *fl);

/* files_glob_match: gitignore-style glob match of pattern against path: `*` and `?` do not match
 * '/', `**` between slashes matches any number of directories. Exposed for tests. */
bool files_glob_match(const char *pattern, const char *path);

#endif
