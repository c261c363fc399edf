/* parallel.c - a pool of threads over independent items, first error wins. */
#include "rmsim/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct pool {
    long n, next, first_fail;
    rm_item_fn fn;
    void *ctx;
    rm_error err;
    pthread_mutex_t lock;
} pool;

int rm_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        long k = p->next++;
        int skip = k >= p->n || (p->first_fail >= 0 && k > p->first_fail);
        pthread_mutex_unlock(&p->lock);
        if (k >= p->n)
            break;
        if (skip)
            continue;
        rm_error err;
        if (p->fn(p->ctx, k, &err) < 0) {
            pthread_mutex_lock(&p->lock);
            if (p->first_fail < 0 || k < p->first_fail) {
                p->first_fail = k;
                p->err = err;
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

int rm_parallel_for(long n, int threads, rm_item_fn fn, void *ctx, long *failed, rm_error *err)
{
    pool p = {.n = n, .first_fail = -1, .fn = fn, .ctx = ctx};
    pthread_mutex_init(&p.lock, NULL);
    if (threads <= 0)
        threads = rm_cores();
    if (threads > n)
        threads = n > 0 ? (int)n : 1;
    if (threads > 64)
        threads = 64;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < threads; t++, started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0)
            break;
    worker(&p);             /* the calling thread works too */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.lock);
    if (failed)
        *failed = p.first_fail;
    if (p.first_fail >= 0) {
        if (err)
            *err = p.err;
        return -1;
    }
    return 0;
}
