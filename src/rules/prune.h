/* prune: which top-level defs and classes of a checked file the rule walk can skip. A file is
 * checked because something in it is asynchronous (see analysis/relevance.h), but big modules often
 * hold a few async defs among hundreds of plain functions and classes in which no rule can fire.
 * The same test as for whole files is applied to each top-level statement: it is kept when it has
 * async or exception-group syntax, names a watch word (an async library, a name a rule matches by
 * itself), uses an import that reaches an asynchronous project name, or uses a module-level name
 * bound by a statement that is kept (until nothing changes: `client = httpx.AsyncClient()` keeps
 * every def that names `client`). Only sync defs and classes are ever skipped; everything else at
 * module level is walked. Nothing is skipped when the project index has no asynchronous names
 * (check --full, a snippet on stdin), so --full stays the exact reference. */
#ifndef ASYNCREVIEW_RULES_PRUNE_H
#define ASYNCREVIEW_RULES_PRUNE_H

#include "analysis/project.h"
#include "analysis/semantic.h"

/* prune_units: per statement of mod->body, whether the rule walk may skip it, in arena a; NULL
 * when nothing may be skipped. */
bool *prune_units(Arena *a, const Semantic *sm, const Module *mod, const ProjectIndex *idx);

#endif
