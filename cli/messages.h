/*
 * The command line's own messages in English and Vietnamese: usage errors,
 * help, `check`'s summary, what -o refuses. One catalogue (messages.c) of
 * English text and its Vietnamese, looked up by the English text, so that
 * main.c and output.c keep writing English and say tr("...") where a
 * message is shown. Errors, warnings and notes from the library stay as the
 * library writes them (English).
 *
 * The language: --lang vi|en on the command line (anywhere before "--"),
 * else the locale: the first of LC_ALL, LC_MESSAGES and LANG that is set
 * and not empty; one starting with "vi" (vi_VN.UTF-8) is Vietnamese, any
 * other (C, POSIX, en_US.UTF-8, none at all) English. docs/cli.md, "Language".
 */
#ifndef THIDUA_CLI_MESSAGES_H
#define THIDUA_CLI_MESSAGES_H

#include <stdbool.h>

/* Chooses the language of the messages from the locale and argv's --lang;
 * call once, first. */
void messages_init(int argc, char **argv);

/* true when the messages are in Vietnamese. */
bool messages_vietnamese(void);

/* `english` in the messages' language: itself in English, and in
 * Vietnamese the catalogue's translation (`english` itself when the
 * catalogue has none: tests/cli/check_messages.py fails for any tr()
 * whose text is missing). */
const char *tr(const char *english);

/* The help of a command (0: thidua itself, 1 check, 2 eval, 3 explain, 4 template) in
 * the messages' language; `english` is the English help. */
const char *usage_text(int which, const char *english);

#endif
