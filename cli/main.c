/*
 * thidua — the command line: check a rulebook and data, evaluate a cluster
 * into a report, explain one member's numbers.
 *
 * A thin layer over the library: it parses the command line, loads the
 * documents (thidua/io.h), evaluates (thidua/result.h) and renders
 * (thidua/report.h). Exit status: 0 success, 1 invalid rulebook or data (or
 * a file that cannot be read or written; nothing is written), 2 usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thidua/thidua.h>

#include "messages.h"
#include "output.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_LIMIT = 3 };

/* The limits --limit NAME=VALUE sets, as td_load_options fields (io.h). */
enum {
    LIMIT_BYTES,
    LIMIT_DEPTH,
    LIMIT_NODES,
    LIMIT_LINE,
    LIMIT_EXPR_BYTES,
    LIMIT_EXPR_DEPTH,
    LIMIT_TOTAL,
    LIMIT_KEYS,
    LIMIT_ROWS,
    LIMIT_MEMBERS,
    LIMIT_CRITERIA,
    LIMIT_MEASURES,
    LIMIT_CELLS, /* td_eval_options.max_cells */
    LIMIT_COUNT
};
static const char *const limit_names[LIMIT_COUNT] = {"bytes", "depth",   "nodes",    "line",     "expr-bytes",
                                                     "expr-depth", "total", "keys", "rows", "members",
                                                     "criteria", "measures", "cells"};

typedef enum command { CMD_NONE, CMD_CHECK, CMD_EVAL, CMD_EXPLAIN, CMD_TEMPLATE } command;

typedef struct args {
    command cmd;
    const char **inputs; /* RULEBOOK, then DATA... */
    size_t ninputs;
    const char *format; /* NULL: from -o's extension, else table */
    const char *output; /* NULL or "-": standard output */
    const char *unit;
    const char *child; /* explain --child ROLLUP:ID (rulebook 1.1), or NULL */
    const char *children; /* eval --children ROLLUP (rulebook 1.1), or NULL */
    td_lang lang;
    bool decimal_comma;
    bool excel; /* eval --excel: the CSV for Excel in a Vietnamese locale */
    long width; /* eval --width N (table: 0 no limit); -1: the terminal's, when standard output is one */
    bool quiet;
    bool notes; /* check --notes: the rulebook's notes too */
    bool strict;                /* warnings are errors */
    size_t limits[LIMIT_COUNT]; /* 0: the library's default */
    unsigned threads;           /* td_eval_options::threads; 0: one */
    bool formulas;              /* --explain formula: td_eval_options::formulas */
    /* the report block (council documents): given here, it replaces the
     * data's; NULL / 0: the data's */
    const char **organisation; /* --organisation LINE..., in order */
    size_t norganisation;
    const char *place, *date, *title;
    const char **signers; /* --signer ROLE|TITLE|NAME..., in order */
    size_t nsigners;
} args;

static const char usage_main[] =
    "Usage: thidua COMMAND [OPTIONS] RULEBOOK [DATA...]\n"
    "\n"
    "Scores an emulation cluster (thi đua, khen thưởng) with a rulebook.\n"
    "\n"
    "Commands:\n"
    "  check RULEBOOK [DATA...]       validate the rulebook and, given data, the cluster\n"
    "  eval RULEBOOK DATA...          evaluate the cluster and write a report\n"
    "  explain RULEBOOK DATA... --unit ID\n"
    "                                 every number of one member, explained\n"
    "  template RULEBOOK [DATA...] -o FILE.xlsx\n"
    "                                 the input workbook an officer fills in\n"
    "\n"
    "Options:\n"
    "  -h, --help     show help (thidua COMMAND --help for a command's options)\n"
    "  -V, --version  show the version\n"
    "  --lang vi|en   language of messages and reports; default: messages from the\n"
    "                 locale (LC_ALL, LC_MESSAGES, LANG), reports in Vietnamese\n"
    "\n"
    "RULEBOOK is YAML or JSON; DATA files are YAML, JSON, CSV (unit,measure,target,actual)\n"
    "or xlsx workbooks laid out as 'thidua template' writes them,\n"
    "and may be split over several files. '-' reads one of them from standard input.\n"
    "\n"
    "Limits (--limit NAME=N, repeatable; N may end in K, M or G): bytes (a document, default\n"
    "256M), total (all documents together, 1G), line (a line, 1M), depth (nesting, 64),\n"
    "nodes (a document's nodes, aliases expanded, 10000000), keys (keys of one mapping,\n"
    "1000000), rows (rows of one CSV document, 10000000), members (members and units,\n"
    "1000000), criteria (a rulebook's criteria, groups and items, 10000), measures (its\n"
    "measures, inputs and parameters, 100000), expr-bytes (an expression, 4096), expr-depth\n"
    "(its nesting, 64), cells (an evaluation's members x scored items, 100000000).\n"
    "\n"
    "Exit status: 0 success, 1 invalid rulebook or data (nothing written), 2 usage error,\n"
    "3 an input beyond a limit (nothing written).\n";

static const char usage_check[] =
    "Usage: thidua check RULEBOOK [DATA...] [--decimal-comma] [--notes] [-q]\n"
    "\n"
    "Validates RULEBOOK and, when DATA is given, the cluster data against it, and\n"
    "evaluates it, so that errors found only then (a missing target) are reported.\n"
    "Errors go to standard error as FILE:LINE:COL: message.\n"
    "\n"
    "Options:\n"
    "  --decimal-comma  CSV numbers are written 3.563,5 (',' decimal, '.' thousands)\n"
    "  --lang vi|en     language of the messages (default: the locale's)\n"
    "  --limit NAME=N   lower or raise a limit of the readers (see thidua --help)\n"
    "  --strict         warnings (docs/warnings.md) are errors: exit 1\n"
    "  --notes          also print the rulebook's notes: keys written with\n"
    "                   their default value, which can be left out\n"
    "  -q, --quiet      print nothing on success\n"
    "  -h, --help       show this help\n";

static const char usage_eval[] =
    "Usage: thidua eval RULEBOOK DATA... [--format FORMAT] [-o FILE] [--lang vi|en]\n"
    "\n"
    "Evaluates the cluster and writes a report.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT  table (default), json, csv, md, html, xlsx, pdf or statuses;\n"
    "                       without it the format follows the extension of -o FILE\n"
    "                       (.txt, .json, .csv, .md, .html, .xlsx, .pdf), else table;\n"
    "                       an -o FILE whose extension names another format, or none\n"
    "                       known, is refused; statuses: CSV of id, unit,\n"
    "                       classification and award statuses\n"
    "  --children ROLLUP    the report of a roll-up's children (rulebook 1.1), e.g.\n"
    "                       --children sxkd --format statuses -o ho-ket-qua.csv\n"
    "  -o, --output FILE    write the report to FILE ('-': standard output, the default);\n"
    "                       FILE is replaced only when the whole report is ready, and\n"
    "                       keeps its mode; it must be a regular file (or /dev/stdout)\n"
    "  --lang vi|en         language of headings and explanations (default vi) and of\n"
    "                       messages (default: the locale's)\n"
    "  --decimal-comma      CSV numbers are written 3.563,5 (',' decimal, '.' thousands)\n"
    "  --excel              with csv: the CSV Excel opens in a Vietnamese locale (a UTF-8\n"
    "                       BOM, ';' between fields, 12,5 for numbers)\n"
    "  --width N            table: lines of at most N columns (at least 40; 0: no limit);\n"
    "                       default: the terminal's width ($COLUMNS, else the terminal's\n"
    "                       own) when standard output is a terminal, else no limit\n"
    "  --limit NAME=N       lower or raise a limit of the readers (see thidua --help)\n"
    "  --threads N          evaluate in up to N threads (ranges of at least 512 members;\n"
    "                       the report is the same for every N; default 1)\n"
    "  --explain words|formula\n"
    "                       conditions explained in words (default: \"rank 6 (needs 1)\")\n"
    "                       or as formulas (\"rank = 6 != 1\")\n"
    "  --strict             warnings are errors: exit 1, nothing written\n"
    "  -h, --help           show this help\n"
    "\n"
    "The report block (html, pdf; given, an option replaces the data's 'report:' field):\n"
    "  --organisation LINE  a line of the issuing body, upper left (repeat for more lines)\n"
    "  --place PLACE        the place of the date line (\"Lai Châu, ngày 15 tháng 12 năm 2023\")\n"
    "  --date YYYY-MM-DD    the document's date\n"
    "  --title TEXT         the title, instead of the report's usual one\n"
    "  --signer ROLE|TITLE|NAME\n"
    "                       a signature block (repeat for more, left to right); ROLE and\n"
    "                       TITLE may be empty (\"||Nguyễn Văn A\"); '--signer \"\"' gives none\n";

static const char usage_explain[] =
    "Usage: thidua explain RULEBOOK DATA... --unit ID|--child ROLLUP:ID [--lang vi|en] [-o FILE]\n"
    "\n"
    "Prints every explanation of one member: rank, total, classification, each\n"
    "criterion's points and each award decision.\n"
    "\n"
    "Options:\n"
    "  -u, --unit ID       the member's unit id, or its name\n"
    "  --child ROLLUP:ID   instead, one child of a roll-up (rulebook 1.1): a household,\n"
    "                      a person, scored by the roll-up's own rulebook\n"
    "  --lang vi|en        language of the explanations (default vi) and of messages\n"
    "                      (default: the locale's)\n"
    "  -o, --output FILE   write to FILE (a regular file) instead of standard output\n"
    "  --decimal-comma     CSV numbers are written 3.563,5 (',' decimal, '.' thousands)\n"
    "  --limit NAME=N      lower or raise a limit of the readers (see thidua --help)\n"
    "  --threads N         evaluate in up to N threads (default 1)\n"
    "  --explain words|formula\n"
    "                      conditions in words (default) or as formulas\n"
    "  --strict            warnings are errors: exit 1\n"
    "  -h, --help          show this help\n";

static const char usage_template[] =
    "Usage: thidua template RULEBOOK [DATA...] -o FILE.xlsx\n"
    "\n"
    "Writes the input workbook an officer fills in: a row per member of DATA (30\n"
    "empty rows without DATA), the column pair Kế hoạch / Thực hiện (target /\n"
    "actual) under each measure's criterion name, sheets for council scores, events\n"
    "and history, and instructions.\n"
    "The filled workbook is DATA for check, eval and explain.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  the workbook to write (.xlsx; replaced only when complete)\n"
    "  --lang vi|en       language of the headers and instructions (default vi)\n"
    "  --decimal-comma    CSV numbers of DATA are written 3.563,5\n"
    "  --limit NAME=N     lower or raise a limit of the readers (see thidua --help)\n"
    "  -h, --help         show this help\n";

static const char *command_usage(command cmd)
{
    switch (cmd) {
    case CMD_CHECK: return usage_text(1, usage_check);
    case CMD_EVAL: return usage_text(2, usage_eval);
    case CMD_EXPLAIN: return usage_text(3, usage_explain);
    case CMD_TEMPLATE: return usage_text(4, usage_template);
    default: return usage_text(0, usage_main);
    }
}

/* Writes s to f with what would act on a terminal escaped as the library's
 * messages show it: C0 controls and DEL as \x1b (tab, LF, CR as \t, \n,
 * \r), C1 controls as \u{9b}. For the text the library does not quote
 * itself: file names and arguments. */
static void put_shown(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r')
            fprintf(f, "\\%c", *p == '\t' ? 't' : *p == '\n' ? 'n' : 'r');
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\x%02x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            fprintf(f, "\\u{%x}", *++p);
        else
            fputc(*p, f);
    }
}

static const char *command_name(command cmd)
{
    return cmd == CMD_CHECK ? "check" : cmd == CMD_EVAL ? "eval" : cmd == CMD_EXPLAIN ? "explain"
           : cmd == CMD_TEMPLATE ? "template" : NULL;
}

/* One line that says what is wrong, and where the help is: the whole help
 * would bury the reason. */
static int usage_error(command cmd, const char *fmt, const char *value)
{
    /* fmt has one %s, for value; English, or made from a template tr() gave */
    fmt = tr(fmt);
    const char *at = strstr(fmt, "%s");
    if (at == NULL) {
        fprintf(stderr, "thidua: %s", fmt);
    } else {
        fprintf(stderr, "thidua: %.*s", (int)(at - fmt), fmt);
        put_shown(stderr, value);
        fputs(at + 2, stderr);
    }
    const char *name = command_name(cmd);
    fprintf(stderr, tr("\nTry 'thidua %s%s--help' for more information.\n"), name != NULL ? name : "",
            name != NULL ? " " : "");
    return EXIT_USAGE;
}

/* ---- errors ---------------------------------------------------------------- */

/* Prints an error as FILE:LINE:COL: message when it carries its own file
 * and position. `fallback` (the input being read, or the only data file)
 * names an error that has no file of its own, and then never with a
 * position: a line and column without a file are not positions in the
 * fallback (they may be inside an expression, which the message says). */
static void print_error(const td_error *e, const char *fallback)
{
    put_shown(stderr, e->file[0] != '\0' ? e->file : fallback != NULL ? fallback : "thidua");
    if (e->file[0] != '\0' && e->line > 0)
        fprintf(stderr, ":%u:%u", e->line, e->column);
    fprintf(stderr, ": %s\n", e->message);
}

/* ---- arguments ------------------------------------------------------------- */

/* The number of single-byte edits (insert, delete, replace, swap two
 * neighbours) between two short words; more than `limit` counts as limit+1. */
static size_t edits(const char *a, const char *b, size_t limit)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 32 || m > 32)
        return limit + 1;
    size_t d[33][33];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

/* The candidate nearest to `word` within two edits (one for short words), or NULL. */
static const char *nearest(const char *word, const char *const *candidates, size_t count)
{
    size_t limit = strlen(word) <= 3 ? 1 : 2, best_d = limit + 1;
    const char *best = NULL;
    for (size_t i = 0; i < count; i++) {
        size_t d = edits(word, candidates[i], limit);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

enum { ON_CHECK = 1 << CMD_CHECK, ON_EVAL = 1 << CMD_EVAL, ON_EXPLAIN = 1 << CMD_EXPLAIN, ON_TEMPLATE = 1 << CMD_TEMPLATE };

typedef enum option_id {
    OPT_HELP,
    OPT_DECIMAL_COMMA,
    OPT_QUIET,
    OPT_NOTES,
    OPT_OUTPUT,
    OPT_FORMAT,
    OPT_LANG,
    OPT_UNIT,
    OPT_LIMIT,
    OPT_THREADS,
    OPT_EXPLAIN,
    OPT_STRICT,
    OPT_CHILD,
    OPT_CHILDREN,
    OPT_ORGANISATION,
    OPT_PLACE,
    OPT_DATE,
    OPT_TITLE,
    OPT_SIGNER,
    OPT_EXCEL,
    OPT_WIDTH
} option_id;

/* Every option: its short and long names, the commands that take it, and
 * for one with a value, what "needs" it says when the value is missing. */
static const struct option_def {
    option_id id;
    char short_name; /* 0: none */
    const char *long_name;
    unsigned commands;
    const char *needs; /* NULL: a flag */
} options[] = {
    {OPT_HELP, 'h', "help", ON_CHECK | ON_EVAL | ON_EXPLAIN | ON_TEMPLATE, NULL},
    {OPT_DECIMAL_COMMA, 0, "decimal-comma", ON_CHECK | ON_EVAL | ON_EXPLAIN | ON_TEMPLATE, NULL},
    {OPT_QUIET, 'q', "quiet", ON_CHECK, NULL},
    {OPT_NOTES, 0, "notes", ON_CHECK, NULL},
    {OPT_OUTPUT, 'o', "output", ON_EVAL | ON_EXPLAIN | ON_TEMPLATE, "a file name"},
    {OPT_FORMAT, 'f', "format", ON_EVAL, "a format (table, json, csv, md, html, xlsx or pdf)"},
    {OPT_LANG, 0, "lang", ON_CHECK | ON_EVAL | ON_EXPLAIN | ON_TEMPLATE, "vi or en"},
    {OPT_UNIT, 'u', "unit", ON_EXPLAIN, "a unit id"},
    {OPT_LIMIT, 0, "limit", ON_CHECK | ON_EVAL | ON_EXPLAIN | ON_TEMPLATE, "NAME=N (a limit and its value)"},
    {OPT_THREADS, 0, "threads", ON_EVAL | ON_EXPLAIN, "a number of threads (1 to 1024)"},
    {OPT_EXPLAIN, 0, "explain", ON_EVAL | ON_EXPLAIN, "how to explain conditions (words or formula)"},
    {OPT_STRICT, 0, "strict", ON_CHECK | ON_EVAL | ON_EXPLAIN, NULL},
    {OPT_CHILD, 0, "child", ON_EXPLAIN, "ROLLUP:ID (a roll-up and one of its children)"},
    {OPT_CHILDREN, 0, "children", ON_EVAL, "a roll-up id"},
    {OPT_ORGANISATION, 0, "organisation", ON_EVAL, "a line of the issuing body"},
    {OPT_PLACE, 0, "place", ON_EVAL, "a place"},
    {OPT_DATE, 0, "date", ON_EVAL, "a date (YYYY-MM-DD)"},
    {OPT_TITLE, 0, "title", ON_EVAL, "a title"},
    {OPT_SIGNER, 0, "signer", ON_EVAL, "ROLE|TITLE|NAME (a signature block)"},
    {OPT_EXCEL, 0, "excel", ON_EVAL, NULL},
    {OPT_WIDTH, 0, "width", ON_EVAL, "a number of columns (0: no limit, else at least 40)"},
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* The option `arg` names for command `cmd` ("-x", "--name" or
 * "--name=value"), with *inline_value the text after '=' (or NULL); NULL
 * when it names none. */
static const struct option_def *find_option(command cmd, const char *arg, const char **inline_value)
{
    *inline_value = NULL;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct option_def *o = &options[i];
        if (!(o->commands & (1u << cmd)))
            continue;
        if (arg[1] != '-') {
            if (o->short_name != 0 && arg[1] == o->short_name && arg[2] == '\0')
                return o;
            continue;
        }
        size_t n = strlen(o->long_name);
        if (strncmp(arg + 2, o->long_name, n) == 0 && (arg[2 + n] == '\0' || arg[2 + n] == '=')) {
            if (arg[2 + n] == '=')
                *inline_value = arg + 3 + n;
            return o;
        }
    }
    return NULL;
}

/* Says that `arg` is no option of `cmd`, with the nearest name. The caller
 * returns EXIT_USAGE itself: scan-build, which gives up following this call
 * in the loops of nearest(), would take a value returned here for 0 and
 * follow main() on with no input. */
static void unknown_option(command cmd, const char *arg)
{
    const char *names[OPTION_COUNT];
    size_t count = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (options[i].commands & (1u << cmd))
            names[count++] = options[i].long_name;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg + (arg[1] == '-' ? 2 : 1), "="),
             arg + (arg[1] == '-' ? 2 : 1));
    const char *near = strlen(word) > 1 ? nearest(word, names, count) : NULL;
    if (near != NULL) {
        char fmt[160];
        snprintf(fmt, sizeof fmt, tr("unknown option '%%s' (did you mean '--%s'?)"), near);
        usage_error(cmd, fmt, arg);
    } else {
        usage_error(cmd, "unknown option '%s'", arg);
    }
}

/* --limit NAME=N: N a positive whole number, optionally followed by K, M or
 * G (times 1024, 1024^2, 1024^3). */
static int set_limit(args *a, const char *value)
{
    size_t name_len = strcspn(value, "=");
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(name_len < sizeof name ? name_len : sizeof name - 1), value);
    size_t which = LIMIT_COUNT;
    for (size_t i = 0; i < LIMIT_COUNT; i++)
        if (strlen(limit_names[i]) == name_len && strncmp(value, limit_names[i], name_len) == 0)
            which = i;
    if (which == LIMIT_COUNT) {
        const char *near = nearest(name, limit_names, LIMIT_COUNT);
        char fmt[400];
        snprintf(fmt, sizeof fmt,
                 tr("unknown limit in '--limit %%s'%s%s%s (known: bytes, total, line, depth, nodes, keys, rows, members, "
                    "criteria, measures, expr-bytes, expr-depth, cells)"),
                 near != NULL ? tr(" (did you mean '") : "", near != NULL ? near : "", near != NULL ? tr("'?)") : "");
        return usage_error(a->cmd, fmt, value);
    }
    const char *n = value[name_len] == '=' ? value + name_len + 1 : "";
    char *end = NULL;
    errno = 0;
    unsigned long long v = (n[0] >= '0' && n[0] <= '9') ? strtoull(n, &end, 10) : 0;
    unsigned long long scale = 1;
    if (end != NULL && (*end == 'K' || *end == 'k' || *end == 'M' || *end == 'G') && end[1] == '\0') {
        scale = *end == 'G' ? 1ull << 30 : *end == 'M' ? 1ull << 20 : 1ull << 10;
        end++;
    }
    if (end == NULL || *end != '\0' || errno != 0 || v == 0 || v > SIZE_MAX / scale)
        return usage_error(a->cmd, "'--limit %s' needs a positive whole number (such as 64, 512K or 16M)",
                           value);
    a->limits[which] = (size_t)(v * scale);
    return 0;
}

/* Checks a value of the report block options as the library will take it
 * (a date that is no day, a control character), so that a bad one is a
 * usage error before anything is read. */
static int check_report_value(const args *a, const char *arg, bool signer, td_report_field field,
                              const char *value)
{
    td_cluster *probe = NULL;
    td_error e;
    td_error_clear(&e);
    td_status rc = td_cluster_new(&probe, "probe", 0, NULL, &e);
    if (rc == TD_OK)
        rc = signer ? td_cluster_add_report_signer(probe, NULL, NULL, value, &e)
                    : td_cluster_set_report_field(probe, field, value, &e);
    td_cluster_free(probe);
    if (rc == TD_ENOMEM) {
        fputs(tr("thidua: out of memory\n"), stderr);
        return EXIT_INVALID;
    }
    if (rc != TD_OK) {
        char fmt[TD_ERROR_MESSAGE_SIZE + 32];
        /* the option's name without an inline value ("--date=x" is "--date");
         * the message may hold a '%': only the first %s is the value's */
        snprintf(fmt, sizeof fmt, "%.*s '%%s': %s", (int)strcspn(arg, "=%"), arg, e.message);
        return usage_error(a->cmd, fmt, value);
    }
    return 0;
}

/* --lang VALUE: the report's language (messages_init() took the messages'). */
static int set_lang(args *a, const char *value)
{
    if (strcmp(value, "vi") == 0)
        a->lang = TD_LANG_VI;
    else if (strcmp(value, "en") == 0)
        a->lang = TD_LANG_EN;
    else
        return usage_error(a->cmd, "unknown language '%s' (expected vi or en)", value);
    return 0;
}

/* Applies option o with `value` ("" for a flag). */
static int apply_option(args *a, const struct option_def *o, const char *arg, const char *value)
{
    switch (o->id) {
    case OPT_HELP:
        fputs(command_usage(a->cmd), stdout);
        return -1;
    case OPT_DECIMAL_COMMA:
        a->decimal_comma = true;
        return 0;
    case OPT_QUIET:
        a->quiet = true;
        return 0;
    case OPT_NOTES:
        a->notes = true;
        return 0;
    case OPT_EXCEL:
        a->excel = true;
        return 0;
    case OPT_WIDTH: {
        char *end = NULL;
        errno = 0;
        unsigned long n = (value[0] >= '0' && value[0] <= '9') ? strtoul(value, &end, 10) : 0;
        if (end == NULL || *end != '\0' || errno != 0 || (n > 0 && n < 40) || n > 100000)
            return usage_error(a->cmd, "'--width %s' needs a number of columns from 40 to 100000, or 0 for no limit",
                               value);
        a->width = (long)n;
        return 0;
    }
    case OPT_OUTPUT:
        if (value[0] == '\0')
            return usage_error(a->cmd, "%s needs a file name", arg);
        a->output = value;
        return 0;
    case OPT_FORMAT:
        a->format = value;
        return 0;
    case OPT_LANG:
        return set_lang(a, value);
    case OPT_UNIT:
        a->unit = value;
        return 0;
    case OPT_CHILDREN:
        a->children = value;
        return 0;
    case OPT_CHILD:
        if (strchr(value, ':') == NULL || value[0] == ':' || strchr(value, ':')[1] == '\0')
            return usage_error(a->cmd, "--child takes ROLLUP:ID, a roll-up and one of its children (found '%s')", value);
        a->child = value;
        return 0;
    case OPT_LIMIT:
        return set_limit(a, value);
    case OPT_THREADS: {
        char *end = NULL;
        errno = 0;
        unsigned long n = (value[0] >= '0' && value[0] <= '9') ? strtoul(value, &end, 10) : 0;
        if (end == NULL || *end != '\0' || errno != 0 || n < 1 || n > 1024)
            return usage_error(a->cmd, "'--threads %s' needs a whole number of threads from 1 to 1024", value);
        a->threads = (unsigned)n;
        return 0;
    }
    case OPT_EXPLAIN:
        if (strcmp(value, "words") != 0 && strcmp(value, "formula") != 0)
            return usage_error(a->cmd, "'--explain %s': expected words or formula", value);
        a->formulas = strcmp(value, "formula") == 0;
        return 0;
    case OPT_STRICT:
        a->strict = true;
        return 0;
    case OPT_ORGANISATION:
        a->organisation[a->norganisation++] = value;
        return check_report_value(a, arg, false, TD_REPORT_FIELD_ORGANISATION, value);
    case OPT_PLACE:
        a->place = value;
        return check_report_value(a, arg, false, TD_REPORT_FIELD_PLACE, value);
    case OPT_DATE:
        a->date = value;
        return check_report_value(a, arg, false, TD_REPORT_FIELD_DATE, value);
    case OPT_TITLE:
        a->title = value;
        return check_report_value(a, arg, false, TD_REPORT_FIELD_TITLE, value);
    case OPT_SIGNER: {
        size_t bars = 0;
        for (const char *p = value; *p != '\0'; p++)
            bars += *p == '|';
        if (bars > 2)
            return usage_error(a->cmd, "'--signer %s' needs ROLE|TITLE|NAME: at most two '|'", value);
        a->signers[a->nsigners++] = value;
        return check_report_value(a, arg, true, TD_REPORT_FIELD_ORGANISATION, value);
    }
    }
    return 0;
}

/* The command named `name`, or CMD_NONE. */
static command command_named(const char *name)
{
    return strcmp(name, "check") == 0 ? CMD_CHECK : strcmp(name, "eval") == 0 ? CMD_EVAL
           : strcmp(name, "explain") == 0 ? CMD_EXPLAIN : strcmp(name, "template") == 0 ? CMD_TEMPLATE
                                                                                          : CMD_NONE;
}

static int unknown_command(const char *name)
{
    static const char *const commands[] = {"check", "eval", "explain", "template", "help"};
    const char *near = nearest(name, commands, sizeof commands / sizeof commands[0]);
    if (near != NULL) {
        char fmt[96];
        snprintf(fmt, sizeof fmt, tr("unknown command '%%s' (did you mean '%s'?)"), near);
        return usage_error(CMD_NONE, fmt, name);
    }
    return usage_error(CMD_NONE, "unknown command '%s'", name);
}

static bool is_lang(const char *arg)
{
    return strcmp(arg, "--lang") == 0 || strncmp(arg, "--lang=", 7) == 0;
}

/* Applies the --lang VALUE or --lang=VALUE at argv[*i] (before the command,
 * or with --help) and moves *i past it; 0, or a usage error's status. */
static int leading_lang(args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *value = strchr(arg, '=');
    if (value != NULL) {
        value++;
        *i += 1;
    } else if (*i + 1 < argc) {
        value = argv[*i + 1];
        *i += 2;
    } else {
        char fmt[256];
        snprintf(fmt, sizeof fmt, tr("%%s needs %s"), tr("vi or en"));
        return usage_error(CMD_NONE, fmt, arg);
    }
    return set_lang(a, value);
}

static int parse(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    a->lang = TD_LANG_VI;
    a->width = -1;
    /* --lang before the command ("thidua --lang vi --help"); messages_init() took it already */
    int first = 1;
    while (first < argc && is_lang(argv[first])) {
        int rc = leading_lang(a, argc, argv, &first);
        if (rc != 0)
            return rc;
    }
    if (first >= argc)
        return usage_error(CMD_NONE, "%s", tr("no command given"));
    const char *cmd = argv[first];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        /* "help eval" and "--help eval" alike, --lang anywhere */
        command which = CMD_NONE;
        for (int i = first + 1; i < argc;) {
            if (is_lang(argv[i])) {
                int rc = leading_lang(a, argc, argv, &i);
                if (rc != 0)
                    return rc;
            } else if (which == CMD_NONE && (which = command_named(argv[i])) == CMD_NONE) {
                return unknown_command(argv[i]);
            } else {
                i++;
            }
        }
        fputs(command_usage(which), stdout);
        return -1;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("thidua %s\n", td_version());
        return -1;
    }
    a->cmd = command_named(cmd);
    if (a->cmd == CMD_NONE && cmd[0] == '-')
        return usage_error(CMD_NONE, "unknown option '%s' (expected a command first)", cmd);
    if (a->cmd == CMD_NONE)
        return unknown_command(cmd);

    a->inputs = calloc((size_t)argc * 3, sizeof *a->inputs);
    /* one array for the three lists, each with room for every argument */
    a->organisation = a->inputs != NULL ? a->inputs + argc : NULL;
    a->signers = a->inputs != NULL ? a->inputs + 2 * (size_t)argc : NULL;
    if (a->inputs == NULL) {
        fputs(tr("thidua: out of memory\n"), stderr);
        return EXIT_INVALID;
    }
    bool options_end = false;
    for (int i = first + 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_end || arg[0] != '-' || strcmp(arg, "-") == 0) {
            a->inputs[a->ninputs++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_end = true;
            continue;
        }
        const char *value;
        const struct option_def *o = find_option(a->cmd, arg, &value);
        if (o == NULL) {
            unknown_option(a->cmd, arg);
            return EXIT_USAGE;
        }
        if (o->needs == NULL && value != NULL) {
            char fmt[96];
            snprintf(fmt, sizeof fmt, tr("--%s takes no value (found '%%s')"), o->long_name);
            return usage_error(a->cmd, fmt, arg);
        }
        if (o->needs != NULL && value == NULL) {
            if (i + 1 >= argc) {
                char fmt[256];
                snprintf(fmt, sizeof fmt, tr("%%s needs %s"), tr(o->needs));
                return usage_error(a->cmd, fmt, arg);
            }
            value = argv[++i];
        }
        /* never NULL: scan-build cannot tell from the table that an option
         * whose case reads the value is one that `needs` it */
        int rc = apply_option(a, o, arg, value != NULL ? value : "");
        if (rc != 0)
            return rc;
    }
    if (a->ninputs == 0)
        return usage_error(a->cmd, "%s", tr("no rulebook given"));
    if (a->cmd != CMD_CHECK && a->cmd != CMD_TEMPLATE && a->ninputs < 2)
        return usage_error(a->cmd, "%s", tr("no data given"));
    if (a->cmd == CMD_EXPLAIN && a->child != NULL && a->unit != NULL)
        return usage_error(a->cmd, "%s", tr("give --unit ID or --child ROLLUP:ID, not both"));
    if (a->cmd == CMD_EXPLAIN && a->child == NULL && (a->unit == NULL || a->unit[0] == '\0'))
        return usage_error(a->cmd, "%s", tr("explain needs --unit ID (or --child ROLLUP:ID)"));
    size_t stdin_inputs = 0;
    for (size_t i = 0; i < a->ninputs; i++)
        stdin_inputs += strcmp(a->inputs[i], "-") == 0;
    if (stdin_inputs > 1)
        return usage_error(a->cmd, "%s", tr("only one input can be read from standard input ('-')"));
    return 0;
}

/* a and b are equal but for the case of ASCII letters ("REPORT.JSON" is JSON too). */
static bool ascii_case_equal(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The report format: --format, else -o's extension, else table. */
static int choose_format(const args *a, td_report_format *out)
{
    if (a->cmd == CMD_EXPLAIN) {
        *out = TD_REPORT_FORMAT_EXPLAIN;
        return 0;
    }
    if (a->format != NULL) {
        td_error e;
        if (td_report_format_parse(out, a->format, &e) != TD_OK || *out == TD_REPORT_FORMAT_EXPLAIN)
            return usage_error(a->cmd, "unknown format '%s' (expected table, json, csv, md, html, xlsx, pdf or statuses)",
                               a->format);
    }
    /* the extension of -o FILE: the format when none is given, and it must
     * not say another one (report.pdf holding a text table would mislead) */
    const char *dot = a->output != NULL && strcmp(a->output, "-") != 0 ? strrchr(a->output, '.') : NULL;
    const char *slash = a->output != NULL ? strrchr(a->output, '/') : NULL;
    if (dot == NULL || dot == a->output || (slash != NULL && dot < slash) || dot[-1] == '/') {
        if (a->format == NULL)
            *out = TD_REPORT_FORMAT_TABLE;
        return 0;
    }
    static const struct {
        const char *ext;
        td_report_format format;
    } exts[] = {{".json", TD_REPORT_FORMAT_JSON}, {".csv", TD_REPORT_FORMAT_CSV},   {".md", TD_REPORT_FORMAT_MD},
                {".markdown", TD_REPORT_FORMAT_MD}, {".html", TD_REPORT_FORMAT_HTML}, {".htm", TD_REPORT_FORMAT_HTML},
                {".xlsx", TD_REPORT_FORMAT_XLSX},   {".txt", TD_REPORT_FORMAT_TABLE},   {".pdf", TD_REPORT_FORMAT_PDF}};
    size_t found = sizeof exts / sizeof exts[0];
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ascii_case_equal(dot, exts[i].ext))
            found = i;
    if (found == sizeof exts / sizeof exts[0]) {
        if (a->format != NULL)
            return 0; /* an extension of the user's own (report.out) with a format given */
        return usage_error(a->cmd,
                           "the output '%s' has an extension no report format uses (.txt, .json, .csv, .md, "
                           ".html, .xlsx, .pdf); give --format, or another name",
                           a->output);
    }
    if (*out == TD_REPORT_FORMAT_STATUSES && a->format != NULL && exts[found].format == TD_REPORT_FORMAT_CSV)
        return 0; /* statuses are CSV */
    if (a->format != NULL && *out != exts[found].format) {
        char fmt[320];
        snprintf(fmt, sizeof fmt, tr("--format %s conflicts with the extension of the output '%%s'"), a->format);
        return usage_error(a->cmd, fmt, a->output);
    }
    *out = exts[found].format;
    return 0;
}

/* true when `output` names the same file as one of the inputs (so writing would destroy it). */
static bool output_is_an_input(const args *a)
{
    struct stat out;
    if (a->output == NULL || strcmp(a->output, "-") == 0 || stat(a->output, &out) != 0)
        return false;
    for (size_t i = 0; i < a->ninputs; i++) {
        struct stat in;
        if (strcmp(a->inputs[i], "-") != 0 && stat(a->inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            return true;
    }
    return false;
}

/* ---- loading ----------------------------------------------------------------- */

/* The loaders' largest document when --limit bytes is not given (io.h). */
#define STDIN_DEFAULT_MAX ((size_t)256 << 20)

/* Standard input, whole, into malloc'd memory (NUL-terminated); NULL with
 * *e saying why: TD_EIO, or TD_ELIMIT as soon as it passes `max` bytes,
 * so that an endless input is refused without being kept. */
static char *read_stdin(size_t *len, size_t max, td_error *e)
{
    if (max == 0)
        max = STDIN_DEFAULT_MAX;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    const char *why = NULL;
    td_status code = TD_EIO;
    while (buf != NULL && why == NULL) {
        if (n == cap) {
            char *more = realloc(buf, cap * 2);
            if (more == NULL) {
                why = "out of memory";
                break;
            }
            buf = more;
            cap *= 2;
        }
        size_t want = cap - n;
        if (want > 1 && max - n < want - 1)
            want = max - n + 1; /* one byte more than the limit tells it is passed */
        size_t got = fread(buf + n, 1, want, stdin);
        n += got;
        if (n > max) {
            code = TD_ELIMIT;
            why = "too large";
        } else if (got == 0 && ferror(stdin)) {
            why = strerror(errno);
        } else if (got == 0) {
            break;
        }
    }
    if (buf == NULL)
        why = "out of memory";
    if (why != NULL) {
        free(buf);
        td_error_clear(e);
        e->code = code;
        snprintf(e->file, sizeof e->file, "<stdin>");
        if (code == TD_ELIMIT)
            snprintf(e->message, sizeof e->message,
                     "standard input is larger than the limit of %zu bytes (--limit bytes)", max);
        else
            snprintf(e->message, sizeof e->message, "cannot read standard input: %s", why);
        return NULL;
    }
    *len = n;
    return buf;
}

static td_status load_rulebook(const char *path, const td_load_options *o, td_rulebook **out, td_error *e)
{
    if (strcmp(path, "-") != 0)
        return td_rulebook_load_file(out, path, o, e);
    size_t len = 0;
    char *text = read_stdin(&len, o->max_bytes, e);
    if (text == NULL)
        return e->code;
    td_status rc = td_rulebook_load_string(out, text, len, "<stdin>", o, e);
    free(text);
    return rc;
}

static td_status load_data(td_dataset *ds, const char *path, size_t max_bytes, td_error *e)
{
    if (strcmp(path, "-") != 0)
        return td_dataset_add_file(ds, path, e);
    size_t len = 0;
    char *text = read_stdin(&len, max_bytes, e);
    if (text == NULL)
        return e->code;
    td_status rc = td_dataset_add_string(ds, text, len, "<stdin>", TD_DOC_FORMAT_AUTO, e);
    free(text);
    return rc;
}

/* How messages name an input: standard input as the loaders name it. */
static const char *input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Prints a warning (or a note) on standard error as FILE:LINE:COL: warning:
 * message [code] (`fallback` names one without a file). */
static void print_remark(const td_warning *w, const char *fallback, const char *kind)
{
    put_shown(stderr, w->file[0] != '\0' ? w->file : fallback != NULL ? fallback : "thidua");
    if (w->file[0] != '\0' && w->line > 0)
        fprintf(stderr, ":%u:%u", w->line, w->column);
    fprintf(stderr, ": %s: %s [%s]\n", kind, w->message, w->code);
}

static void print_warning(const td_warning *w, const char *fallback)
{
    print_remark(w, fallback, "warning");
}

/* Prints the warnings of the one of rb, cl and res that is not NULL (the
 * rulebook's, the data's or the result's); returns how many. */
static size_t print_warnings(const td_rulebook *rb, const td_cluster *cl, const td_result *res,
                             const char *fallback)
{
    size_t n = rb != NULL ? td_rulebook_warning_count(rb)
               : cl != NULL ? td_cluster_warning_count(cl)
                            : td_result_warning_count(res);
    td_warning w;
    for (size_t i = 0; i < n; i++)
        if (rb != NULL ? td_rulebook_warning(&w, rb, i)
            : cl != NULL ? td_cluster_warning(&w, cl, i)
                         : td_result_warning(&w, res, i))
            print_warning(&w, fallback);
    return n;
}

/* With --strict, any warning fails the command: says so. */
static bool strict_fails(const args *a, size_t warnings)
{
    if (!a->strict || warnings == 0)
        return false;
    fprintf(stderr, tr("thidua: %zu warning(s), and --strict makes warnings errors\n"), warnings);
    return true;
}

/* The exit status of a failure: 3 when an input went beyond a limit. */
static int failure(const td_error *e)
{
    return e->code == TD_ELIMIT ? EXIT_LIMIT : EXIT_INVALID;
}

static td_status out_of_memory(td_error *e)
{
    td_error_clear(e);
    e->code = TD_ENOMEM;
    snprintf(e->message, sizeof e->message, "out of memory");
    return TD_ENOMEM;
}

/* The report block options, over the data's: each option given replaces
 * the data's field (all the organisation's lines, all the signers). */
static td_status set_report_block(const args *a, td_cluster *cl, td_error *e)
{
    td_status rc = TD_OK;
    if (a->norganisation > 0) {
        size_t len = 1;
        for (size_t i = 0; i < a->norganisation; i++)
            len += strlen(a->organisation[i]) + 1;
        char *lines = malloc(len), *at = lines;
        if (lines == NULL)
            return out_of_memory(e);
        *at = '\0';
        /* empty lines are left out: '--organisation ""' alone removes the data's */
        for (size_t i = 0; i < a->norganisation; i++)
            if (a->organisation[i][0] != '\0')
                at += sprintf(at, "%s%s", at == lines ? "" : "\n", a->organisation[i]);
        rc = td_cluster_set_report_field(cl, TD_REPORT_FIELD_ORGANISATION, lines, e);
        free(lines);
    }
    const char *fields[] = {a->place, a->date, a->title};
    const td_report_field which[] = {TD_REPORT_FIELD_PLACE, TD_REPORT_FIELD_DATE, TD_REPORT_FIELD_TITLE};
    for (size_t i = 0; rc == TD_OK && i < 3; i++)
        if (fields[i] != NULL)
            rc = td_cluster_set_report_field(cl, which[i], fields[i], e);
    if (a->nsigners > 0)
        td_cluster_clear_report_signers(cl);
    for (size_t i = 0; rc == TD_OK && i < a->nsigners; i++) {
        /* NAME, TITLE|NAME or ROLE|TITLE|NAME; an empty value is no block */
        const char *v = a->signers[i];
        if (v[0] == '\0')
            continue;
        char *copy = strdup(v);
        if (copy == NULL)
            return out_of_memory(e);
        char *parts[3] = {copy, NULL, NULL};
        size_t n = 1;
        for (char *bar; n < 3 && (bar = strchr(parts[n - 1], '|')) != NULL; n++) {
            *bar = '\0';
            parts[n] = bar + 1;
        }
        const char *role = n == 3 ? parts[0] : "", *title = n >= 2 ? parts[n - 2] : "", *name = parts[n - 1];
        rc = td_cluster_add_report_signer(cl, role, title, name, e);
        free(copy);
    }
    return rc;
}

/* Loads, checks and evaluates. On failure prints the error and returns
 * EXIT_INVALID (EXIT_LIMIT for an input beyond a limit). */
static int evaluate(const args *a, td_rulebook **rb, td_result **res, td_cluster **keep)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.decimal_comma = a->decimal_comma;
    o.max_bytes = a->limits[LIMIT_BYTES];
    o.max_depth = a->limits[LIMIT_DEPTH];
    o.max_nodes = a->limits[LIMIT_NODES];
    o.max_line_bytes = a->limits[LIMIT_LINE];
    o.expr_max_bytes = a->limits[LIMIT_EXPR_BYTES];
    o.expr_max_depth = a->limits[LIMIT_EXPR_DEPTH];
    o.max_total_bytes = a->limits[LIMIT_TOTAL];
    o.max_keys = a->limits[LIMIT_KEYS];
    o.max_rows = a->limits[LIMIT_ROWS];
    o.max_members = a->limits[LIMIT_MEMBERS];
    o.max_criteria = a->limits[LIMIT_CRITERIA];
    o.max_measures = a->limits[LIMIT_MEASURES];
    td_error e;
    td_error_clear(&e);
    if (load_rulebook(a->inputs[0], &o, rb, &e) != TD_OK) {
        print_error(&e, input_name(a->inputs[0]));
        return failure(&e);
    }
    size_t warnings = print_warnings(*rb, NULL, NULL, input_name(a->inputs[0]));
    /* check --notes says what is harmless too: keys written with their default value */
    for (size_t i = 0; a->cmd == CMD_CHECK && a->notes && !a->quiet && i < td_rulebook_note_count(*rb); i++) {
        td_warning w;
        if (td_rulebook_note(&w, *rb, i))
            print_remark(&w, input_name(a->inputs[0]), "note");
    }
    if (a->ninputs < 2)
        return strict_fails(a, warnings) ? EXIT_INVALID : EXIT_OK;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    int status = EXIT_INVALID;
    const char *data_name = a->ninputs == 2 ? input_name(a->inputs[1]) : NULL;
    if (td_dataset_new(&ds, &o, &e) != TD_OK) {
        print_error(&e, NULL);
        goto done;
    }
    for (size_t i = 1; i < a->ninputs; i++)
        if (load_data(ds, a->inputs[i], o.max_bytes, &e) != TD_OK) {
            print_error(&e, input_name(a->inputs[i]));
            goto done;
        }
    if (td_dataset_to_cluster(&cl, ds, *rb, &e) != TD_OK) {
        print_error(&e, data_name);
        goto done;
    }
    /* the cluster stands alone: the documents' records go before evaluating */
    td_dataset_free(ds);
    ds = NULL;
    if (set_report_block(a, cl, &e) != TD_OK) {
        print_error(&e, "thidua");
        goto done;
    }
    warnings += print_warnings(NULL, cl, NULL, data_name);
    /* check lists what it did not read: member tables' ignored columns (1.1) */
    for (size_t i = 0; a->cmd == CMD_CHECK && !a->quiet && i < td_cluster_note_count(cl); i++) {
        td_warning w;
        if (td_cluster_note(&w, cl, i))
            print_remark(&w, data_name, "note");
    }
    if (strict_fails(a, warnings)) {
        e.code = TD_ERROR; /* exit 1 */
        goto done;
    }
    if (keep != NULL) { /* template: the members are all it needs */
        *keep = cl;
        cl = NULL;
        status = EXIT_OK;
        goto done;
    }
    td_eval_options eval_opts = TD_EVAL_OPTIONS_INIT;
    eval_opts.threads = a->threads > 0 ? a->threads : 1;
    eval_opts.formulas = a->formulas;
    eval_opts.max_cells = a->limits[LIMIT_CELLS];
    /* the criteria's texts are rendered as the report reaches them, and
     * not kept (td_result_criterion_explain_to()); check shows no text of
     * the result, only whether it was made (the texts were most of its
     * memory: 1.8 KB a member of 4 criteria) */
    eval_opts.explain = a->cmd == CMD_CHECK ? TD_EXPLAIN_NONE : TD_EXPLAIN_ON_DEMAND;
    /* the roll-ups' children are shown one by one only by explain --child
     * and eval --children: else their numbers are all the reports read */
    eval_opts.children_numbers_only = a->child == NULL && a->children == NULL;
    if (td_evaluate(res, *rb, cl, &eval_opts, &e) != TD_OK) {
        print_error(&e, data_name);
        goto done;
    }
    /* and so does the result: the cluster goes before the reports are made */
    td_cluster_free(cl);
    cl = NULL;
    warnings += print_warnings(NULL, NULL, *res, input_name(a->inputs[0]));
    if (strict_fails(a, warnings)) {
        td_result_free(*res);
        *res = NULL;
        e.code = TD_ERROR; /* exit 1 */
        goto done;
    }
    status = EXIT_OK;
done:
    if (status != EXIT_OK)
        status = failure(&e);
    td_cluster_free(cl);
    td_dataset_free(ds);
    return status;
}

/* ---- commands ---------------------------------------------------------------- */

static int run_check(const args *a, const td_rulebook *rb, const td_result *res)
{
    if (a->quiet)
        return EXIT_OK;
    printf(tr("%s: rulebook '%s' is valid: %zu section(s), %zu criteria, "), input_name(a->inputs[0]),
           td_rulebook_id(rb), td_rulebook_section_count(rb), td_rulebook_criterion_count(rb));
    if (td_rulebook_node_count(rb) > 0) /* 1.1 nested criteria */
        printf(tr("%zu group(s) of criteria, "), td_rulebook_node_count(rb));
    /* rulebook 1.1's inputs and parameters, named when there are some */
    for (size_t i = 0, n = td_rulebook_input_count(rb); i < n; i++)
        printf("%s%s%s", i == 0 ? tr("inputs ") : ", ", td_rulebook_input_id(rb, i), i + 1 == n ? "; " : "");
    for (size_t i = 0, n = td_rulebook_parameter_count(rb); i < n; i++) {
        char value[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(value, sizeof value, td_rulebook_parameter_value(rb, i));
        printf("%s%s = %s%s", i == 0 ? tr("parameters ") : ", ", td_rulebook_parameter_id(rb, i), value,
               i + 1 == n ? "; " : "");
    }
    /* rulebook 1.1 roll-ups: each with its child rulebook and measures */
    for (size_t i = 0, n = td_rulebook_rollup_count(rb); i < n; i++)
        printf(tr("%sroll-up %s (rulebook '%s', %zu measure(s))%s"), i == 0 ? "" : ", ", td_rulebook_rollup_id(rb, i),
               td_rulebook_id(td_rulebook_rollup_child(rb, i)), td_rulebook_rollup_measure_count(rb, i),
               i + 1 == n ? "; " : "");
    printf(tr("%zu award(s)\n"), td_rulebook_award_count(rb));
    for (size_t r = 0, n = res != NULL ? td_result_rollup_count(res) : 0; r < n; r++)
        printf(tr("roll-up '%s': %zu child(ren) evaluated\n"), td_rulebook_rollup_id(rb, r),
               td_result_member_count(td_result_rollup_children(res, r)));
    if (res != NULL)
        printf(tr("cluster '%s', period %lld: %zu member(s) evaluated without error\n"),
               td_result_cluster_id(res),
               (long long)td_result_period(res), td_result_member_count(res));
    return EXIT_OK;
}

/* explain --unit naming no member is a usage error: say which units there are. */
static int unknown_unit(const args *a, const td_result *res)
{
    fputs(tr("thidua: unit '"), stderr);
    put_shown(stderr, a->unit);
    fprintf(stderr, tr("' is not a member of cluster '%s' (members:"), td_result_cluster_id(res));
    for (size_t i = 0; i < td_result_member_count(res); i++)
        fprintf(stderr, " %s", td_result_member_unit(res, i));
    fprintf(stderr, ")\n");
    return EXIT_USAGE;
}

/* The width of the table: --width, else when the report goes to a
 * terminal its width ($COLUMNS, else the terminal's own; at least 40),
 * else 0 (no limit: a file or a pipe gets the same bytes wherever it runs). */
static unsigned terminal_width(const args *a)
{
    if (a->width >= 0)
        return (unsigned)a->width;
    bool to_stdout = a->output == NULL || strcmp(a->output, "-") == 0 || strcmp(a->output, "/dev/stdout") == 0;
    if (!to_stdout || !isatty(STDOUT_FILENO))
        return 0;
    unsigned long cols = 0;
    const char *env = getenv("COLUMNS");
    if (env != NULL && env[0] >= '1' && env[0] <= '9') {
        char *end = NULL;
        errno = 0;
        cols = strtoul(env, &end, 10);
        if (*end != '\0' || errno != 0 || cols > 100000)
            cols = 0;
    }
    struct winsize ws;
    if (cols == 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        cols = ws.ws_col;
    if (cols == 0)
        return 0; /* a terminal that does not say: no limit */
    return cols < 40 ? 40 : (unsigned)cols;
}

/* Renders the report and writes it where -o says (output.c: a regular file
 * replaced atomically, or standard output). */
/* td_report_write()'s sink: the output, and the errno value that stopped it. */
typedef struct report_sink {
    output *out;
    int errnum;
} report_sink;

static int to_output(void *ctx, const void *bytes, size_t len)
{
    report_sink *s = ctx;
    return s->errnum = output_write(s->out, bytes, len);
}

static int run_report(const args *a, td_report_format format, const td_result *res, output *out)
{
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = a->lang;
    o.unit = a->unit;
    o.excel = a->excel;
    if (format == TD_REPORT_FORMAT_TABLE)
        o.width = terminal_width(a);
    char rollup[128];
    if (a->child != NULL || a->children != NULL) {
        /* explain --child ROLLUP:ID: the child in its roll-up's own result;
         * eval --children ROLLUP: that result */
        const char *id = a->child != NULL ? a->child : a->children;
        size_t len = a->child != NULL ? (size_t)(strchr(a->child, ':') - a->child) : strlen(a->children), r = 0;
        snprintf(rollup, sizeof rollup, "%.*s", (int)(len < sizeof rollup ? len : sizeof rollup - 1), id);
        const td_rulebook *rb = td_result_rulebook(res);
        while (r < td_result_rollup_count(res) && strcmp(td_rulebook_rollup_id(rb, r), rollup) != 0)
            r++;
        if (r == td_result_rollup_count(res)) {
            fprintf(stderr, tr("thidua: rulebook '%s' has no roll-up '%s' (roll-ups:"), td_rulebook_id(rb), rollup);
            for (size_t i = 0; i < td_result_rollup_count(res); i++)
                fprintf(stderr, " %s", td_rulebook_rollup_id(rb, i));
            fprintf(stderr, "%s)\n", td_result_rollup_count(res) == 0 ? tr(" none") : "");
            return EXIT_USAGE;
        }
        res = td_result_rollup_children(res, r);
        if (a->child != NULL)
            o.unit = a->child + len + 1;
    }
    td_error e;
    td_error_clear(&e);
    if (!output_begin(out))
        return EXIT_INVALID;
    /* xlsx is assembled in a scratch file of the library's: a signal waits until it is removed */
    bool scratch = format == TD_REPORT_FORMAT_XLSX;
    if (scratch)
        output_hold_signals(true);
    /* the report goes out as it is made: most formats are never whole in memory */
    report_sink sink = {out, 0};
    td_status rc = td_report_write(res, format, &o, to_output, &sink, &e);
    if (scratch)
        output_hold_signals(false);
    if (rc != TD_OK && sink.errnum != 0) {
        output_stopped(out, sink.errnum);
        return EXIT_INVALID;
    }
    if (rc != TD_OK) {
        output_abort(out);
        /* the library finds the unit, comparing ids after NFC */
        if (e.code == TD_ENOTFOUND && a->cmd == CMD_EXPLAIN && a->child != NULL) {
            fprintf(stderr, tr("thidua: roll-up '%s' has no child '%s'\n"), rollup, o.unit);
            return EXIT_USAGE;
        }
        if (e.code == TD_ENOTFOUND && a->cmd == CMD_EXPLAIN)
            return unknown_unit(a, res);
        print_error(&e, out->to_file ? a->output : NULL);
        return failure(&e);
    }
    return output_finish(out, NULL, 0) ? EXIT_OK : EXIT_INVALID;
}

/* template: the input workbook for the rulebook and (if given) the cluster's members. */
static int run_template(const args *a, const td_rulebook *rb, const td_cluster *cl, output *out)
{
    td_error e;
    td_error_clear(&e);
    if (!output_begin(out))
        return EXIT_INVALID;
    char *bytes = NULL;
    size_t len = 0;
    output_hold_signals(true); /* the library's scratch file is removed before a signal acts */
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = a->lang;
    td_status rc = td_template_render(&bytes, &len, rb, cl, &o, &e);
    output_hold_signals(false);
    if (rc != TD_OK) {
        output_abort(out);
        print_error(&e, out->to_file ? a->output : NULL);
        return failure(&e);
    }
    bool ok = output_finish(out, bytes, len);
    td_free(bytes);
    return ok ? EXIT_OK : EXIT_INVALID;
}

int main(int argc, char **argv)
{
    messages_init(argc, argv);
    args a;
    int status = parse(argc, argv, &a);
    if (status != 0) {
        free(a.inputs);
        return status < 0 ? EXIT_OK : status;
    }
    if (output_is_an_input(&a)) {
        free(a.inputs);
        return usage_error(a.cmd, "the output '%s' is one of the inputs", a.output);
    }
    td_report_format format = TD_REPORT_FORMAT_TABLE;
    if (a.cmd == CMD_TEMPLATE) {
        size_t n = a.output != NULL ? strlen(a.output) : 0;
        if (a.output == NULL ? isatty(STDOUT_FILENO)
                             : strcmp(a.output, "-") != 0 && (n < 5 || !ascii_case_equal(a.output + n - 5, ".xlsx"))) {
            free(a.inputs);
            return usage_error(a.cmd, "%s", tr("template writes an xlsx workbook: give -o FILE.xlsx"));
        }
        format = TD_REPORT_FORMAT_XLSX;
    } else if (a.cmd != CMD_CHECK && (status = choose_format(&a, &format)) != 0) {
        free(a.inputs);
        return status;
    }
    if (a.excel && format != TD_REPORT_FORMAT_CSV) {
        free(a.inputs);
        return usage_error(a.cmd, "--excel is a flavour of CSV, not of %s: give --format csv (or -o FILE.csv)",
                           td_report_format_name(format));
    }
    if (format == TD_REPORT_FORMAT_XLSX && (a.output == NULL) && isatty(STDOUT_FILENO)) {
        free(a.inputs);
        return usage_error(a.cmd, "%s",
                           tr("xlsx is a binary file: give -o FILE.xlsx (or -o - to write it anyway)"));
    }
    if (format == TD_REPORT_FORMAT_PDF && (a.output == NULL) && isatty(STDOUT_FILENO)) {
        free(a.inputs);
        return usage_error(a.cmd, "%s", tr("pdf is a binary file: give -o FILE.pdf (or -o - to write it anyway)"));
    }
    output out;
    if (a.cmd != CMD_CHECK && !output_prepare(&out, a.output)) {
        output_free(&out);
        free(a.inputs);
        return EXIT_INVALID;
    }
    td_rulebook *rb = NULL;
    td_result *res = NULL;
    td_cluster *cl = NULL;
    status = evaluate(&a, &rb, &res, a.cmd == CMD_TEMPLATE ? &cl : NULL);
    if (status == EXIT_OK && a.cmd == CMD_TEMPLATE)
        status = run_template(&a, rb, cl, &out);
    else if (status == EXIT_OK)
        status = a.cmd == CMD_CHECK ? run_check(&a, rb, res) : run_report(&a, format, res, &out);
    td_cluster_free(cl);
    if (a.cmd != CMD_CHECK)
        output_free(&out);
    td_result_free(res);
    td_rulebook_free(rb);
    free(a.inputs);
    return status;
}
