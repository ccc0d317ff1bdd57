/*
 * Work in threads (td_eval_options::threads): numbered tasks spread over
 * the threads (td_eval_tasks), of which member ranges are one kind: a
 * stage that scores each member on its own runs over [0, n) split into one
 * contiguous range per thread (td_eval_members). Each thread works on a
 * copy of the evaluation state with its own text buffers, error and arena
 * for the texts it keeps; members never share a cell, so nothing else is
 * written by two threads. The failure reported is that of the lowest
 * failing task — for ranges the one that holds the first failing member:
 * the error a run in one thread reports.
 */
#include <pthread.h>
#include <string.h>

#include "pipeline.h"

struct td_worker {
    td_eval ev;       /* the thread's copy of the state */
    td_error err;
    pthread_t thread;
    bool started;     /* a thread runs it (else the calling thread did) */
    td_task_fn task;
    void *ctx;
    size_t first, count, step; /* its tasks: first, first + step, ... below count */
    size_t failed;    /* the task that failed, when rc says one did */
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
    for (size_t t = w->first; t < w->count; t += w->step)
        if ((w->rc = w->task(&w->ev, w->ctx, t)) != TD_OK) {
            w->failed = t;
            break;
        }
    return NULL;
}

/* The shared state as it is now in worker k's copy, with its own buffers. */
static void refresh(td_eval *ev, size_t w)
{
    td_worker *k = &ev->workers[w];
    td_buf text0 = k->ev.text[0], text1 = k->ev.text[1];
    k->ev = *ev;
    k->ev.text[0] = text0;
    k->ev.text[1] = text1;
    k->ev.err = &k->err;
    k->ev.arena = &ev->result->arenas[w];
    k->ev.workers = NULL;
    k->ev.worker_count = 0;
    td_error_clear(&k->err);
    k->rc = TD_OK;
}

td_status td_eval_tasks(td_eval *ev, size_t count, td_task_fn fn, void *ctx)
{
    size_t threads = ev->worker_count + 1;
    if (ev->worker_count == 0 || count < 2) {
        for (size_t t = 0; t < count; t++)
            TRY(fn(ev, ctx, t));
        return TD_OK;
    }
    /* task t goes to thread t mod threads: the calling thread takes 0, threads, ... */
    for (size_t w = 0; w < ev->worker_count; w++) {
        td_worker *k = &ev->workers[w];
        refresh(ev, w);
        k->task = fn;
        k->ctx = ctx;
        k->first = w + 1;
        k->count = count;
        k->step = threads;
        k->started = k->first < count && pthread_create(&k->thread, NULL, run_worker, k) == 0;
    }
    td_status rc = TD_OK;
    size_t failed = count;
    for (size_t t = 0; t < count; t += threads)
        if ((rc = fn(ev, ctx, t)) != TD_OK) {
            failed = t;
            break;
        }
    /* a worker whose thread could not start runs here: the same tasks, the same result */
    for (size_t w = 0; w < ev->worker_count; w++) {
        td_worker *k = &ev->workers[w];
        if (k->started)
            pthread_join(k->thread, NULL);
        else
            run_worker(k);
    }
    /* the lowest failing task's error, as in one thread */
    td_worker *worst = NULL;
    for (size_t w = 0; w < ev->worker_count; w++) {
        td_worker *k = &ev->workers[w];
        if (k->rc != TD_OK && k->failed < failed) {
            failed = k->failed;
            worst = k;
        }
    }
    if (worst == NULL)
        return rc;
    if (ev->err != NULL)
        *ev->err = worst->err;
    return worst->rc;
}

/* Member ranges as tasks: range t of `ranges` equal ones, so that each
 * thread takes one and the lowest failing range is the lowest task. */
typedef struct range_job {
    td_member_range_fn fn;
    void *ctx;
    size_t ranges;
} range_job;

static td_status range_task(td_eval *ev, void *ctx, size_t t)
{
    const range_job *job = ctx;
    return job->fn(ev, job->ctx, ev->n * t / job->ranges, ev->n * (t + 1) / job->ranges);
}

td_status td_eval_members(td_eval *ev, td_member_range_fn fn, void *ctx)
{
    range_job job = {fn, ctx, ev->worker_count + 1};
    return td_eval_tasks(ev, job.ranges, range_task, &job);
}
