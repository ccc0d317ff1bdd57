"""Reading C sources for the wording checks (tests/core/check_phrases.py,
tests/report/check_report_phrases.py): tokens, comment-free code, string
literal values, call arguments and a phrase catalogue's entries.
Python standard library only.
"""
import re

STRING = r'"(?:[^"\\\n]|\\.)*"'


def tokens(text):
    """Yields (kind, text, offset) for 'string', 'char', 'comment',
    'directive' and 'code' pieces of C source; strings keep their quotes."""
    i, n = 0, len(text)
    while i < n:
        start, kind = i, "code"
        at_line_start = text.rfind("\n", 0, i) + 1
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            kind = "comment"
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            kind = "comment"
        elif text[i] == "#" and text[at_line_start:i].strip() == "":
            end = text.find("\n", i)
            i = n if end < 0 else end
            kind = "directive"
        elif text[i] in "\"'":
            quote, i = text[i], i + 1
            while i < n and text[i] != quote:
                i += 2 if text[i] == "\\" else 1
            i += 1
            kind = "string" if quote == '"' else "char"
        else:
            while i < n and text[i] not in "\"'#" and not text.startswith("/*", i) \
                    and not text.startswith("//", i):
                i += 1
            if i < n and text[i] == "#" and i == start:
                i += 1  # a '#' inside a line of code
        yield kind, text[start:i], start


def blank(piece):
    return re.sub(r"[^\n]", " ", piece)


def strip_comments(text):
    """The source with comments and directives blanked (offsets kept)."""
    return "".join(blank(p) if k in ("comment", "directive") else p for k, p, _ in tokens(text))


def literal_value(piece):
    """The text of a string literal token: escapes decoded as C does for
    the sources' needs (\\x.. bytes as UTF-8, \\n, quotes, backslashes)."""
    body = piece[1:-1]
    raw = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            e = body[i + 1]
            m = re.match(r"x([0-9a-fA-F]{1,2})", body[i + 1:])
            if m:
                raw.append(int(m.group(1), 16))
                i += 1 + len(m.group(0))
                continue
            raw += {"n": b"\n", "t": b"\t", "0": b"\0"}.get(e, e.encode())
            i += 2
            continue
        raw += c.encode()
        i += 1
    return raw.decode("utf-8", errors="replace")


def calls(code, name):
    """(offset, [arguments], [(start, end) of each argument]) of every call
    `name(...)` in comment-free code."""
    for m in re.finditer(r"\b(" + name + r")\s*\(", code):
        i, depth, args, spans, cur, cur_start = m.end(), 1, [], [], "", m.end()
        while i < len(code) and depth > 0:
            c = code[i]
            if c in "\"'":
                j = i + 1
                while j < len(code) and code[j] != c:
                    j += 2 if code[j] == "\\" else 1
                cur += code[i:j + 1]
                i = j + 1
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
            if depth == 1 and c == ",":
                args.append(cur.strip())
                spans.append((cur_start, i))
                cur, cur_start = "", i + 1
            elif depth > 0:
                cur += c
            i += 1
        args.append(cur.strip())
        spans.append((cur_start, i - 1))
        yield m.start(), m.group(1), args, spans


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def catalogue(text, prefix):
    """{phrase id: (vi, en)} read from a catalogue's table of
    {PREFIX_X, {"vi", "en"}} entries (prefix "TD_PH" or "TD_RP")."""
    code = strip_comments(text)
    strs = r"((?:" + STRING + r"\s*)+)"
    entry = re.compile(r"\{\s*(" + prefix + r"_\w+)\s*,\s*\{\s*" + strs + r",\s*" + strs + r"\}\s*\}")
    join = lambda s: "".join(literal_value(m.group(0)) for m in re.finditer(STRING, s))
    return {m.group(1): (join(m.group(2)), join(m.group(3))) for m in entry.finditer(code)}
