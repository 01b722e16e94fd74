/* pool: runs N independent jobs, identified by index, across a few threads. Each job writes its
 * result to its own slot (index i), so output built from the slots afterwards is deterministic
 * whatever the scheduling. */
#ifndef ASYNCREVIEW_BASE_POOL_H
#define ASYNCREVIEW_BASE_POOL_H

#include "base/util.h"

/* Worker threads get this much stack (reserved address space; only touched pages use memory), so
 * the parser's bounded recursion fits even in sanitizer builds whose frames are several times
 * larger. */
#define POOL_STACK_SIZE (256u * 1024u * 1024u)
/* The least stack pool_run falls back to when the address space is limited. */
#define POOL_MIN_STACK_SIZE (16u * 1024u * 1024u)

typedef void (*PoolJob)(void *ctx, size_t index);

/* pool_ncpu: the number of online processors (at least 1). */
unsigned pool_ncpu(void);

/* pool_run: calls job(ctx, i) once for every i in [0, njobs), on min(nthreads, njobs) worker
 * threads (nthreads 0 means pool_ncpu()). Jobs are handed out in index order through an atomic
 * counter. Returns after every job has finished. Jobs always run on worker threads (never the
 * caller's), so each has POOL_STACK_SIZE of stack (less, down to POOL_MIN_STACK_SIZE, under an
 * address-space limit). Failing to create any thread is fatal. */
void pool_run(size_t njobs, unsigned nthreads, PoolJob job, void *ctx);

/* pool_threads: how many worker threads pool_run(njobs, nthreads, ...) starts at most; size
 * per-worker state (one arena each, say) with it. */
unsigned pool_threads(size_t njobs, unsigned nthreads);

/* pool_worker: inside a job, the number of the worker thread running it, in [0, pool_threads()).
 * Jobs on one worker run one after another, so per-worker state needs no lock. */
unsigned pool_worker(void);

#endif
