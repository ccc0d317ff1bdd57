"""Checks that the constants of every public enum carry the enum's name
(docs/conventions.md, "Names"): the constants of `td_<noun>` are
`TD_<NOUN>_<NAME>`, a trailing `_kind`, `_type` or `_status` left out;
`td_status` (TD_OK, TD_E<NAME>) is the one exception. Also checks that every
deprecated alias (#define TD_OLD TD_NEW inside a TD_NO_DEPRECATED_NAMES
block) points to a constant that exists.

    python3 tests/headers/enum_prefixes.py SOURCE_DIR
"""
import pathlib
import re
import sys

ENUM = re.compile(r"typedef\s+enum\s+(td_\w+)\s*\{(.*?)\}\s*(td_\w+)\s*;", re.S)
CONST = re.compile(r"^\s*(TD_\w+)\s*(?:=[^,/]*)?,?", re.M)
ALIAS = re.compile(r"^#define\s+(TD_\w+)\s+(TD_\w+)\s*$", re.M)


def expected_prefix(type_name):
    noun = type_name[len("td_"):]
    for suffix in ("_kind", "_type", "_status"):
        if noun.endswith(suffix):
            noun = noun[: -len(suffix)]
            break
    return "TD_" + noun.upper() + "_"


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def check(root):
    problems = []
    constants = set()
    aliases = []
    headers = sorted((root / "include" / "thidua").rglob("*.h"))
    if not headers:
        return ["no public headers under %s" % (root / "include" / "thidua")]
    enums = 0
    for header in headers:
        text = strip_comments(header.read_text(encoding="utf-8"))
        for m in ENUM.finditer(text):
            enums += 1
            tag, body, name = m.group(1), m.group(2), m.group(3)
            if tag != name:
                problems.append("%s: enum tag %s differs from its typedef %s" % (header.name, tag, name))
            names = CONST.findall(body)
            constants.update(names)
            if name == "td_status":
                bad = [c for c in names if c != "TD_OK" and not re.fullmatch(r"TD_E[A-Z]+", c)]
            else:
                prefix = expected_prefix(name)
                bad = [c for c in names if not c.startswith(prefix) or c == prefix]
                if bad:
                    problems.append("%s: the constants of %s must start with %s: %s"
                                    % (header.name, name, prefix, ", ".join(bad)))
                continue
            if bad:
                problems.append("%s: td_status codes must be TD_OK or TD_E<NAME>: %s" % (header.name, ", ".join(bad)))
        for block in re.findall(r"#if !defined\(TD_NO_DEPRECATED_NAMES\).*?#endif", text, re.S):
            aliases.extend((header.name, old, new) for old, new in ALIAS.findall(block))
    for header, old, new in aliases:
        if new not in constants:
            problems.append("%s: deprecated %s points to %s, which no enum defines" % (header, old, new))
        if old in constants:
            problems.append("%s: deprecated %s is still an enum constant" % (header, old))
    if enums == 0:
        problems.append("no enum found: the parser no longer matches the headers")
    return problems


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    problems = check(root)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
