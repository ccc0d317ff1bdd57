"""Every public function puts its out-parameters first (docs/conventions.md):
a parameter written through (`T **out`, `T *out`, `size_t *index`, a
length, a `needed` size, an optional `max`, a `char *buf` with its `size`)
comes before every input, as in libgit2. Reads include/thidua/**/*.h with
the comments removed."""

import re
import sys
from pathlib import Path

OUT = re.compile(r"^(?!const\b)[\w ]+\*+\s*(out|index|len|needed|max|buf)$")


def is_out(params, i):
    p = params[i]
    if OUT.match(p):
        return True
    # the size of a caller's buffer goes with the buffer
    return p.endswith(" size") and i > 0 and params[i - 1].endswith("*buf")


def main(root: str) -> int:
    headers = sorted(Path(root, "include", "thidua").rglob("*.h"))
    bad, seen = [], 0
    for h in headers:
        text = re.sub(r"/\*.*?\*/", " ", h.read_text(encoding="utf-8"), flags=re.S)
        for m in re.finditer(r"TD_EXTERN\s+[^;{]*?\b(td_\w+)\s*\(([^;]*?)\)\s*;", text, re.S):
            seen += 1
            params = [" ".join(p.split()) for p in m.group(2).split(",")]
            outs = [is_out(params, i) for i in range(len(params))]
            first_input = outs.index(False) if False in outs else len(outs)
            if any(outs[first_input:]):
                bad.append(f"{h.name}: {m.group(1)}({', '.join(params)})")
    if seen < 150:
        print(f"only {seen} functions read: the check would prove nothing", file=sys.stderr)
        return 1
    for line in bad:
        print(f"out-parameter after an input: {line}", file=sys.stderr)
    print(f"{seen} public functions, {len(bad)} with an out-parameter after an input")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
