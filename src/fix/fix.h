/* fix: applies findings' edits to a file's text. A result is used only when it still parses; files
 * are rewritten atomically (a temporary file in the same directory, then rename), keeping the
 * original's newline style and BOM. */
#ifndef ASYNCREVIEW_FIX_FIX_H
#define ASYNCREVIEW_FIX_FIX_H

#include "rules/checker.h"

/* fix_apply_text: the report's text with the edits of its findings applied (FIX_SAFE ones, and
 * FIX_UNSAFE ones too when `unsafe`), skipping edits that overlap an earlier one. Marks the applied
 * findings (Finding.applied). Returns a heap string (caller frees) with its length in *len, or NULL
 * when no edit applies or the result does not parse (then nothing is marked). */
char *fix_apply_text(FileReport *r, bool unsafe, size_t *len);

/* fix_apply_file: fix_apply_text, then rewrites r->path atomically with the original newline style
 * and BOM; returns the number of findings fixed (0 when nothing was written), -1 on a write error
 * (recorded in r->error). Fixed findings stay in the report with `applied` set. */
int fix_apply_file(FileReport *r, bool unsafe);

#endif
