#!/usr/bin/env python3
"""Checks that the explanations' wording lives in the phrase catalogue.

    check_phrases.py SOURCE_DIR      check lib/core of the tree at SOURCE_DIR
    check_phrases.py --self-test     prove that each check catches what it should

1. No string literal in the evaluation files (scoring.c, standings.c,
   awards.c, evaluate.c) contains a letter beyond ASCII: Vietnamese text
   belongs in lib/core/phrases.c. Symbols (→ ≥ × −) may stay: they read the
   same in both languages and go through td_eval_both().
2. The literals given to td_eval_both() and td_eval_lit() hold no words
   but the symbols of formulas and rulebooks (min, max, asc, true, false):
   an English word there would reach the Vietnamese text too.
3. Every call td_eval_phrasef(ev, TD_PH_X, ...) in lib/core passes as many
   arguments as TD_PH_X's format has conversions; every other use of a
   phrase id (td_eval_phrase, tables of ids) names a phrase without '%',
   which td_eval_phrase() appends as it is.
4. Every phrase of the catalogue is used.

The catalogue's own checks (both texts, order, the same conversions in
both languages, no repeats) are tests/core/test_phrases.c.
Python standard library only.
"""
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import c_source  # noqa: E402
from c_source import STRING, calls, line_of, literal_value, strip_comments, tokens  # noqa: E402

EVALUATION_FILES = ("scoring.c", "standings.c", "awards.c", "evaluate.c", "rollup.c")
BOTH_WORDS = {"min", "max", "asc", "true", "false"}
CONVERSION = re.compile(r"%(?:%|s|zu|lld)")


def catalogue(text):
    """{phrase id: (vi, en)} read from phrases.c."""
    return c_source.catalogue(text, "TD_PH")


def check_literals(name, text):
    """Check 1 and 2 on one evaluation file."""
    problems = []
    for kind, piece, offset in tokens(text):
        if kind != "string":
            continue
        line = line_of(text, offset)
        letters = [c for c in literal_value(piece)
                   if ord(c) >= 0x80 and unicodedata.category(c)[0] in "LM"]
        if letters:
            problems.append(f"{name}:{line}: string {piece} holds explanation text "
                            f"('{''.join(letters)}'): put it in lib/core/phrases.c")
    code = strip_comments(text)
    for fn in ("td_eval_both", "td_eval_lit"):
        for offset, _, args, _ in calls(code, fn):
            line = line_of(code, offset)
            if args and args[0].startswith("td_eval *"):
                continue  # the definition
            for arg in args[1:]:
                for lit in re.findall(STRING, arg):
                    for word in re.findall(r"[A-Za-z]{2,}", CONVERSION.sub(" ", literal_value(lit))):
                        if word not in BOTH_WORDS:
                            problems.append(f"{name}:{line}: {fn}() writes the word '{word}' "
                                            f"in both languages: make it a phrase")
    return problems


def check_uses(sources, phrases):
    """Checks 3 and 4 on {file name: text} against the catalogue."""
    problems, used = [], set()
    for name, text in sorted(sources.items()):
        code = strip_comments(text)
        formatted = set()
        for offset, _, args, _ in calls(code, "td_eval_phrasef"):
            line = line_of(code, offset)
            if args and args[0].startswith("td_eval *"):
                continue  # the definition
            if len(args) < 2 or not re.fullmatch(r"TD_PH_\w+", args[1]):
                problems.append(f"{name}:{line}: td_eval_phrasef() needs a phrase id (TD_PH_...) "
                                f"as its second argument")
                continue
            pid = args[1]
            formatted.add((line, pid))
            if pid not in phrases:
                problems.append(f"{name}:{line}: {pid} is not in the catalogue")
                continue
            want = len([c for c in CONVERSION.findall(phrases[pid][1]) if c != "%%"])
            if len(args) - 2 != want:
                problems.append(f"{name}:{line}: {pid} takes {want} argument(s), "
                                f"the call passes {len(args) - 2}")
            used.add(pid)
        for m in re.finditer(r"\bTD_PH_\w+", code):
            pid, line = m.group(0), line_of(code, m.start())
            if pid == "TD_PH_COUNT" or (line, pid) in formatted:
                continue
            if pid not in phrases:
                problems.append(f"{name}:{line}: {pid} is not in the catalogue")
                continue
            used.add(pid)
            if "%" in phrases[pid][0] or "%" in phrases[pid][1]:
                problems.append(f"{name}:{line}: {pid} is a format: append it with td_eval_phrasef()")
    for pid in sorted(set(phrases) - used):
        problems.append(f"phrases.c: {pid} is never used")
    return problems


def check_tree(root):
    core = os.path.join(root, "lib", "core")
    read = lambda n: open(os.path.join(core, n), encoding="utf-8").read()
    phrases = catalogue(read("phrases.c"))
    if len(phrases) < 10:
        return [f"phrases.c: read only {len(phrases)} phrases; has the table's layout changed?"]
    problems = []
    for name in EVALUATION_FILES:
        problems += check_literals(name, read(name))
    sources = {n: read(n) for n in os.listdir(core) if n.endswith(".c") and n != "phrases.c"}
    return problems + check_uses(sources, phrases)


def self_test():
    """Each check, shown a file that breaks it, reports it; clean code passes."""
    phrases = catalogue('const td_phrase_entry t[] = {\n'
                        '    {TD_PH_A, {"một ", "one "}},\n'
                        '    /* a comment {TD_PH_Z, {"x", "y"}} */\n'
                        '    {TD_PH_B, {" → hạng %zu/%zu",\n'
                        '               " → rank %zu/%zu"}},\n'
                        '    {TD_PH_C, {"%s \\"và\\" %%", "%s \\"and\\" %%"}},\n};\n')
    assert phrases == {"TD_PH_A": ("một ", "one "), "TD_PH_B": (" → hạng %zu/%zu", " → rank %zu/%zu"),
                       "TD_PH_C": ('%s "và" %%', '%s "and" %%')}, phrases
    clean = ('/* hạng: comments may say anything */\n'
             'void f(td_eval *ev) {\n'
             '    td_eval_phrase(ev, x ? TD_PH_A : TD_PH_A);\n'
             '    td_eval_phrasef(ev, TD_PH_B, g(a, b), n);\n'
             '    td_eval_phrasef(ev, TD_PH_C, "s");\n'
             '    td_eval_both(ev, " → min(%s) × ", y ? "true" : "false");\n'
             '    td_error_set(err, TD_EDATA, "unit \'%s\' has no target", u);\n}\n')
    assert check_literals("clean.c", clean) == [], check_literals("clean.c", clean)
    assert check_uses({"clean.c": clean}, phrases) == [], check_uses({"clean.c": clean}, phrases)
    bad = {
        'td_eval_both(ev, " → hạng ");': ("literal", "holds explanation text"),
        'td_buf_append(b, "đạt");': ("literal", "holds explanation text"),
        'td_eval_both(ev, " but ");': ("literal", "the word 'but'"),
        'td_eval_lit(ev, " and ");': ("literal", "td_eval_lit() writes the word 'and'"),
        'td_eval_phrasef(ev, TD_PH_B, n);': ("uses", "takes 2 argument(s), the call passes 1"),
        'td_eval_phrasef(ev, TD_PH_C);': ("uses", "takes 1 argument(s), the call passes 0"),
        'td_eval_phrase(ev, TD_PH_B);': ("uses", "TD_PH_B is a format"),
        'static const td_phrase t[] = {TD_PH_C};': ("uses", "TD_PH_C is a format"),
        'td_eval_phrasef(ev, pick(), n);': ("uses", "needs a phrase id"),
        'td_eval_phrase(ev, TD_PH_NOPE);': ("uses", "TD_PH_NOPE is not in the catalogue"),
    }
    for line, (check, want) in bad.items():
        text = clean.replace("}\n", line + "\n}\n")
        got = check_literals("bad.c", text) if check == "literal" else check_uses({"bad.c": text}, phrases)
        assert any(want in p for p in got), (line, got)
    without_a = clean.replace("x ? TD_PH_A : TD_PH_A", "0")
    unused = check_uses({"clean.c": without_a}, phrases)
    assert any("TD_PH_A is never used" in p for p in unused), unused
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
        print("explanation wording: every text is in the phrase catalogue")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
