#include "base/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Pool {
    atomic_size_t next;
    size_t njobs;
    PoolJob job;
    void *ctx;
} Pool;

unsigned
pool_ncpu(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    if (n > 1024)
        return 1024;
    return (unsigned)n;
}

typedef struct Worker {
    Pool *pool;
    unsigned index;
} Worker;

static _Thread_local unsigned current_worker;

/* pool_worker: see pool.h. */
unsigned
pool_worker(void)
{
    return current_worker;
}

/* pool_threads: see pool.h. */
unsigned
pool_threads(size_t njobs, unsigned nthreads)
{
    if (nthreads == 0)
        nthreads = pool_ncpu();
    return njobs < nthreads ? (unsigned)njobs : nthreads;
}

static void *
worker(void *arg)
{
    const Worker *w = arg;
    Pool *pool = w->pool;
    current_worker = w->index;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&pool->next, 1, memory_order_relaxed);
        if (i >= pool->njobs)
            break;
        pool->job(pool->ctx, i);
    }
    return NULL;
}

void
pool_run(size_t njobs, unsigned nthreads, PoolJob job, void *ctx)
{
    if (njobs == 0)
        return;
    nthreads = pool_threads(njobs, nthreads);
    Pool pool = { .njobs = njobs, .job = job, .ctx = ctx };
    atomic_init(&pool.next, 0);

    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        fatal("pthread_attr_init failed");
    size_t stack = POOL_STACK_SIZE;
    int rc = pthread_attr_setstacksize(&attr, stack);
    if (rc != 0)
        fatal("cannot set thread stack size: %s", strerror(rc));
    pthread_t *threads = xcalloc(nthreads, sizeof *threads);
    Worker *workers = xcalloc(nthreads, sizeof *workers);
    unsigned started = 0;
    while (started < nthreads) {
        workers[started] = (Worker){ &pool, started };
        rc = pthread_create(&threads[started], &attr, worker, &workers[started]);
        if (rc == 0) {
            started++;
            continue;
        }
        /* under a tight address-space limit (ulimit -v) take smaller stacks, or fewer threads */
        if (rc == EAGAIN && stack > POOL_MIN_STACK_SIZE) {
            stack /= 4;
            if (pthread_attr_setstacksize(&attr, stack) == 0)
                continue;
        }
        if (started > 0)
            break;
        fatal("cannot create thread: %s", strerror(rc));
    }
    nthreads = started;
    for (unsigned i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    pthread_attr_destroy(&attr);
    free(threads);
    free(workers);
}
