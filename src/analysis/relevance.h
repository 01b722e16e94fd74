/* relevance: which files of a project `check` must analyse fully, decided from their skims (see
 * skim.h) before anything is parsed. Every rule reports either inside an `async def` (or on
 * `async`/`await` syntax), or in other code that names something asynchronous: an async library
 * (asyncio, trio, anyio, aiohttp, ... every library whose coroutines, async context managers or
 * tasks the catalog knows), a name a rule matches by itself (create_task, run_until_complete,
 * ...), exception-group syntax (`except*`, a name containing ExceptionGroup), or a project
 * definition that is asynchronous (an `async def`, a class with async methods or protocol dunders,
 * a class deriving from one, a module-level re-export of one), reached through an import. A file
 * with none of these cannot produce a finding, so `check` reads and skims it but does not parse it;
 * its syntax is then not verified (`check --full` does).
 *
 * The decision over-approximates: a file the skim could not follow, a file named on the command
 * line and a file whose skim is missing (unreadable, undecodable) are always analysed, and the
 * module of a file the skim could not follow counts as asynchronous as a whole (its names may have
 * been misread). */
#ifndef ASYNCREVIEW_ANALYSIS_RELEVANCE_H
#define ASYNCREVIEW_ANALYSIS_RELEVANCE_H

#include "analysis/skim.h"

typedef struct RelevanceFile {
    const FileSkim *skim; /* NULL: not skimmed (unreadable, undecodable): always analysed */
    const char *module;   /* its module name ("pkg.mod"; "" outside any package) */
    bool is_init;         /* a package's __init__.py */
    bool named;           /* named on the command line: always analysed */
} RelevanceFile;

typedef struct RelevanceStats {
    uint32_t files, relevant;
    uint32_t by_syntax;  /* async/await syntax or an async dunder */
    uint32_t by_name;    /* an async library or a rule's own name */
    uint32_t by_import;  /* an import of an asynchronous project definition */
    uint32_t by_default; /* named, unsure or not skimmed */
    uint32_t async_defs; /* asynchronous project definitions found */
} RelevanceStats;

/* relevance_compute: relevant[i] for each of files[0..n), on `jobs` threads (0: all cores). stats
 * may be NULL. When on_async_name is given it is called with every asynchronous project name found
 * (an over-approximation of the functions and classes that are, hold or re-export `async def`s).
 * Reads the catalog, which must be initialised. */
void relevance_compute(const RelevanceFile *files, size_t n, bool *relevant, unsigned jobs,
                       RelevanceStats *stats, void (*on_async_name)(void *ctx, const char *name),
                       void *ctx);

/* relevance_watch_word: whether name[0..n) is a name that makes code worth checking on its own: the
 * top-level module of an async library the catalog knows, or a name a rule matches by itself.
 * relevance_watch_root: whether qualname's first component is one. Thread-safe. */
bool relevance_watch_word(const char *name, size_t n);
bool relevance_watch_root(const char *qualname);

#endif
