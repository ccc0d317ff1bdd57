/*
 * Member ranges in threads (td_eval_options::threads): a stage that scores
 * each member on its own runs over [0, n) split into one contiguous range
 * per thread. Each thread works on a copy of the evaluation state with its
 * own text buffers, error and arena for the texts it keeps; members never
 * share a cell, so nothing else is written by two threads. The failure
 * reported is that of the lowest failing range, which holds the first
 * failing member: the error a run in one thread reports.
 */
#include <pthread.h>
#include <string.h>

#include "pipeline.h"

struct td_worker {
    td_eval ev;       /* the thread's copy of the state */
    td_error err;
    pthread_t thread;
    bool started;     /* a thread runs it (else the calling thread did) */
    td_member_range_fn fn;
    void *ctx;
    size_t lo, hi;
    td_status rc;
};

td_status td_eval_start_workers(td_eval *ev, unsigned threads)
{
    ev->worker_count = 0;
    if (threads <= 1 || ev->n < 2 * TD_MEMBERS_PER_THREAD)
        return TD_OK;
    size_t most = ev->n / TD_MEMBERS_PER_THREAD;
    size_t count = (threads < most ? threads : most) - 1; /* the calling thread takes the first range */
    td_result *res = ev->result;
    const td_allocator *a = &res->arena.alloc;
    ev->workers = td_alloc(a, count * sizeof *ev->workers);
    res->arenas = td_alloc(a, count * sizeof *res->arenas);
    if (ev->workers == NULL || res->arenas == NULL) {
        td_dealloc(a, ev->workers);
        ev->workers = NULL;
        return td_error_nomem(ev->err);
    }
    for (size_t w = 0; w < count; w++) {
        td_arena_init(&res->arenas[w], a);
        memset(&ev->workers[w], 0, sizeof ev->workers[w]);
        td_buf_init(&ev->workers[w].ev.text[0], a);
        td_buf_init(&ev->workers[w].ev.text[1], a);
    }
    res->arena_count = count;
    ev->worker_count = count;
    return TD_OK;
}

void td_eval_stop_workers(td_eval *ev)
{
    if (ev->workers == NULL)
        return;
    for (size_t w = 0; w < ev->worker_count; w++) {
        td_buf_free(&ev->workers[w].ev.text[0]);
        td_buf_free(&ev->workers[w].ev.text[1]);
    }
    td_dealloc(&ev->result->arena.alloc, ev->workers);
    ev->workers = NULL;
    ev->worker_count = 0;
}

static void *run_worker(void *arg)
{
    td_worker *w = arg;
    w->rc = w->fn(&w->ev, w->ctx, w->lo, w->hi);
    return NULL;
}

td_status td_eval_members(td_eval *ev, td_member_range_fn fn, void *ctx)
{
    size_t count = ev->worker_count;
    if (count == 0)
        return fn(ev, ctx, 0, ev->n);
    size_t ranges = count + 1;
    for (size_t w = 0; w < count; w++) {
        td_worker *k = &ev->workers[w];
        /* the shared state as it is now, with the worker's own buffers */
        td_buf text0 = k->ev.text[0], text1 = k->ev.text[1];
        k->ev = *ev;
        k->ev.text[0] = text0;
        k->ev.text[1] = text1;
        k->ev.err = &k->err;
        k->ev.arena = &ev->result->arenas[w];
        k->ev.workers = NULL;
        k->ev.worker_count = 0;
        td_error_clear(&k->err);
        k->fn = fn;
        k->ctx = ctx;
        k->lo = ev->n * (w + 1) / ranges;
        k->hi = ev->n * (w + 2) / ranges;
        k->rc = TD_OK;
        k->started = pthread_create(&k->thread, NULL, run_worker, k) == 0;
    }
    td_status rc = fn(ev, ctx, 0, ev->n / ranges);
    /* a range whose thread could not start runs here: same ranges, same result */
    for (size_t w = 0; w < count; w++) {
        td_worker *k = &ev->workers[w];
        if (k->started)
            pthread_join(k->thread, NULL);
        else
            run_worker(k);
    }
    if (rc != TD_OK)
        return rc;
    for (size_t w = 0; w < count; w++)
        if (ev->workers[w].rc != TD_OK) {
            if (ev->err != NULL)
                *ev->err = ev->workers[w].err;
            return ev->workers[w].rc;
        }
    return TD_OK;
}
