#!/usr/bin/env python3
"""The command line's message catalogue (cli/messages.c) against its sources.

Usage: check_messages.py SOURCE_DIR

Fails when a message main.c or output.c shows in English has no Vietnamese
in the catalogue (tr("..."), usage_error()'s formats, refuse()'s formats,
the `needs` of the option table), when an entry of the catalogue is used
nowhere, or when a translation's printf conversions differ from the
English ones (another count, order or kind would print garbage or crash).
"""
import os
import re
import sys

LITERAL = r'"(?:[^"\\]|\\.)*"'
LITERALS = rf'(?:{LITERAL}\s*)+'  # adjacent literals are one string


def joined(text):
    """The text of adjacent C string literals, as spelled in the source."""
    return "".join(m[1:-1] for m in re.findall(LITERAL, text))


def conversions(fmt):
    return re.findall(r"%(?:%|[-0-9.*]*(?:zu|lld|ld|[sdux]|o))", fmt.replace("%%", ""))


def main(src):
    failures = []
    catalogue_c = open(os.path.join(src, "cli", "messages.c"), encoding="utf-8").read()
    body = catalogue_c[catalogue_c.index("catalogue[] = {"):catalogue_c.index("};", catalogue_c.index("catalogue[] = {"))]
    entries = re.findall(rf"\{{\s*({LITERALS}),\s*({LITERALS})\}}", body)
    catalogue = {joined(en): joined(vi) for en, vi in entries}
    if len(catalogue) != len(entries):
        failures.append("the catalogue has an English text twice")
    if len(catalogue) < 40:
        failures.append(f"only {len(catalogue)} entries read from the catalogue: the parser is broken")
    for en, vi in catalogue.items():
        if conversions(en) != conversions(vi):
            failures.append(f"conversions differ: {en!r} {conversions(en)} vs {vi!r} {conversions(vi)}")
        if en.count("%%s") != vi.count("%%s"):
            failures.append(f"'%%s' differs: {en!r} vs {vi!r}")

    shown = set()
    for name in ("main.c", "output.c"):
        code = open(os.path.join(src, "cli", name), encoding="utf-8").read()
        for pattern in (rf"\btr\(\s*({LITERALS})\)", rf"\busage_error\([^,]+,\s*({LITERALS})",
                        rf"\brefuse\(o,\s*({LITERALS})"):
            for m in re.finditer(pattern, code):
                text = joined(m.group(1))
                if text != "%s":
                    shown.add(text)
        start = code.find("} options[] = {")
        table = code[start:code.index("};", start)] if start >= 0 else ""
        for row in re.findall(r"\{OPT_[A-Z_]+,[^{}]*\}", table):
            needs = re.findall(LITERAL, row)
            if len(needs) == 2:  # the long name, then what its value is
                shown.add(needs[1][1:-1])
    if len(shown) < 40:
        failures.append(f"only {len(shown)} messages found in the sources: the parser is broken")
    for text in sorted(shown - catalogue.keys()):
        failures.append(f"no Vietnamese for {text!r}")
    for text in sorted(catalogue.keys() - shown):
        failures.append(f"the catalogue's {text!r} is shown nowhere")
    for f in failures:
        print("FAIL:", f)
    print(f"check_messages: {len(catalogue)} messages, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
