/*
 * Where `-o FILE` writes, safely (docs/cli.md, "Output files").
 *
 * A report file is written under a fresh name next to its target
 * (".NAME.XXXXXXXX.tmp"), flushed, given the target's permission bits and
 * renamed over it. The command line creates that file itself, rather than
 * through td_report_write_file(), so that its name is known to a signal
 * handler: the program is the one place where process-wide state (signal
 * dispositions, the name of the file in progress) may live, the library
 * keeps none. The handler removes the file and ends the program with the
 * signal's default action.
 *
 * Nothing here opens the target before lstat()/stat() said it is a regular
 * file, so a FIFO cannot block the program and a device is never touched.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "messages.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the temporary file and the signals that remove it -------------------- */

#define TEMP_PATH_MAX 4096

static const int caught_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGXFSZ};
#define CAUGHT_COUNT (sizeof caught_signals / sizeof caught_signals[0])

/* The temporary file in progress: set and cleared with the signals blocked,
 * read by the handler. */
static char temp_path[TEMP_PATH_MAX];
static volatile sig_atomic_t temp_active;
static sigset_t caught_set;

static void on_signal(int sig)
{
    /* async-signal-safe calls only: unlink, signal, raise */
    if (temp_active)
        unlink(temp_path);
    temp_active = 0;
    signal(sig, SIG_DFL);
    raise(sig); /* pending until the handler returns, then the default action */
}

static void init_caught_set(void)
{
    sigemptyset(&caught_set);
    for (size_t i = 0; i < CAUGHT_COUNT; i++)
        sigaddset(&caught_set, caught_signals[i]);
}

static void install_handlers(void)
{
    for (size_t i = 0; i < CAUGHT_COUNT; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup, a background job) stays ignored */
        if (sigaction(caught_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_mask = caught_set;
        sigaction(caught_signals[i], &sa, NULL);
    }
}

static void block_signals(sigset_t *old)
{
    sigprocmask(SIG_BLOCK, &caught_set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

void output_hold_signals(bool hold)
{
    sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &caught_set, NULL);
}

/* ---- messages --------------------------------------------------------------- */

static bool refuse(const output *o, const char *fmt, ...)
{
    if (o->name == NULL)
        fputs(tr("thidua: cannot write to standard output: "), stderr);
    else
        fprintf(stderr, tr("thidua: cannot write the report to '%s': "), o->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, tr(fmt), ap); /* fmt is English, its translation takes the same arguments */
    va_end(ap);
    fputc('\n', stderr);
    return false;
}

static bool refuse_errno(const output *o, int errnum)
{
    return refuse(o, "%s", strerror(errnum));
}

/* "a directory", "a FIFO"...: what a file that is not a regular file is. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return tr("a directory");
    if (S_ISCHR(mode))
        return tr("a character device");
    if (S_ISBLK(mode))
        return tr("a block device");
    if (S_ISFIFO(mode))
        return tr("a named pipe (FIFO)");
    if (S_ISSOCK(mode))
        return tr("a socket");
    return tr("a special file");
}

/* ---- deciding where the report goes ----------------------------------------- */

/* The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N name, else -1. */
static int descriptor_named(const char *name)
{
    if (strcmp(name, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(name, "/dev/stderr") == 0)
        return STDERR_FILENO;
    const char *digits = strncmp(name, "/dev/fd/", 8) == 0          ? name + 8
                         : strncmp(name, "/proc/self/fd/", 14) == 0 ? name + 14
                                                                    : NULL;
    if (digits == NULL || *digits == '\0')
        return -1;
    long n = 0;
    for (const char *p = digits; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || n > 1000000)
            return -1;
        n = n * 10 + (*p - '0');
    }
    return (int)n;
}

bool output_prepare(output *o, const char *name)
{
    memset(o, 0, sizeof *o);
    init_caught_set();
    o->fd = STDOUT_FILENO;
    if (name == NULL || strcmp(name, "-") == 0)
        return true;
    o->name = name;

    /* an open descriptor named by its path: written as it is, like '-' */
    int fd = descriptor_named(name);
    if (fd >= 0) {
        if (fcntl(fd, F_GETFD) == -1)
            return refuse(o, "descriptor %d is not open", fd);
        struct stat path_st, fd_st;
        if (stat(name, &path_st) == 0 && fstat(fd, &fd_st) == 0 && path_st.st_dev == fd_st.st_dev &&
            path_st.st_ino == fd_st.st_ino) {
            o->fd = fd;
            return true;
        }
        /* not what the name says on this system: an ordinary path */
    }

    o->fd = -1;
    o->to_file = true;
    struct stat st;
    if (lstat(name, &st) != 0) {
        if (errno != ENOENT)
            return refuse_errno(o, errno);
        o->target = strdup(name); /* a new file */
    } else if (S_ISLNK(st.st_mode)) {
        /* a link to a regular file is followed: the file it points to is replaced */
        if (stat(name, &st) != 0)
            return errno == ENOENT ? refuse(o, "it is a symbolic link to a file that does not exist")
                                   : refuse_errno(o, errno);
        if (!S_ISREG(st.st_mode))
            return refuse(o, "it is a symbolic link to %s, not a regular file", file_kind(st.st_mode));
        if ((o->target = realpath(name, NULL)) == NULL)
            return refuse_errno(o, errno);
        o->exists = true;
    } else if (!S_ISREG(st.st_mode)) {
        return refuse(o, "it is %s, not a regular file", file_kind(st.st_mode));
    } else {
        o->target = strdup(name);
        o->exists = true;
    }
    if (o->target == NULL)
        return refuse(o, "out of memory");
    if (o->exists) {
        o->st = st;
        o->mode = st.st_mode & 0777;
        /* write protection is kept, even for root, who could write anything */
        if ((st.st_mode & 0222) == 0)
            return refuse(o, "it is write-protected (mode %04o): make it writable or remove it first",
                          (unsigned)o->mode);
        if (faccessat(AT_FDCWD, o->target, W_OK, AT_EACCESS) != 0)
            return refuse_errno(o, errno);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        o->mode = 0666 & ~mask;
    }
    return true;
}

/* ---- writing ------------------------------------------------------------------ */

/* Creates ".BASE.XXXXXXXX.tmp" next to the target (same directory, so that
 * the rename stays within one file system), readable by its owner alone until
 * it is complete. Its name is in temp_path before anything can interrupt. */
static bool temp_create(output *o)
{
    const char *slash = strrchr(o->target, '/');
    size_t dir_len = slash != NULL ? (size_t)(slash - o->target) + 1 : 0;
    const char *base = o->target + dir_len;
    size_t base_len = strlen(base);
    if (base_len > 200)
        base_len = 200;
    if (dir_len + base_len + 16 >= TEMP_PATH_MAX)
        return refuse_errno(o, ENAMETOOLONG);
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40);
    for (int attempt = 0; attempt < 100; attempt++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        char path[TEMP_PATH_MAX];
        snprintf(path, sizeof path, "%.*s.%.*s.%08lx.tmp", (int)dir_len, o->target, (int)base_len, base,
                 (unsigned long)(seed >> 32));
        sigset_t old;
        block_signals(&old);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        int errnum = errno;
        if (fd >= 0) {
            memcpy(temp_path, path, sizeof temp_path);
            temp_active = 1;
        }
        restore_signals(&old);
        if (fd >= 0) {
            o->fd = fd;
            return true;
        }
        if (errnum != EEXIST)
            return refuse_errno(o, errnum);
    }
    return refuse(o, "cannot create a temporary file next to it");
}

bool output_begin(output *o)
{
    if (!o->to_file)
        return true;
    install_handlers();
    return temp_create(o);
}

void output_abort(output *o)
{
    if (!o->to_file)
        return;
    if (o->fd >= 0)
        close(o->fd);
    o->fd = -1;
    sigset_t old;
    block_signals(&old);
    if (temp_active)
        unlink(temp_path);
    temp_active = 0;
    restore_signals(&old);
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* The temporary file, complete: flushed, with the target's owner (when the
 * system allows it) and permission bits, then closed. */
static bool temp_complete(output *o)
{
    if (fsync(o->fd) != 0 && errno != EINVAL)
        return refuse_errno(o, errno);
    if (o->exists && (o->st.st_uid != geteuid() || o->st.st_gid != getegid()) &&
        fchown(o->fd, o->st.st_uid, o->st.st_gid) != 0 && fchown(o->fd, (uid_t)-1, o->st.st_gid) != 0) {
        /* not allowed: the file becomes the user's, like any file the user creates */
    }
    if (fchmod(o->fd, o->mode) != 0)
        return refuse_errno(o, errno);
    int fd = o->fd;
    o->fd = -1;
    if (close(fd) != 0)
        return refuse_errno(o, errno);
    return true;
}

int output_write(output *o, const void *data, size_t len)
{
    return write_all(o->fd, data, len) ? 0 : errno;
}

bool output_stopped(output *o, int errnum)
{
    output_abort(o);
    return refuse_errno(o, errnum);
}

bool output_finish(output *o, const char *data, size_t len)
{
    if (!o->to_file)
        return write_all(o->fd, data, len) ? true : refuse_errno(o, errno);
    bool ok = write_all(o->fd, data, len) ? temp_complete(o) : refuse_errno(o, errno);
    if (ok) {
        /* something else put there meanwhile is not replaced either */
        struct stat st;
        if (lstat(o->target, &st) == 0 && !S_ISREG(st.st_mode))
            ok = refuse(o, "it is now %s, not a regular file", file_kind(st.st_mode));
    }
    if (!ok) {
        output_abort(o);
        return false;
    }
    sigset_t old;
    block_signals(&old);
    int errnum = rename(temp_path, o->target) == 0 ? 0 : errno;
    if (errnum != 0)
        unlink(temp_path);
    temp_active = 0;
    restore_signals(&old);
    return errnum == 0 ? true : refuse_errno(o, errnum);
}

void output_free(output *o)
{
    free(o->target);
    o->target = NULL;
}
