/* pyrepr: Python's repr() of the constant values the parser produces (ints of any size from their
 * literal text, floats, imaginary numbers, str and bytes), byte for byte as CPython 3.11 prints
 * them. dump-ast uses it to reproduce ast.dump(); every function appends to a caller-owned StrBuf.
 */
#ifndef ASYNCREVIEW_PARSE_PYREPR_H
#define ASYNCREVIEW_PARSE_PYREPR_H

#include "base/strbuf.h"
#include "parse/ast.h"

/* pyrepr_int: decimal digits of an integer literal's text[0..len): "123", "0x1F", "0o17", "0B101",
 * any size (underscores are skipped). Text that is not a valid literal appends what it can. */
void pyrepr_int(StrBuf *out, const char *text, uint32_t len);

/* pyrepr_float: repr(v): the shortest digits that round-trip, "1.0", "1e+16", "1e-05", "inf",
 * "nan". */
void pyrepr_float(StrBuf *out, double v);

/* pyrepr_imag: repr(v * 1j) for an imaginary literal: "1j", "1.5j", "1e+16j", "infj". */
void pyrepr_imag(StrBuf *out, double v);

/* pyrepr_str: repr of the str whose UTF-8 (WTF-8: lone surrogates as 3-byte sequences) contents are
 * s[0..len), NUL bytes allowed: quote choice, escapes and str.isprintable as CPython 3.11 (Unicode
 * 14.0: characters assigned later count as unassigned, hence non-printable). */
void pyrepr_str(StrBuf *out, const char *s, uint32_t len);

/* pyrepr_bytes: repr of the bytes s[0..len): b'...' with \t \n \r \\ and \xhh escapes. */
void pyrepr_bytes(StrBuf *out, const char *s, uint32_t len);

/* pyrepr_constant: repr of a Constant's value (None, True, False, Ellipsis, numbers, str, bytes).
 */
void pyrepr_constant(StrBuf *out, const Constant *c);

#endif
