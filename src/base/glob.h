/* glob: shell-style path patterns for `exclude` and `per-file-ignores`. */
#ifndef ASYNCREVIEW_BASE_GLOB_H
#define ASYNCREVIEW_BASE_GLOB_H

#include "base/util.h"

/* glob_match: whether the whole of path matches pattern, fnmatch-style, compared character by
 * character (UTF-8 code points):
 *   `*`      any run of characters other than '/'
 *   `?`      one character other than '/'
 *   `[a-z]`  one character of a class; `[!a-z]` or `[^a-z]` one not in it; never '/'
 *   `\x`     the character x itself
 *   `**`     any run of characters, '/' included. As a whole path segment it also stands for zero
 *            directories: "**" "/test_*.py" matches "test_a.py", "src/" "**" "/x.py" matches
 *            "src/x.py", and "tests/" "**" matches "tests" itself.
 * An unclosed '[' is an ordinary character. Runs in O(pattern * path) time. */
bool glob_match(const char *pattern, const char *path);

#endif
