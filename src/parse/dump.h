/* dump: the text of CPython 3.11's `ast.dump(ast.parse(source), include_attributes=True)` for a
 * parsed file, so that our parser can be compared with CPython's byte for byte (asyncreview
 * dump-ast and tests/suites/parse_differential.py).
 *
 * Fields come in 3.11's order; optional fields that are None are left out, empty lists print as [].
 * Nodes and fields 3.11 lacks print as CPython 3.14 does (TypeAlias, TypeVar, ParamSpec,
 * TypeVarTuple, TemplateStr, Interpolation; `type_params=[...]` on functions and classes only when
 * non-empty), so 3.11-valid code dumps exactly as 3.11 does.
 *
 * 3.11's f-string quirks are reproduced here rather than in the tree (which has 3.14's positions):
 * - inside a JoinedStr, FormattedValue nodes and literal Constants get the span of the whole string
 *   expression (every piece of an implicit concatenation);
 * - a format spec's JoinedStr, and its last literal Constant, get the span of the one string token
 *   (piece) holding the spec; a spec literal followed by a field gets the whole span;
 * - Constants placed at the whole span have kind='u' exactly when the first piece starts with `u`;
 * - a bare tuple `{a, b}` spans the braces (3.11 parsed "(" + text + ")");
 * - other expressions in replacement fields keep their true positions, as do t-strings (3.14). */
#ifndef ASYNCREVIEW_PARSE_DUMP_H
#define ASYNCREVIEW_PARSE_DUMP_H

#include "base/strbuf.h"
#include "parse/parser.h"

/* CPython's ast module raises RecursionError ("maximum recursion depth exceeded during ast
 * construction") when the tree is deeper than 3 * the recursion limit (1000) minus 3 * the Python
 * frames of the caller; 2985 is what ast.parse allows when called as in tests/tools/refdump.py
 * (nodes counted from the Module down, as ast2obj does). */
#define DUMP_MAX_DEPTH 2985

/* dump_module: appends the dump of pf's module (pf parsed without error) to out, without a newline.
 * Returns 0, or -1 when the tree is nested deeper than DUMP_MAX_DEPTH (out then holds a partial
 * dump the caller should discard). */
WARN_UNUSED int dump_module(StrBuf *out, const ParsedFile *pf);

#endif
