/* Unit tests for base/pool: every job runs exactly once, results land in their own slots. */
#include "base/pool.h"
#include "test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

typedef struct Counts {
    atomic_int *hits;
    size_t *out;
    atomic_int threads_seen;
} Counts;

static void
square_job(void *ctx, size_t i)
{
    Counts *c = ctx;
    atomic_fetch_add(&c->hits[i], 1);
    c->out[i] = i * i;
}

TEST(ncpu)
{
    unsigned n = pool_ncpu();
    CHECK(n >= 1 && n <= 1024);
}

TEST(every_job_once)
{
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 100, 10000 };
    static const unsigned threads[] = { 0, 1, 2, 4, 64 };
    for (size_t s = 0; s < ARRAY_LEN(sizes); s++) {
        for (size_t t = 0; t < ARRAY_LEN(threads); t++) {
            size_t n = sizes[s];
            Counts c = { .hits = xcalloc(n + 1, sizeof(atomic_int)),
                         .out = xcalloc(n + 1, sizeof(size_t)) };
            pool_run(n, threads[t], square_job, &c);
            for (size_t i = 0; i < n; i++) {
                CHECK_INT_EQ(atomic_load(&c.hits[i]), 1);
                CHECK_INT_EQ(c.out[i], i * i);
            }
            free(c.hits);
            free(c.out);
        }
    }
}

/* deep recursion on a worker thread: the pool's threads have a large stack */
static size_t
recurse(volatile char *prev, size_t depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    if (depth == 0)
        return (size_t)frame[0] + (prev ? (size_t)prev[0] : 0);
    return recurse(frame, depth - 1) + 1;
}

static void
deep_job(void *ctx, size_t i)
{
    size_t *out = ctx;
    out[i] = recurse(NULL, 20000); /* ~20 MB of stack, more than the usual 8 MB */
}

TEST(large_stack)
{
    size_t out[2] = { 0, 0 };
    pool_run(2, 2, deep_job, out);
    CHECK(out[0] >= 20000);
    CHECK(out[1] >= 20000);
}

static pthread_t caller;

static void
thread_job(void *ctx, size_t i)
{
    (void)i;
    atomic_int *on_caller = ctx;
    if (pthread_equal(pthread_self(), caller))
        atomic_fetch_add(on_caller, 1);
}

TEST(never_on_caller_thread)
{
    atomic_int on_caller = 0;
    caller = pthread_self();
    pool_run(5, 1, thread_job, &on_caller);
    CHECK_INT_EQ(atomic_load(&on_caller), 0);
}

/* Each job sees the number of the worker running it, below pool_threads(), and no two workers
 * share one: per-worker state indexed by it needs no lock. */
typedef struct Workers {
    unsigned limit;
    atomic_int out_of_range;
    pthread_t owner[64]; /* the thread seen with each worker number */
    atomic_int clash;
    pthread_mutex_t mu;
} Workers;

static void
worker_job(void *ctx, size_t i)
{
    (void)i;
    Workers *w = ctx;
    usleep(100); /* long enough that every worker takes jobs */
    unsigned k = pool_worker();
    if (k >= w->limit || k >= ARRAY_LEN(w->owner)) {
        atomic_fetch_add(&w->out_of_range, 1);
        return;
    }
    pthread_mutex_lock(&w->mu);
    if (!w->owner[k])
        w->owner[k] = pthread_self();
    else if (!pthread_equal(w->owner[k], pthread_self()))
        atomic_fetch_add(&w->clash, 1);
    pthread_mutex_unlock(&w->mu);
}

TEST(worker_numbers)
{
    CHECK_INT_EQ(pool_threads(0, 4), 0);
    CHECK_INT_EQ(pool_threads(3, 8), 3);
    CHECK_INT_EQ(pool_threads(100, 4), 4);
    CHECK_INT_EQ(pool_threads(100, 0), pool_ncpu() < 100 ? pool_ncpu() : 100);
    static const unsigned threads[] = { 1, 2, 4, 16 };
    for (size_t t = 0; t < ARRAY_LEN(threads); t++) {
        Workers w = { .limit = pool_threads(400, threads[t]) };
        pthread_mutex_init(&w.mu, NULL);
        pool_run(400, threads[t], worker_job, &w);
        CHECK_INT_EQ(atomic_load(&w.out_of_range), 0);
        CHECK_INT_EQ(atomic_load(&w.clash), 0);
        unsigned seen = 0;
        for (unsigned k = 0; k < w.limit && k < ARRAY_LEN(w.owner); k++)
            seen += w.owner[k] != 0;
        CHECK_INT_EQ(seen, w.limit); /* every worker had its own number */
        pthread_mutex_destroy(&w.mu);
    }
}

TEST_MAIN("base_pool", TEST_CASE(ncpu), TEST_CASE(every_job_once), TEST_CASE(large_stack),
          TEST_CASE(never_on_caller_thread), TEST_CASE(worker_numbers))
