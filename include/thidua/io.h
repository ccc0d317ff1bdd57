/*
 * thidua/io.h — reading rulebooks and cluster data from YAML 1.2, JSON and
 * CSV files or text, and writing a rulebook back as YAML. The formats are
 * those of docs/rulebook.md (the contract, version 1).
 *
 * Every error that comes from a document names it: td_error::file holds the
 * path (or the name given for text), `line` and `column` the 1-based
 * position, and the message names the key and quotes the value, e.g.
 * "rulebook.yaml:12:14: criterion 'loans': unknown key 'maxx' (did you mean
 * 'max'?)". Nothing is returned on failure: *out is written only on success.
 *
 * Limits (document size, line length, nesting depth, nodes after YAML
 * alias expansion, expression size and depth) protect a host from hostile
 * input; exceeding one is TD_ELIMIT with the position where it happened.
 * Parsing never recurses, and YAML aliases are shared rather than copied.
 * The expression limits are given to the rulebook
 * (td_rulebook_builder_set_expression_limits()).
 *
 * Text is UTF-8 (a leading BOM is skipped; a BOM elsewhere or invalid
 * UTF-8 is TD_EPARSE at its position). Unit ids and names are normalised to
 * Unicode NFC, so "Tân Uyên" typed with combining marks and with precomposed
 * letters is the same unit.
 *
 * These functions read files they are given and nothing else; they keep no
 * state between calls and may be called from any number of threads at once.
 */
#ifndef THIDUA_IO_H
#define THIDUA_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/cluster.h"
#include "thidua/common.h"
#include "thidua/rulebook.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The syntax of a document. */
typedef enum td_doc_format {
    TD_DOC_FORMAT_AUTO = 0, /**< files: by extension (.yaml/.yml, .json, .csv, .xlsx); text: sniffed; a
                             * document that starts as a zip archive does (PK\3\4) is read as xlsx */
    TD_DOC_FORMAT_YAML = 1, /**< YAML 1.2 (core schema) */
    TD_DOC_FORMAT_JSON = 2, /**< JSON (RFC 8259) */
    TD_DOC_FORMAT_CSV = 3,  /**< cluster data only: the long layout unit,measure,target,actual, or (1.1) a
                             * member table (an `id` column) or a history table (unit,period,id) */
    TD_DOC_FORMAT_XLSX = 4  /**< cluster data only: an xlsx workbook whose sheets are member tables or
                             * history tables, laid out as `thidua template` writes them (docs/rulebook.md,
                             * "Workbooks"); needs TD_HAVE_XLSX_INPUT, else TD_EINVAL */
} td_doc_format;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_DOC_AUTO TD_DOC_FORMAT_AUTO
#define TD_DOC_YAML TD_DOC_FORMAT_YAML
#define TD_DOC_JSON TD_DOC_FORMAT_JSON
#define TD_DOC_CSV  TD_DOC_FORMAT_CSV
#endif

/**
 * Options of the loaders. Initialise with TD_LOAD_OPTIONS_INIT or
 * td_load_options_init(). Every limit is refused with TD_ELIMIT and the
 * place where it was passed, as the input is read (before what follows it
 * is read or kept); 0 means the default, which is meant to be safe for
 * untrusted input. Version 1 (without the fields of version 2) is still
 * accepted, with the defaults of version 2's limits.
 */
typedef struct td_load_options {
    unsigned int version;          /**< TD_LOAD_OPTIONS_VERSION */
    const td_allocator *allocator; /**< for the loaded objects; NULL: malloc/realloc/free */
    td_doc_format format;          /**< TD_DOC_FORMAT_AUTO, or force one syntax */
    bool decimal_comma;            /**< CSV: numbers are written "3.563,5" (',' decimal, '.' thousands) */
    size_t max_bytes;              /**< largest document in bytes; 0: 256 MiB */
    size_t max_depth;              /**< deepest nesting of mappings and sequences; 0: 64 */
    size_t max_nodes;              /**< most nodes in a document after alias expansion; 0: 10,000,000 */
    size_t expr_max_bytes;         /**< longest expression; 0: 4096; at most TD_EXPR_MAX_BYTES_LIMIT */
    size_t expr_max_depth;         /**< deepest expression nesting; 0: 64; at most TD_EXPR_MAX_DEPTH_LIMIT */
    size_t max_line_bytes;         /**< longest line in bytes; 0: 1 MiB (added in version 1 before release) */
    /* version 2 */
    /**
     * All the documents of one dataset together, the child data of its
     * roll-ups included (td_dataset_to_cluster() reads those); 0: 1 GiB.
     * A file is refused as soon as it passes what is left, before it is
     * read whole.
     */
    size_t max_total_bytes;
    size_t max_keys;               /**< most keys in one mapping (YAML, JSON); 0: 1,000,000 */
    size_t max_rows;               /**< most rows of one CSV document, the header aside; 0: 10,000,000 */
    size_t max_members;            /**< most members (and units) of one dataset; 0: 1,000,000 */
    size_t max_criteria;           /**< a rulebook's most criteria, groups and adjustment items; 0: 10,000 */
    size_t max_measures;           /**< a rulebook's most derived measures, inputs and parameters; 0: 100,000 */
} td_load_options;

#define TD_LOAD_OPTIONS_VERSION 2
#define TD_LOAD_OPTIONS_INIT {TD_LOAD_OPTIONS_VERSION, NULL, TD_DOC_FORMAT_AUTO, false, 0, 0, 0, 0, 0, 0, \
                              0, 0, 0, 0, 0, 0}

/**
 * Fills *opts with the defaults of options `version` (1 or 2: a program
 * built against an older header passes the version it knows, and only the
 * fields of that version are written). Errors: TD_EINVAL (NULL or unknown
 * version).
 */
TD_EXTERN td_status td_load_options_init(td_load_options *opts, unsigned int version);

/* ---- Rulebooks --------------------------------------------------------- */

/**
 * Reads and compiles the rulebook in file `path` (YAML or JSON).
 * Ownership: *out belongs to the caller (td_rulebook_free()).
 * Errors: TD_EINVAL (NULL argument, CSV format, bad options), TD_EIO (the
 * file cannot be read; the message carries the system's reason), TD_EPARSE
 * (syntax, a wrong type, an unknown key, a bad number or expression; with
 * position), TD_ERANGE (a number out of its range), TD_EEXISTS (a key or
 * an id given twice), TD_ERULEBOOK (an inconsistent definition; with the
 * position of the offending entry), TD_ELIMIT, TD_ENOMEM.
 * The rulebook remembers where each expression stands in the file, so that
 * a fault td_evaluate() finds in one (a division by zero) carries `path`
 * and the line and column of the failing part in the file.
 */
TD_EXTERN td_status td_rulebook_load_file(td_rulebook **out, const char *path,
                                          const td_load_options *opts, td_error *err);

/**
 * As td_rulebook_load_file(), on `len` bytes of `text` (no NUL needed).
 * `name` is what errors give as the file ("<string>" when NULL), and the
 * file the paths in the text are relative to: a roll-up's child rulebook
 * given as a path (rulebook 1.1) is read from the directory of `name`
 * (else the current directory), and TD_EIO says it cannot be read.
 */
TD_EXTERN td_status td_rulebook_load_string(td_rulebook **out, const char *text, size_t len,
                                            const char *name, const td_load_options *opts,
                                            td_error *err);

/**
 * Writes `rulebook` as a YAML document of the contract's format: loading it
 * back gives a rulebook with the same definitions (and the same results).
 * Where the expressions stood in the rulebook's own file is not part of
 * its definitions: the rulebook loaded back reports the places in the new
 * text.
 * A rulebook with roll-ups (rulebook 1.1) is written with each child
 * rulebook inline (`rulebook:` holding the child's mapping), so that the
 * text stands alone.
 * Ownership: *out is NUL-terminated text allocated by the library; free it
 * with td_free(). *len (if not NULL) receives its length.
 * Errors: TD_EINVAL (NULL), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_to_yaml(char **out, size_t *len, const td_rulebook *rulebook,
                                        td_error *err);

/* ---- Cluster data ------------------------------------------------------ */

/**
 * Cluster data gathered from one or more documents, before it becomes a
 * td_cluster. Documents may come in any order: the one with the `cluster`
 * header (period, id, members) need not be first. The same value given in
 * two documents (or twice in one) is an error naming both places.
 */
typedef struct td_dataset td_dataset;

/**
 * Creates an empty dataset. `opts` may be NULL for defaults; it is copied.
 * Ownership: *out belongs to the caller (td_dataset_free()).
 * Errors: TD_EINVAL, TD_ENOMEM.
 */
TD_EXTERN td_status td_dataset_new(td_dataset **out, const td_load_options *opts, td_error *err);

/** Frees the dataset. Accepts NULL. Clusters made from it are unaffected. */
TD_EXTERN void td_dataset_free(td_dataset *dataset);

/**
 * Reads a data document (YAML, JSON or CSV) into the dataset. On failure
 * the dataset is as it was before the call.
 * Errors: TD_EINVAL, TD_EIO, TD_EPARSE (syntax, wrong type, unknown key,
 * a bad number such as "NaN" or "1,5" without decimal_comma, invalid
 * UTF-8), TD_ERANGE (a negative target, actual, score or count),
 * TD_EEXISTS (a value, member, the cluster or next_leader given before,
 * or a different period; the message names the earlier place), TD_EDATA
 * (a cluster without members), TD_ELIMIT, TD_ENOMEM. All with position.
 */
TD_EXTERN td_status td_dataset_add_file(td_dataset *dataset, const char *path, td_error *err);

/**
 * As td_dataset_add_file(), on `len` bytes of `text`. `name` is what errors
 * give as the file ("<string>" when NULL); `format` TD_DOC_FORMAT_AUTO sniffs the
 * syntax (JSON when the text starts with '{', CSV when its first line is a
 * CSV header of the long layout or, rulebook 1.1, has an `id` column, else
 * YAML).
 */
TD_EXTERN td_status td_dataset_add_string(td_dataset *dataset, const char *text, size_t len,
                                          const char *name, td_doc_format format, td_error *err);

/**
 * Makes a cluster of everything read so far. Units may be named by id or
 * by a member's name (both compared after NFC). When `rulebook` is not NULL
 * the data is also checked against it, with the position of each offending
 * value: measure keys that the rulebook does not know (with the nearest
 * known one suggested) or derives itself, points for an unknown criterion,
 * for a criterion that is not manual or outside [0, max], events for an
 * unknown item. The dataset is not changed and may be used again.
 * The cluster remembers where each member was declared, so that
 * td_evaluate() reports a member's missing data at that entry.
 * Ownership: *out belongs to the caller (td_cluster_free()).
 * A member table's (rulebook 1.1) columns are judged here: with a
 * rulebook, a column that names none of its measures is ignored (a note,
 * td_cluster_note()) unless one small edit away from one (TD_EDATA), and a
 * cell of a read column that is no number is an error at the cell
 * (TD_EDATA; TD_ERANGE when negative); without one, a column is read when
 * every cell of it is a number or blank and none of its values is given
 * elsewhere too, else left out with a note naming the cell. So the conversion without a rulebook never fails
 * where the one checked against a rulebook passes.
 * Errors: TD_EINVAL, TD_EDATA (no document had the cluster header, a value
 * for a unit that is not a member, a check above failed, a member table's
 * cell that is no number), TD_EEXISTS (a value given once by a unit's id
 * and once by its name), TD_ERANGE (a history period not before the
 * cluster's, a member table's negative cell), TD_ENOMEM. With position,
 * except for the missing cluster header.
 */
TD_EXTERN td_status td_dataset_to_cluster(td_cluster **out, const td_dataset *dataset,
                                          const td_rulebook *rulebook, td_error *err);

/**
 * Shorthand: reads the single data document `path` and makes a cluster of
 * it, checked against `rulebook` (may be NULL).
 */
TD_EXTERN td_status td_cluster_load_file(td_cluster **out, const char *path,
                                         const td_rulebook *rulebook, const td_load_options *opts,
                                         td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_IO_H */
