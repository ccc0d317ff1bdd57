#!/usr/bin/env python3
"""Checks that the reports' wording lives in the report phrase catalogue.

    check_report_phrases.py SOURCE_DIR    check lib/report of the tree at SOURCE_DIR
    check_report_phrases.py --self-test   prove that each check catches what it should

1. No string literal in lib/report outside the catalogue
   (report_phrases.c) contains a letter beyond ASCII: Vietnamese text
   belongs in the catalogue. Symbols (– — · …) may stay: they read the
   same in both languages.
2. The writers never choose a text by language: TD_LANG_VI and TD_LANG_EN
   appear only in report.c (which checks the options) and in the
   catalogue. `lang == TD_LANG_EN ? "period" : "năm"` is a phrase.
3. The human formats (table, Markdown, explain, HTML/SVG, xlsx) hold no
   English words in their literals but the vocabulary of the formats
   themselves: HTML and SVG markup, the style sheet, colours, xlsx number
   formats and column alignments. Error messages (td_error_set*) stay
   English, where they are raised; report.c (format names, errors) and the
   JSON and CSV writers (whose keys are the contract's, the same in every
   language) are not human text.
4. The format of every printf-like call in lib/report is a string literal,
   so a phrase is always text, never a format (a '%' in a phrase is a
   percent sign: "Tỷ lệ (%)").
5. Every phrase id used is in the catalogue, and every phrase is used.

The catalogue's own checks (both texts, order, not formats, no repeats)
are tests/report/test_report_phrases.c. Python standard library only.
"""
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import c_source  # noqa: E402
from c_source import STRING, calls, line_of, literal_value, strip_comments, tokens  # noqa: E402

CATALOGUE = "report_phrases.c"
LANGUAGE_FILES = ("report.c", "report_phrases.c", "report_phrases.h")
NOT_HUMAN_TEXT = ("report.c", "report_json.c", "report_csv.c", CATALOGUE)
ERROR_CALLS = r"td_error_\w+"
# printf-like functions and the index of their format argument
FORMAT_CALLS = {"td_buf_appendf": 1, "td_buf_vappendf": 1, "td_report__grid_setf": 3,
                "td_error_set": 2, "td_error_set_at": 5, "td_error_prefix": 2, "td_error_append": 1,
                "snprintf": 2, "vsnprintf": 2}
# words of the formats, not of a language
FORMAT_WORDS = {"General"}
def is_definition(args):
    """A declaration or definition of the function, not a call."""
    return bool(args) and re.match(r"(const\s+)?\w+\s*\*", args[0]) is not None and " " in args[0]


def catalogue(text):
    """{phrase id: (vi, en)} read from report_phrases.c."""
    return c_source.catalogue(text, "TD_RP")


def markup_free(value):
    """A literal's text without what HTML, SVG and CSS need in any language:
    tags (also cut off at either end of the literal), entities, hex colours,
    CSS rules and selectors, printf conversions."""
    v = re.sub(r"<[^<>]*>", " ", value)
    v = re.sub(r"^[^<>]*>", " ", v)       # the end of a tag begun in an earlier literal
    v = re.sub(r"<[^<>]*$", " ", v)       # a tag the next literal ends
    v = re.sub(r"&\w+;", " ", v)
    v = re.sub(r"%[-+ #0-9.*]*(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGaAcsp%]", " ", v)
    v = re.sub(r"#[0-9a-fA-F]{3,8}\b", " ", v)
    while True:  # CSS rules, selector { declarations }, innermost first (@media holds rules)
        v, n = re.subn(r"[^{}]*\{[^{}]*\}", " ", v)
        if n == 0:
            return v


def literals(text):
    """(offset, [string tokens]) of each string literal as C sees it: adjacent
    literals, separated by nothing but space and comments, are one."""
    run, at = [], 0
    for kind, piece, offset in tokens(text):
        if kind == "string":
            if not run:
                at = offset
            run.append(piece)
        elif kind == "comment" or (kind == "code" and piece.strip() == ""):
            continue
        elif run:
            yield at, run
            run = []
    if run:
        yield at, run


def check_literals(name, text, human):
    """Checks 1, 2 and (for a human format) 3 on one file."""
    problems = []
    code = strip_comments(text)
    skip = []  # error messages: English, where they are raised
    for _, _, args, spans in calls(code, ERROR_CALLS):
        if not is_definition(args):
            skip.append((spans[0][0], spans[-1][1]))
    for at, run in literals(text):
        before = len(problems)
        for piece in run:
            letters = [c for c in literal_value(piece) if ord(c) >= 0x80 and unicodedata.category(c)[0] in "LM"]
            if letters:
                problems.append(f"{name}:{line_of(text, at)}: string {piece} holds report text "
                                f"('{''.join(letters)}'): put it in lib/report/{CATALOGUE}")
        if not human or len(problems) > before or any(a <= at < b for a, b in skip):
            continue
        for word in re.findall(r"[A-Za-z]{2,}", markup_free("".join(literal_value(p) for p in run))):
            if word not in FORMAT_WORDS and not re.fullmatch(r"[lrc]+", word):
                shown = run[0] if len(run) == 1 else run[0] + " ..."
                problems.append(f"{name}:{line_of(text, at)}: string {shown} holds the word '{word}': "
                                f"report wording belongs in lib/report/{CATALOGUE}")
                break
    if name not in LANGUAGE_FILES:
        for m in re.finditer(r"\bTD_LANG_(?:VI|EN)\b", code):
            problems.append(f"{name}:{line_of(code, m.start())}: {m.group(0)}: a writer does not test the "
                            f"language; what differs by language is a phrase (td_report__text)")
    return problems


def check_formats(name, text):
    """Check 4 on one file."""
    problems = []
    code = strip_comments(text)
    for at, fn, args, _ in calls(code, "|".join(FORMAT_CALLS)):
        if is_definition(args):
            continue
        k = FORMAT_CALLS[fn]
        if fn.startswith(("v", "td_buf_v")) and k < len(args) and args[k] == "fmt":
            continue  # a printf-like function passing on its caller's format (checked at the caller)
        if k >= len(args) or not re.fullmatch(r"(?:" + STRING + r"\s*)+", args[k]):
            shown = args[k] if k < len(args) else "nothing"
            problems.append(f"{name}:{line_of(code, at)}: {fn}() takes its format from {shown}: "
                            f"a format is a string literal (a phrase is text: pass it to \"%s\")")
    return problems


def check_uses(sources, phrases):
    """Check 5 on {file name: text} against the catalogue."""
    problems, used = [], set()
    for name, text in sorted(sources.items()):
        code = strip_comments(text)
        for m in re.finditer(r"\bTD_RP_\w+", code):
            pid = m.group(0)
            if pid == "TD_RP_COUNT":
                continue
            if pid not in phrases:
                problems.append(f"{name}:{line_of(code, m.start())}: {pid} is not in the catalogue")
                continue
            used.add(pid)
    for pid in sorted(set(phrases) - used):
        problems.append(f"{CATALOGUE}: {pid} is never used")
    return problems


def check_tree(root):
    folder = os.path.join(root, "lib", "report")
    read = lambda n: open(os.path.join(folder, n), encoding="utf-8").read()
    phrases = catalogue(read(CATALOGUE))
    if len(phrases) < 10:
        return [f"{CATALOGUE}: read only {len(phrases)} phrases; has the table's layout changed?"]
    names = sorted(n for n in os.listdir(folder) if n.endswith((".c", ".h")))
    problems = []
    for n in names:
        if n == CATALOGUE:
            continue
        problems += check_literals(n, read(n), human=n not in NOT_HUMAN_TEXT)
        problems += check_formats(n, read(n))
    sources = {n: read(n) for n in names if n.endswith(".c") and n != CATALOGUE}
    return problems + check_uses(sources, phrases)


def self_test():
    """Each check, shown a file that breaks it, reports it; clean code passes."""
    phrases = catalogue('const td_report_phrase_entry t[] = {\n'
                        '    {TD_RP_A, {"Hạng", "Rank"}},\n'
                        '    /* a comment {TD_RP_Z, {"x", "y"}} */\n'
                        '    {TD_RP_B, {"Tỷ lệ (%)",\n'
                        '               "Attainment (%)"}},\n'
                        '    {TD_RP_C, {"\\"và\\"", "\\"and\\""}},\n};\n')
    assert phrases == {"TD_RP_A": ("Hạng", "Rank"), "TD_RP_B": ("Tỷ lệ (%)", "Attainment (%)"),
                       "TD_RP_C": ('"và"', '"and"')}, phrases
    assert literal_value(r'"\xe2\x94\x80 \"q\""') == '─ "q"'
    clean = ('#include "report_internal.h"\n'
             '/* Hạng: comments may say anything */\n'
             'static const char style[] = "<style>\\n"\n'
             '    "td.n{white-space:nowrap;color:#5f6b7a}\\n"\n'
             '    "@media print{body{padding:0}h2{break-after:avoid}}\\n"\n'
             '    ".badge{display:inline-block;"\n'
             '    "white-space:nowrap}\\n";\n'
             'static void f(td_buf *b, td_lang lang, grid *g) {\n'
             '    td_buf_appendf(b, ", %s %lld", td_report__text(lang, TD_RP_A), y);\n'
             '    td_buf_append(b, "<tr class=\\"sum\\"><td>");\n'
             '    td_buf_append(b, " · – … — ");\n'
             '    td_report__grid_setf(g, r, 0, "%zu/%zu", a, n);\n'
             '    text(td_report__text(lang, x ? TD_RP_B : TD_RP_C));\n'
             '    fmt(b, "General", "clllr");\n'
             '    return td_error_set(err, TD_EIO, "cannot write the workbook \'%s\'", s);\n}\n')
    for check, got in (("literals", check_literals("clean.c", clean, True)),
                       ("formats", check_formats("clean.c", clean)),
                       ("uses", check_uses({"clean.c": clean}, phrases))):
        assert got == [], (check, got)
    bad = {
        'td_buf_appendf(b, ", %s %lld", lang == TD_LANG_EN ? "period" : "năm", y);':
            ("literal", "holds report text ('ă')"),
        'td_buf_append(b, "Đạt");': ("literal", "holds report text"),
        'td_buf_append(b, "\\xc4\\x90\\xe1\\xba\\xa1t");': ("literal", "holds report text"),
        'put(p, lang == TD_LANG_EN ? "en" : "vi");': ("literal", "TD_LANG_EN: a writer does not test"),
        'th(p, "Total", true);': ("literal", "the word 'Total'"),
        'td_buf_append(b, "<th>Next leader</th>");': ("literal", "the word 'Next'"),
        'td_buf_appendf(b, "%s: %zu members\\n", s, n);': ("literal", "the word 'members'"),
        'td_buf_appendf(b, td_report__text(lang, TD_RP_B));': ("formats", "takes its format from td_report__text"),
        'td_report__grid_setf(g, r, 0, fmt, n);': ("formats", "takes its format from fmt"),
        'vsnprintf(s, n, label, ap);': ("formats", "takes its format from label"),
        'td_buf_append(b, "<p>" "Made with thidua" "</p>");': ("literal", "the word 'Made'"),
        'td_buf_append(b, td_report__text(lang, TD_RP_NOPE));': ("uses", "TD_RP_NOPE is not in the catalogue"),
    }
    for line, (check, want) in bad.items():
        text = clean.replace("\n}\n", "\n    " + line + "\n}\n")
        got = (check_literals("bad.c", text, True) if check == "literal"
               else check_formats("bad.c", text) if check == "formats"
               else check_uses({"bad.c": text}, phrases))
        assert any(want in p for p in got), (line, got)
    # the JSON and CSV writers' keys and report.c's names are not human text
    keys = 'static void k(td_buf *b) { key(b, "next_leader"); td_buf_append(b, "selected"); }\n'
    assert check_literals("report_json.c", keys, False) == []
    assert any("the word 'next'" in p for p in check_literals("report_html.c", keys, True))
    # report.c checks the language the options name: it may say TD_LANG_VI
    lang_check = 'int ok(td_lang l) { return l == TD_LANG_VI || l == TD_LANG_EN; }\n'
    assert check_literals("report.c", lang_check, False) == []
    assert check_literals("report_util.c", lang_check, True) != []
    without_a = clean.replace("TD_RP_A", "TD_RP_C")
    unused = check_uses({"clean.c": without_a}, phrases)
    assert any("TD_RP_A is never used" in p for p in unused), unused
    print("self-test: every check catches what it should")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    problems = check_tree(argv[1])
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("report wording: every text is in the report phrase catalogue")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
