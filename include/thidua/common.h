/*
 * thidua/common.h — status codes, the error object, allocators and languages.
 *
 * Every fallible function of thidua returns a td_status: TD_OK (0) on success,
 * a negative code on failure. Functions that can fail take an optional
 * `td_error *err` as their last argument: when it is not NULL it receives the
 * code, a message naming the offending value, and where the value came from a
 * file or text, the file name, line and column. No function keeps state
 * between calls: there is no global error variable and no global mutable
 * state anywhere in the library.
 */
#ifndef THIDUA_COMMON_H
#define THIDUA_COMMON_H

#include <stddef.h>

#include "thidua/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Result codes. The set is stable: codes are never renumbered. */
typedef enum td_status {
    TD_OK = 0,            /**< success */
    TD_ERROR = -1,        /**< an unexpected internal failure */
    TD_ENOMEM = -2,       /**< the allocator returned NULL */
    TD_EINVAL = -3,       /**< an invalid argument (NULL, empty id, a hidden character in an id, bad enum, invalid UTF-8) */
    TD_ENOTFOUND = -4,    /**< an id that names nothing known */
    TD_EEXISTS = -5,      /**< an id or value given twice */
    TD_ERANGE = -6,       /**< a number out of its allowed range, or an overflow */
    TD_EPARSE = -7,       /**< malformed text (a number, an expression, a file) */
    TD_ERULEBOOK = -8,    /**< the rulebook is inconsistent */
    TD_EDATA = -9,        /**< the cluster data is inconsistent with the rulebook */
    TD_ELIMIT = -10,      /**< a configured limit was exceeded */
    TD_EEVAL = -11,       /**< an evaluation fault, e.g. a division by zero */
    TD_EIO = -12          /**< a file could not be read or written */
} td_status;

/** Size of td_error::message, including the terminating NUL. */
#define TD_ERROR_MESSAGE_SIZE 512
/** Size of td_error::file, including the terminating NUL. */
#define TD_ERROR_FILE_SIZE 256

/**
 * Details of a failure, filled by the function that failed.
 *
 * The struct lives in caller memory and needs no freeing. Strings are NUL
 * terminated UTF-8 and truncated to fit. `line` and `column` are 1-based and
 * 0 when the failure has no position; `file` is empty when it has no file.
 */
typedef struct td_error {
    td_status code;                      /**< the same code the function returned */
    unsigned int line;                   /**< 1-based line, 0 if none */
    unsigned int column;                 /**< 1-based column (in bytes), 0 if none */
    char file[TD_ERROR_FILE_SIZE];       /**< source file name, "" if none */
    char message[TD_ERROR_MESSAGE_SIZE]; /**< what was expected, what was found */
} td_error;

/**
 * A warning: something valid that is probably not what was meant (a
 * threshold `at: 85` where 85 % was meant), with the likely fix in the
 * message (docs/warnings.md lists every warning). The strings are borrowed
 * from the object that holds the warning and live as long as it does.
 */
typedef struct td_warning {
    const char *code;    /**< a stable name, e.g. "threshold-at-above-3" */
    const char *message; /**< what looks wrong, and the likely fix */
    const char *file;    /**< the document it stands in, "" when none */
    unsigned int line;   /**< 1-based line, 0 when not known */
    unsigned int column; /**< 1-based column (in bytes), 0 when not known */
} td_warning;

/**
 * Resets `err` to TD_OK with empty text. Accepts NULL.
 * Thread-safety: touches only `err`.
 */
TD_EXTERN void td_error_clear(td_error *err);

/**
 * A static English text describing `code`, e.g. "out of memory".
 * Never returns NULL; an unknown code gives "unknown error".
 * Thread-safety: safe from any thread.
 */
TD_EXTERN const char *td_strerror(int code);

/**
 * A caller-supplied allocator. All three functions are required: an
 * allocator lacking one is ignored, as if NULL had been passed, and the C
 * library's functions are used.
 *
 * `realloc` must behave like C realloc (ptr NULL allocates; on failure it
 * returns NULL and leaves ptr valid). `free` accepts NULL. `ctx` is passed
 * back unchanged. The library calls the allocator from the thread that calls
 * the library function; an allocator used by objects that are shared between
 * threads must itself be thread-safe.
 */
typedef struct td_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} td_allocator;

/**
 * Frees memory that the library handed over as a bare pointer (the text of
 * td_rulebook_to_yaml(), td_report_render()).
 * Such memory always comes from the C library's malloc, whatever allocator
 * the objects use. Accepts NULL. Thread-safety: safe from any thread.
 */
TD_EXTERN void td_free(void *ptr);

/** The language of explanations and names that have two versions. */
typedef enum td_lang {
    TD_LANG_VI = 0, /**< Vietnamese (the default) */
    TD_LANG_EN = 1  /**< English */
} td_lang;

/**
 * Version text "MAJOR.MINOR.PATCH" of the library that is running (which may
 * differ from TD_VERSION, the one the caller compiled against).
 * Never NULL. Thread-safety: safe from any thread.
 */
TD_EXTERN const char *td_version(void);

/** The running library's version as MAJOR*10000 + MINOR*100 + PATCH. */
TD_EXTERN int td_version_number(void);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_COMMON_H */
