/*
 * Where `-o FILE` writes: standard output (or another open descriptor named
 * /dev/stdout, /dev/fd/N), or a regular file replaced atomically through a
 * temporary file that a signal never leaves behind. See docs/cli.md,
 * "Output files".
 */
#ifndef THIDUA_CLI_OUTPUT_H
#define THIDUA_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

typedef struct output {
    const char *name; /* as given (for messages); NULL: standard output */
    int fd;           /* the descriptor written to; -1 before output_begin() for a file */
    bool to_file;     /* a regular file through a temporary file (else fd is written directly) */
    char *target;     /* to_file: the file replaced (symbolic links resolved), malloc'd */
    bool exists;      /* to_file: target exists; st is its status */
    struct stat st;
    mode_t mode;      /* to_file: the permission bits the report gets */
} output;

/*
 * Decides where the report goes: `name` NULL or "-" is standard output;
 * /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N naming an open
 * descriptor are that descriptor; anything else must be a regular file, or
 * a symbolic link to one (followed), or a new file. Refuses devices, FIFOs,
 * sockets, directories and write-protected files without opening them.
 * Prints the error and returns false when refused.
 */
bool output_prepare(output *o, const char *name);

/* For a file: catches SIGHUP/SIGINT/SIGQUIT/SIGTERM/SIGXFSZ (they remove the
 * temporary file, then end the program as they would have) and creates the
 * temporary file next to the target. Prints the error and returns false. */
bool output_begin(output *o);

/* While true, those signals wait (for a library call that has scratch files
 * of its own to remove); when set back to false, a signal that came in the
 * meantime takes effect. */
void output_hold_signals(bool hold);

/* Writes a piece of the report as it is made (to the temporary file, or
 * the descriptor): 0, or the errno value of the failure. */
int output_write(output *o, const void *data, size_t len);

/* A write failed with errnum: removes the temporary file, prints the
 * error, returns false. */
bool output_stopped(output *o, int errnum);

/* Writes the report (the rest of it, after output_write()), then (for a
 * file) flushes it to disk, gives it its
 * permission bits and renames it over the target. Prints the error and
 * returns false, leaving nothing behind. */
bool output_finish(output *o, const char *data, size_t len);

/* Removes the temporary file, if any (after an error before output_finish). */
void output_abort(output *o);

void output_free(output *o);

#endif /* THIDUA_CLI_OUTPUT_H */
