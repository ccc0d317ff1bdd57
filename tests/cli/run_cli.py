#!/usr/bin/env python3
"""Runs the built `thidua` program the way users do and checks what it does.

Usage:
  run_cli.py basics    THIDUA SOURCE_DIR WORK_DIR [--without=FORMAT...]
  run_cli.py golden    THIDUA SOURCE_DIR WORK_DIR [--update] [--without=FORMAT...]
  run_cli.py catalogue THIDUA SOURCE_DIR WORK_DIR [--without=FORMAT...]
  run_cli.py outputs   THIDUA SOURCE_DIR WORK_DIR [--without=FORMAT...]
  run_cli.py workbook  THIDUA SOURCE_DIR WORK_DIR

--without=xlsx, --without=pdf: the program is built without that report
(CMake THIDUA_XLSX=OFF, THIDUA_PDF=OFF); basics checks that it is refused
instead of written, golden and outputs leave it out (catalogue writes JSON
only).

basics:    exit codes 0/1/2, --help, --version, format from -o's extension,
           standard input and output, -o atomicity.
golden:    every format of every example listed in tests/cli/examples.tsv,
           compared byte for byte with tests/cli/golden/ (--update rewrites
           them: see tests/cli/README.md).
catalogue: every case of tests/data/bad/catalogue.tsv through
           `thidua eval … -o FILE`: exit 1, FILE:LINE:COL: message on
           stderr, no output file.
outputs:   what -o accepts: regular files (their mode kept, symbolic links
           followed), '-', /dev/stdout, /dev/fd/N; what it refuses without
           touching it or blocking (devices, FIFOs, sockets, directories,
           write-protected files); SIGINT and SIGTERM during a write leave
           no temporary file.
workbook:  `thidua template` (the same bytes twice, usage errors), the Lai
           Châu template filled with results.csv's numbers evaluating to the
           same JSON as the CSV, a bad cell at FILE:SHEET!CELL with nothing
           written, a fake .xlsx.
"""
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


# THIDUA_WRAPPER runs the program under a tool, e.g. "valgrind --error-exitcode=99 --leak-check=full"
WRAPPER = os.environ.get("THIDUA_WRAPPER", "").split()

# The report formats the program is built without (--without=FORMAT), and
# what it says when asked for one (the library's stand-ins,
# lib/report/report_xlsx_none.c and report_pdf_none.c).
WITHOUT = set()
MISSING = {"xlsx": "this build of thidua has no xlsx report (built without libxlsxwriter, THIDUA_XLSX=OFF)",
           "pdf": "this build of thidua has no PDF report (built without Cairo and Pango, THIDUA_PDF=OFF)"}


# The messages' language follows the locale (docs/cli.md, "Language"): every
# run gets a known one, English (C.UTF-8) unless a test sets another, so that
# the results do not depend on the machine's locale.
BASE_ENV = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")}
BASE_ENV["LANG"] = "C.UTF-8"


def run(thidua, args, stdin=None, cwd=None, timeout=600, env=None):
    env = dict(BASE_ENV, **(env or {}))
    p = subprocess.run(WRAPPER + [thidua] + args, input=stdin, capture_output=True, cwd=cwd, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def widest(out):
    """The widest line of out (bytes) in terminal columns: combining marks take none."""
    import unicodedata
    return max(sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                   for ch in line) for line in out.decode("utf-8").split("\n"))


def run_on_terminal(thidua, args, columns, env_columns):
    """Runs thidua with standard output a pseudo-terminal `columns` wide (and
    COLUMNS set when env_columns is not None); returns what it wrote, with
    the terminal's CRLF line ends back to LF."""
    import fcntl
    import pty
    import struct
    import termios
    main_fd, sub_fd = pty.openpty()
    fcntl.ioctl(sub_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    attrs = termios.tcgetattr(sub_fd)
    attrs[1] &= ~termios.OPOST  # no LF to CRLF
    termios.tcsetattr(sub_fd, termios.TCSANOW, attrs)
    env = {k: v for k, v in BASE_ENV.items() if k != "COLUMNS"}
    if env_columns is not None:
        env["COLUMNS"] = env_columns
    p = subprocess.Popen(WRAPPER + [thidua] + args, stdout=sub_fd, stderr=subprocess.PIPE, env=env)
    os.close(sub_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    p.wait(timeout=60)
    os.close(main_fd)
    return b"".join(chunks)


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ---- basics ----------------------------------------------------------------

def basics(thidua, src, work):
    fresh(work)
    ex = os.path.join(src, "examples", "lai-chau")
    rb = os.path.join(ex, "rulebook.yaml")
    data = [os.path.join(ex, "data.yaml"), os.path.join(ex, "results.csv")]

    code, out, err = run(thidua, ["--version"])
    check(code == 0 and out.decode().startswith("thidua ") and out.decode().count(".") == 2,
          f"--version: {code} {out!r}")
    for args in (["--help"], ["-h"], ["help"]):
        code, out, err = run(thidua, args)
        check(code == 0 and out.startswith(b"Usage: thidua COMMAND"), f"{args}: {code} {out[:40]!r}")
    for cmd in ("check", "eval", "explain"):
        for args in ([cmd, "--help"], ["help", cmd], ["--help", cmd], [cmd, rb, "-h"]):
            code, out, err = run(thidua, args)
            check(code == 0 and out.startswith(f"Usage: thidua {cmd} ".encode()), f"{args}: {code} {out[:40]!r}")

    # usage errors: exit 2, the reason and the usage on stderr, nothing on stdout
    usage = [
        ([], "no command given"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["--frob"], "unknown option '--frob'"),
        (["help", "frob"], "unknown command 'frob'"),
        (["--help", "frob"], "unknown command 'frob'"),
        (["check", rb, "--decimal-comma=no"], "--decimal-comma takes no value (found '--decimal-comma=no')"),
        (["check", rb, "--quiet=yes"], "--quiet takes no value"),
        (["eval"], "no rulebook given"),
        (["eval", rb], "no data given"),
        (["explain", rb] + data, "explain needs --unit ID"),
        (["eval", rb] + data + ["--format", "docx"], "unknown format 'docx'"),
        (["eval", rb] + data + ["--format=explain"], "unknown format 'explain'"),
        (["eval", rb] + data + ["--format"], "--format needs a format"),
        (["eval", rb] + data + ["--lang", "fr"], "unknown language 'fr'"),
        (["eval", rb] + data + ["-o"], "-o needs a file name"),
        (["eval", rb] + data + ["--output="], "--output= needs a file name"),
        (["eval", rb] + data + ["--frob"], "unknown option '--frob'"),
        (["check", rb, "-o", "x.json"], "unknown option '-o'"),
        (["eval", rb, "-", "-"], "only one input can be read from standard input"),
        (["explain", rb] + data + ["--unit", "muong-te"], "unit 'muong-te' is not a member of cluster 'cum-2'"),
        (["eval", rb] + data + ["-o", data[0]], "is one of the inputs"),
        # near misses are named
        (["evl", rb] + data, "unknown command 'evl' (did you mean 'eval'?)"),
        (["help", "explian"], "unknown command 'explian' (did you mean 'explain'?)"),
        (["eval", rb] + data + ["--fromat", "json"], "unknown option '--fromat' (did you mean '--format'?)"),
        (["eval", rb] + data + ["--lnag=en"], "unknown option '--lnag=en' (did you mean '--lang'?)"),
        (["check", rb, "--decimal-coma"], "unknown option '--decimal-coma' (did you mean '--decimal-comma'?)"),
        (["explain", rb] + data + ["--unti", "x"], "(did you mean '--unit'?)"),
        (["eval", rb] + data + ["--xyzzy"], "unknown option '--xyzzy'\n"),
        (["check", rb, "--limit", "depht=3"], "unknown limit in '--limit depht=3' (did you mean 'depth'?)"),
        (["check", rb, "--limit=line=x"], "'--limit line=x' needs a positive whole number"),
        (["check", rb, "--limit", "nodes=0"], "'--limit nodes=0' needs a positive whole number"),
        (["check", rb, "--limit", "bytes"], "'--limit bytes' needs a positive whole number"),
        (["check", rb, "--limit"], "--limit needs NAME=N"),
        (["eval", rb] + data + ["--threads", "0"], "'--threads 0' needs a whole number of threads from 1 to 1024"),
        (["eval", rb] + data + ["--threads=2x"], "'--threads 2x' needs a whole number"),
        (["explain", rb] + data + ["--unit", "tan-uyen", "--threads", "2000"], "'--threads 2000' needs"),
        (["eval", rb] + data + ["--thread", "2"], "unknown option '--thread' (did you mean '--threads'?)"),
        (["check", rb, "--threads", "2"], "unknown option '--threads'"),
        # the report block's options are checked as the library takes them
        (["eval", rb] + data + ["--date", "2023-02-29"], "--date '2023-02-29': report date '2023-02-29' is not a day"),
        (["eval", rb] + data + ["--date=15/12/2023"], "is not a day written YYYY-MM-DD"),
        (["eval", rb] + data + ["--signer", "A|B|C|D"], "'--signer A|B|C|D' needs ROLE|TITLE|NAME: at most two '|'"),
        (["eval", rb] + data + ["--place", "Lai\x01Châu"], "--place 'Lai\\x01Châu': report place"),
        (["eval", rb] + data + ["--signer"], "--signer needs ROLE|TITLE|NAME"),
        (["eval", rb] + data + ["--organization", "X"], "(did you mean '--organisation'?)"),
        (["explain", rb] + data + ["--unit", "tan-uyen", "--place", "X"], "unknown option '--place'"),
        # the output's extension names a format: one no report has, or another than --format's, is refused
        (["eval", rb] + data + ["-o", os.path.join(work, "report.docx")], "has an extension no report format uses"),
        (["eval", rb] + data + ["--format", "json", "-o", os.path.join(work, "report.csv")],
         "--format json conflicts with the extension of the output"),
        # --excel is a flavour of csv only
        (["eval", rb] + data + ["--excel"], "--excel is a flavour of CSV, not of table: give --format csv"),
        (["eval", rb] + data + ["--excel", "--format", "json"], "--excel is a flavour of CSV, not of json"),
        (["eval", rb] + data + ["--excel", "--format", "statuses"], "not of statuses"),
        (["eval", rb] + data + ["--excel=yes", "-f", "csv"], "--excel takes no value"),
        (["check", rb, "--excel"], "unknown option '--excel'"),
        (["explain", rb] + data + ["--unit", "tan-uyen", "--excel"], "unknown option '--excel'"),
        # --width: 0 or 40 columns and more
        (["eval", rb] + data + ["--width", "39"], "'--width 39' needs a number of columns from 40 to 100000, or 0"),
        (["eval", rb] + data + ["--width=abc"], "'--width abc' needs a number of columns"),
        (["eval", rb] + data + ["--width", "-1"], "'--width -1' needs"),
        (["eval", rb] + data + ["--width", "100001"], "'--width 100001' needs"),
        (["eval", rb] + data + ["--width"], "--width needs a number of columns"),
        (["check", rb, "--width", "80"], "unknown option '--width'"),
    ]
    for args, message in usage:
        code, out, err = run(thidua, args)
        check(code == 2, f"{args}: exit {code}, want 2 ({err.strip()[:100]})")
        check(message in err, f"{args}: stderr lacks {message!r}: {err[:200]!r}")
        check(out == b"", f"{args}: wrote to stdout")
        # one line with the reason (and one with where the help is): never the whole help
        lines = err.splitlines()
        check("Usage:" not in err and 1 <= len(lines) <= 2 and lines[0].startswith("thidua: "),
              f"{args}: usage error is {err!r}")
        if len(lines) == 2:
            command = args[0] + " " if args and args[0] in ("check", "eval", "explain") else ""
            check(lines[1] == f"Try 'thidua {command}--help' for more information.", f"{args}: {lines[1]!r}")

    # --limit: an input beyond a limit exits with 3, and nothing is written
    limited = [
        (["check", rb, "--limit", "nodes=50"], "more than 50 nodes"),
        (["check", rb, "--limit", "bytes=1K"], "is larger than the limit of 1024 bytes"),
        (["check", rb, "--limit", "depth=2"], "deeper than the limit"),
        (["check", rb, "--limit", "expr-bytes=10"], "the limit is 10"),
        (["check", rb] + data + ["--limit", "line=20"], "longer than the limit of 20 bytes"),
        (["check", rb] + data + ["--limit", "total=3K"], "bytes left of the limit on all the documents read together"),
        (["check", rb, "--limit", "keys=3"], "the mapping has more than 3 keys"),
        (["check", rb] + data + ["--limit", "rows=2"], "the CSV document has more than 2 rows"),
        (["check", rb] + data + ["--limit", "members=3"], "more than 3 members"),
        (["check", rb, "--limit", "criteria=3"], "more than 3 criteria, groups and adjustment items"),
        (["check", os.path.join(ex, "..", "womens-union", "rulebook.yaml"), "--limit", "measures=1"],
         "more than 1 derived measures, inputs and parameters"),
        (["eval", rb] + data + ["--limit", "cells=79"], "computes more than 79 cells (20 per member;"),
        (["explain", rb] + data + ["--unit", "tan-uyen", "--limit", "cells=79"], "computes more than 79 cells"),
    ]
    for args, message in limited:
        code, out, err = run(thidua, args)
        check(code == 3 and message in err, f"{args}: exit {code}, want 3 with {message!r}: {err!r}")
    report = os.path.join(work, "limited.json")
    code, out, err = run(thidua, ["eval", rb] + data + ["--limit", "nodes=50", "-o", report])
    check(code == 3 and not os.path.exists(report), f"eval beyond a limit: {code} {err!r}")
    code, out, err = run(thidua, ["check", rb] + data + ["--limit", "bytes=64M", "--limit=depth=10"])
    check(code == 0, f"limits that fit: {code} {err!r}")
    with open(data[1], "rb") as f:
        rows = sum(1 for line in f.read().decode().splitlines()[1:] if line.strip())
    code, out, err = run(thidua, ["eval", rb] + data + ["--limit", "cells=80", "--limit", "members=4", "--limit",
                                                        f"rows={rows}", "--format", "json"])
    check(code == 0 and len(out) > 1000, f"limits at their boundary: {code} {err!r}")
    # standard input: refused once it passes the limit, not read whole first
    # (the rulebook is the largest of the three documents)
    with open(rb, "rb") as f:
        first = f.read()
    code, out, err = run(thidua, ["check", "-"] + data + ["--limit", f"bytes={len(first) - 1}"], stdin=first)
    check(code == 3 and f"<stdin>: standard input is larger than the limit of {len(first) - 1} bytes" in err,
          f"stdin beyond --limit bytes: {code} {err!r}")
    code, out, err = run(thidua, ["check", "-"] + data + ["--limit", f"bytes={len(first)}"], stdin=first)
    check(code == 0, f"stdin at --limit bytes: {code} {err!r}")
    code, out, err = run(thidua, ["check", "-", "--limit", "bytes=100"], stdin=b"id: x\n" * 1000)
    check(code == 3 and "standard input is larger than the limit of 100 bytes" in err, f"rulebook on stdin: {err!r}")
    # a file of 5 GiB (sparse: no disk space) is refused by its size, on a
    # 32-bit system too (large-file support: open() would fail with EOVERFLOW)
    huge = os.path.join(work, "huge.csv")
    with open(huge, "wb") as f:
        f.truncate(5 << 30)
    code, out, err = run(thidua, ["check", rb, data[0], huge])
    check(code == 3 and err.startswith(f"{huge}: the file is larger than the limit of 268435456 bytes"),
          f"an input of 5 GiB: {code} {err!r}")
    os.unlink(huge)

    # the report block's options replace the data's fields, each on its own
    code, page, err = run(thidua, ["eval", rb] + data + ["--format", "html", "--place", "Lai Châu",
                                                         "--date", "2023-12-15", "--organisation", "HỘI NÔNG DÂN",
                                                         "--organisation", "CỤM SỐ 2", "--signer", "CỤM TRƯỞNG|Lê C",
                                                         "--signer", "TM. X|THƯ KÝ|Đỗ D", "--title", ""])
    page = page.decode()
    check(code == 0, f"eval with the report block's options: {code} {err!r}")
    for want in ["<p>HỘI NÔNG DÂN</p><p>CỤM SỐ 2</p>", "Lai Châu, ngày 15 tháng 12 năm 2023",
                 "<p>CỤM TRƯỞNG</p><div class=\"sign\"></div><p>Lê C</p>",
                 "<p>TM. X</p><p>THƯ KÝ</p><div class=\"sign\"></div><p>Đỗ D</p>",
                 "<h1 class=\"doc\">Bảng chấm điểm thi đua Cụm số 2</h1>"]:
        check(want in page, f"eval with the report block's options: the page lacks {want!r}")
    check("Nguyễn Văn A" not in page and "Tân Uyên, ngày" not in page, "the options did not replace the data's")
    code, page, err = run(thidua, ["eval", rb] + data + ["--format=html", "--signer=", "--organisation="])
    page = page.decode()
    check(code == 0 and "class=\"signers\"" not in page and "class=\"org\"></div>" in page
          and "Tân Uyên, ngày 06 tháng 12 năm 2023" in page, f"empty --signer and --organisation: {code} {err!r}")

    # --explain: conditions in words (the default) or as formulas; the numbers are the same
    code, words, err = run(thidua, ["explain", rb] + data + ["--unit", "tam-duong", "--lang", "en"])
    code2, formula, err2 = run(thidua, ["explain", rb] + data + ["--unit", "tam-duong", "--lang", "en", "--explain",
                                                                  "formula"])
    check(code == 0 and b"not eligible: classification 'hoan_thanh' (needs 'xuat_sac')" in words,
          f"explain in words: {code} {err!r} {words[-300:]!r}")
    check(code2 == 0 and b"not eligible: classification = 'hoan_thanh' != 'xuat_sac'" in formula,
          f"explain --explain formula: {code2} {err2!r}")
    code, j1, err = run(thidua, ["eval", rb] + data + ["--format", "json", "--explain=formula"])
    code2, j2, err2 = run(thidua, ["eval", rb] + data + ["--format", "json", "--explain", "words"])
    totals = [json.loads(j)["members"] for j in (j1, j2)]
    check(code == 0 and code2 == 0 and [m["total"] for m in totals[0]] == [m["total"] for m in totals[1]]
          and j1 != j2, "--explain changes the words, not the numbers")
    code, out, err = run(thidua, ["eval", rb] + data + ["--explain", "prose"])
    check(code == 2 and "'--explain prose': expected words or formula" in err, f"--explain prose: {code} {err!r}")

    # --excel: the CSV for Excel in a Vietnamese locale; the plain CSV untouched
    code, plain, err = run(thidua, ["eval", rb] + data + ["--format", "csv"])
    code2, excel, err2 = run(thidua, ["eval", rb] + data + ["--format", "csv", "--excel"])
    check(code == 0 and code2 == 0, f"--excel: {code} {code2} {err2!r}")
    check(excel.startswith(b"\xef\xbb\xbfrank;unit;unit_name;kind;") and not plain.startswith(b"\xef"),
          f"--excel: the BOM and ';' header: {excel[:40]!r}")
    check(b";criterion;hh_registered;S\xe1\xbb\x91 h\xe1\xbb\x99 \xc4\x91\xc4\x83ng k\xc3\xbd;10;700;720;1,028571;true;"
          in excel, "--excel: decimal commas")
    check(excel.count(b"\r\n") == plain.count(b"\r\n"), "--excel: the same rows as the plain CSV")
    target = os.path.join(work, "excel.csv")
    code, out, err = run(thidua, ["eval", rb] + data + ["--excel", "-o", target])
    check(code == 0 and out == b"" and open(target, "rb").read() == excel, f"--excel -o FILE.csv: {code} {err!r}")

    # --width N: the table in lines of at most N columns (Vietnamese letters
    # one column each); 0 and a pipe: the table as wide as it needs
    code, natural, err = run(thidua, ["eval", rb] + data)
    check(code == 0 and widest(natural) > 120, f"the table's natural width: {code} {widest(natural)}")
    for width in (40, 60, 80, 120):
        code, out, err = run(thidua, ["eval", rb] + data + ["--width", str(width)])
        check(code == 0 and 0 < widest(out) <= width, f"--width {width}: {code}, widest line {widest(out)} {err!r}")
        check(all(n in out.decode() for n in ("99,00", "69,71", "tam-duong")), f"--width {width}: numbers lost")
        code, out2, err = run(thidua, ["eval", rb] + data + ["--width", str(width), "--lang", "en"])
        check(code == 0 and 0 < widest(out2) <= width, f"--width {width} --lang en: widest line {widest(out2)}")
    code, out, err = run(thidua, ["eval", rb] + data + ["--width", "0"])
    check(code == 0 and out == natural, "--width 0: the table as wide as it needs")
    code, out, err = run(thidua, ["eval", rb] + data + ["--width=60", "--format", "json"])
    code2, out2, err = run(thidua, ["eval", rb] + data + ["--format", "json"])
    check(code == 0 and out == out2, "--width is for the table only")
    # standard output a pipe: COLUMNS changes nothing
    code, out, err = run(thidua, ["eval", rb] + data, env={"COLUMNS": "60"})
    check(code == 0 and out == natural, "COLUMNS with standard output a pipe: the table as wide as it needs")
    # standard output a terminal: its width (COLUMNS first, else the terminal's own; at least 40)
    for columns, rows_cols, want in ((None, 72, 72), ("60", 100, 60), (None, 20, 40), ("abc", 90, 90)):
        tty = run_on_terminal(thidua, ["eval", rb] + data, rows_cols, columns)
        check(0 < widest(tty) <= want and widest(tty) >= want - 10,
              f"on a terminal of {rows_cols} columns, COLUMNS={columns}: widest line {widest(tty)}, want {want}")
    tty = run_on_terminal(thidua, ["eval", rb] + data + ["--width", "0"], 60, None)
    check(tty == natural, "--width 0 on a terminal: the table as wide as it needs")
    tty = run_on_terminal(thidua, ["eval", rb] + data, 0, None)
    check(tty == natural, "a terminal that does not say its width: the table as wide as it needs")
    tty = run_on_terminal(thidua, ["eval", rb] + data + ["-f", "json"], 60, None)
    check(tty == out2, "a terminal: json as ever")
    tty = run_on_terminal(thidua, ["eval", rb] + data + ["--width", "100"], 60, "50")
    check(50 < widest(tty) <= 100, f"--width over the terminal's: widest line {widest(tty)}")

    # the messages' language: --lang, else LC_ALL, LC_MESSAGES, LANG (vi* is
    # Vietnamese, anything else or nothing English); reports stay vi by default
    vi_env = {"LANG": "vi_VN.UTF-8"}
    code, out, err = run(thidua, ["check", rb] + data, env=vi_env)
    check(code == 0 and out.decode() == f"{rb}: bộ luật chấm 'hnd-cum2' hợp lệ: 3 phần, 9 tiêu chí, "
          "1 hình thức khen thưởng\ncụm 'cum-2', kỳ 2023: đã chấm 4 thành viên, không có lỗi\n",
          f"check under LANG=vi_VN.UTF-8: {code} {out!r}")
    code, out_en, err = run(thidua, ["check", rb] + data + ["--lang", "en"], env=vi_env)
    check(code == 0 and out_en.decode().startswith(f"{rb}: rulebook 'hnd-cum2' is valid: 3 section(s)"),
          f"check --lang en under a Vietnamese locale: {out_en!r}")
    for environment, vietnamese in (({"LANG": "vi_VN.UTF-8"}, True), ({"LANG": "vi"}, True),
                                    ({"LC_MESSAGES": "vi_VN.UTF-8"}, True), ({"LC_ALL": "vi_VN.utf8"}, True),
                                    ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, False),
                                    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, False),
                                    ({"LC_ALL": "", "LANG": "vi_VN.UTF-8"}, True),
                                    ({"LANG": "vie"}, False), ({"LANG": "C.UTF-8"}, False), ({"LANG": ""}, False)):
        code, out, err = run(thidua, ["eval", rb, "--frob"], env=environment)
        want = ("thidua: không có tùy chọn '--frob'\nXem 'thidua eval --help' để biết thêm.\n" if vietnamese
                else "thidua: unknown option '--frob'\nTry 'thidua eval --help' for more information.\n")
        check(code == 2 and err == want, f"a usage error under {environment}: {err!r}")
    env_none = {k: v for k, v in BASE_ENV.items() if k != "LANG"}
    p = subprocess.run(WRAPPER + [thidua, "eval"], capture_output=True, env=env_none, timeout=600)
    check(p.returncode == 2 and p.stderr.startswith(b"thidua: no rulebook given"), f"no locale at all: {p.stderr!r}")
    lang_cases = [
        (["eval", rb, "--frob", "--lang", "vi"], "thidua: không có tùy chọn '--frob'\n"),  # --lang after the error
        (["--lang", "vi", "eval"], "thidua: chưa có bộ luật chấm (RULEBOOK)\n"),
        (["--lang=vi"], "thidua: chưa có lệnh\nXem 'thidua --help' để biết thêm.\n"),
        (["eval", rb] + data + ["--fromat", "json", "--lang=vi"], "không có tùy chọn '--fromat' (có phải là '--format'?)"),
        (["evl", "--lang", "vi"], "không có lệnh 'evl' (có phải là 'eval'?)"),
        (["eval", rb] + data + ["--lang", "vi", "-o"], "thidua: -o cần một tên tệp\n"),
        (["eval", rb] + data + ["--lang", "vi", "--threads"], "--threads cần một số luồng (1 đến 1024)"),
        (["check", rb, "--lang", "vi", "--limit", "depht=3"],
         "không có giới hạn như trong '--limit depht=3' (có phải là 'depth'?) (các giới hạn:"),
        (["check", rb, "--lang", "vi", "--quiet=1"], "--quiet không nhận giá trị (gặp '--quiet=1')"),
        (["eval", rb] + data + ["--lang", "vi", "--excel"], "--excel là một kiểu CSV, không dùng được với table"),
        (["eval", rb] + data + ["--lang", "vi", "--format", "json", "-o", "x.csv"],
         "--format json mâu thuẫn với phần mở rộng của tệp ra 'x.csv'"),
        (["explain", rb] + data + ["--lang", "vi", "--unit", "muong-te"],
         "thidua: đơn vị 'muong-te' không phải thành viên của cụm 'cum-2' (các thành viên: tp-lai-chau"),
        (["--lang", "fr", "eval"], "thidua: unknown language 'fr' (expected vi or en)\n"),
        (["--lang"], "thidua: --lang needs vi or en\n"),
        (["help", "eval", "--lang"], "thidua: --lang needs vi or en\n"),
        (["--help", "--lang", "vi", "evl"], "không có lệnh 'evl'"),
    ]
    for args, message in lang_cases:
        code, out, err = run(thidua, args)
        check(code == 2 and message in err and out == b"", f"{args}: exit {code}, stderr {err!r}, want {message!r}")
    code, out, err = run(thidua, ["eval", rb] + data + ["--lang", "vi", "-o", work])
    check(code == 1 and f"thidua: không ghi được báo cáo vào '{work}': đó là một thư mục, không phải tệp thường"
          in err, f"-o a folder in Vietnamese: {err!r}")
    # help in both languages, each naming the same options
    for args in ([], ["check"], ["eval"], ["explain"]):
        code, en, err = run(thidua, ["--help"] + args, env={"LANG": "vi_VN.UTF-8", "LC_MESSAGES": "C"})
        code2, vi, err2 = run(thidua, ["help"] + args + ["--lang", "vi"])
        code3, vi2, err3 = run(thidua, ["--lang=vi", "--help"] + args, env={"LANG": "en_US.UTF-8"})
        check(code == code2 == code3 == 0 and en.startswith(b"Usage: thidua") and vi.startswith("Cách dùng: thidua".encode())
              and vi == vi2, f"help {args} in both languages: {en[:30]!r} {vi[:30]!r} {vi2[:30]!r}")
        names = lambda text: sorted(set(re.findall(r"(?<![\w-])--?[a-zA-Z][\w-]*", text.decode())))
        check(names(en) == names(vi), f"help {args}: options only in one language: "
              f"{sorted(set(names(en)) ^ set(names(vi)))}")
    # the report's language is --lang's, else Vietnamese whatever the locale
    code, report_c, err = run(thidua, ["eval", rb] + data, env={"LANG": "C.UTF-8"})
    code2, report_vi, err2 = run(thidua, ["eval", rb] + data, env={"LANG": "vi_VN.UTF-8"})
    code3, report_en_locale, err3 = run(thidua, ["eval", rb] + data, env={"LANG": "en_US.UTF-8"})
    check(report_c == report_vi == report_en_locale and "Tổng điểm".encode() in report_c,
          "the report does not follow the locale")
    code, report_en, err = run(thidua, ["eval", rb] + data + ["--lang", "en"], env={"LANG": "vi_VN.UTF-8"})
    check(code == 0 and b"Total" in report_en and "Tổng điểm".encode() not in report_en, "--lang en: the report in English")
    # the library's own errors stay English
    code, out, err = run(thidua, ["check", os.path.join(work, "missing.yaml"), "--lang", "vi"])
    check(code == 1 and "cannot open" in err, f"a library error under --lang vi: {err!r}")

    # --threads: the same report for every count
    code, one, err = run(thidua, ["eval", rb] + data + ["--format", "json"])
    code4, four, err4 = run(thidua, ["eval", rb] + data + ["--format=json", "--threads", "4"])
    check(code == 0 and code4 == 0 and one == four and len(one) > 1000, f"eval --threads 4: {code4} {err4!r}")
    code, out, err = run(thidua, ["explain", rb] + data + ["--unit", "tan-uyen", "--threads=3"])
    check(code == 0 and b"tan-uyen" in out, f"explain --threads 3: {code} {err!r}")

    # warnings: printed as FILE:LINE:COL: warning: …; --strict makes them errors
    warned = os.path.join(work, "warned.yaml")
    with open(rb, encoding="utf-8") as f:
        text = f.read()
    assert "rule: {kind: threshold, at: 1}" in text
    with open(warned, "w", encoding="utf-8") as f:
        f.write(text.replace("rule: {kind: threshold, at: 1}", "rule: {kind: threshold, at: 85}"))
    line = text[:text.index("rule: {kind: threshold, at: 1}")].count("\n") + 1
    code, out, err = run(thidua, ["check", warned] + data)
    lines = err.splitlines()
    check(code == 0 and len(lines) == 2 and lines[0].startswith(f"{warned}:{line}:") and ": warning: criterion "
          "'rural_models': the threshold 'at: 85' is an attainment" in lines[0]
          and lines[0].endswith("[threshold-at-above-3]"), f"warning: {code} {err!r}")
    # and its consequence: the award needing that criterion met goes to nobody,
    # reported at the award's `when` in the rulebook
    when_line = text[:text.index("when:", text.index("bang_khen"))].count("\n") + 1
    check(len(lines) == 2 and lines[1].startswith(f"{warned}:{when_line}:")
          and "warning: award 'bang_khen': its condition (when) holds for none of the 4 members" in lines[1]
          and lines[1].endswith("[award-nobody-eligible]"), f"result warning: {err!r}")
    code, out, err = run(thidua, ["eval", "--strict", warned, data[0], data[1], "-o", os.path.join(work, "w.json")])
    check(code == 1 and not os.path.exists(os.path.join(work, "w.json")), f"eval --strict, rulebook warning: {code}")
    # a warning that only evaluation finds fails --strict too, and nothing is written
    nobody = os.path.join(work, "nobody.yaml")
    when_text = text[text.index("when:", text.index("bang_khen")):].split("\n")[0]
    with open(nobody, "w", encoding="utf-8") as f:
        f.write(text.replace(when_text, "when: total > 1000"))
    code, out, err = run(thidua, ["check", nobody] + data)
    check(code == 0 and err.count("warning:") == 1 and "[award-nobody-eligible]" in err, f"nobody: {code} {err!r}")
    nobody_out = os.path.join(work, "nobody.json")
    code, out, err = run(thidua, ["eval", "--strict", nobody] + data + ["-o", nobody_out])
    check(code == 1 and "1 warning(s), and --strict makes warnings errors" in err
          and not os.path.exists(nobody_out), f"nobody --strict: {code} {err!r}")
    code, out, err = run(thidua, ["check", "--strict", warned] + data)
    check(code == 1 and "1 warning(s), and --strict makes warnings errors" in err and out == b"",
          f"--strict: {code} {err!r}")
    strict_out = os.path.join(work, "strict.json")
    code, out, err = run(thidua, ["eval", warned] + data + ["--strict", "-o", strict_out])
    check(code == 1 and not os.path.exists(strict_out), f"eval --strict wrote: {code} {err!r}")
    # check --notes: keys written with their default value (precision: 2 ...), never failing --strict
    code, out, err = run(thidua, ["check", rb] + data)
    check(code == 0 and "note:" not in err, f"check without --notes: {err!r}")
    code, out, err = run(thidua, ["check", "--notes", "--strict", rb] + data)
    prec_line = text[:text.index("precision: 2")].count("\n") + 1
    check(code == 0 and err.startswith(f"{rb}:{prec_line}:12: note: the rulebook: precision '2' is the default value: "
                                       "the key can be left out [default-value]\n") and err.count(" note: ") == 7,
          f"check --notes: {code} {err!r}")
    code, out, err = run(thidua, ["check", "--notes", "-q", rb] + data)
    check(code == 0 and err == "" and out == b"", f"check --notes -q: {code} {err!r}")
    # min: 90% (a ratio, 0.9 points) where 90 points were meant: a warning at the value, with the fix
    percent_min = os.path.join(work, "percent-min.yaml")
    assert 'min: 90}' in text
    with open(percent_min, "w", encoding="utf-8") as f:
        f.write(text.replace('min: 90}', 'min: 90%}'))
    min_line = text[:text.index('min: 90}')].count("\n") + 1
    min_col = len(text[:text.index('min: 90}')].split("\n")[-1].encode()) + len("min: ") + 1  # columns count bytes
    code, out, err = run(thidua, ["check", percent_min] + data)
    check(code == 0 and err.startswith(f"{percent_min}:{min_line}:{min_col}: warning: classification 'xuat_sac': "
                                       "'min: 0.9' is 0.9 points, on a table whose total reaches 105")
          and "did you mean 'min: 90'? [classification-min-below-1]" in err, f"min: 90%: {code} {err!r}")
    code, out, err = run(thidua, ["check", "--strict", rb] + data)
    check(code == 0 and "warning" not in err, f"--strict without warnings: {code} {err!r}")
    # a data warning: "64.010" among whole numbers, at its place in the CSV
    with open(data[1], encoding="utf-8-sig") as f:
        rows = f.read().splitlines()
    at = next(i for i, r in enumerate(rows) if ",loans," in r)
    cells = rows[at].split(",")
    rows[at] = ",".join(cells[:3] + [cells[3][:-3] + "." + cells[3][-3:]])  # 2600 -> 2.600
    thousands = os.path.join(work, "thousands.csv")
    with open(thousands, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    code, out, err = run(thidua, ["check", rb, data[0], thousands])
    check(code == 0 and f"{thousands}:{at + 1}:" in err and "[three-decimals-among-whole-numbers]" in err,
          f"data warning: {code} {err!r}")
    code, out, err = run(thidua, ["check", "--strict", rb, data[0], thousands])
    check(code == 1 and "1 warning(s), and --strict makes warnings errors" in err, f"data --strict: {code} {err!r}")

    # check: valid inputs
    code, out, err = run(thidua, ["check", rb])
    check(code == 0 and b"rulebook 'hnd-cum2' is valid" in out and err == "", f"check rulebook: {code} {err}")
    code, out, err = run(thidua, ["check", rb] + data)
    check(code == 0 and b"4 member(s) evaluated without error" in out, f"check data: {code} {out!r} {err}")
    code, out, err = run(thidua, ["check", "-q", rb] + data)
    check(code == 0 and out == b"" and err == "", f"check -q: {code} {out!r}")

    # check finds a data error that only evaluation sees (a missing actual)
    partial = os.path.join(work, "partial.csv")
    with open(data[1], encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    with open(partial, "w", encoding="utf-8") as f:
        f.write("\n".join(l for l in lines if "loans" not in l or "Tam Đường" not in l) + "\n")
    code, out, err = run(thidua, ["check", rb, data[0], partial])
    check(code == 1 and "loans" in err and "tam-duong" in err, f"check missing value: {code} {err!r}")
    # found by evaluation, reported at the member's entry in the data file that declares it
    check(err.startswith(data[0] + ":23:7: unit 'tam-duong' has no actual result for measure 'loans'")
          and err.count("\n") == 1, f"check missing value format: {err!r}")

    # an expression of the rulebook that fails on the data (a division by zero)
    # is reported in the rulebook file at the divisor, never in the data file,
    # and the data file gets no position borrowed from the expression
    bad = os.path.join(src, "tests", "data", "bad")
    good_data = os.path.join(bad, "data.yaml")
    for case, where in (("r-eval-div-rule.yaml", ":16:59: criterion 'growth', unit 'u1': division by zero"),
                        ("r-eval-div-award.json", ":14:53: award 'cờ', unit 'u1': division by zero")):
        path = os.path.join(bad, case)
        code, out, err = run(thidua, ["check", path, good_data])
        check(code == 1 and out == b"" and err.startswith(path + where),
              f"check {case}: {code} {err[:200]!r}")
        check(good_data not in err, f"check {case}: names the data file: {err[:200]!r}")

    # eval: format from the extension, stdout, stdin
    for ext, head in ((".json", b"{\n  \"thidua\": 1,"), (".csv", b"rank,unit,unit_name,kind,"),
                      (".md", b"# "), (".html", b"<!DOCTYPE html>"), (".xlsx", b"PK\x03\x04"),
                      (".pdf", b"%PDF-1."), (".txt", "Bảng chấm điểm".encode())):
        path = os.path.join(work, "out" + ext)
        code, out, err = run(thidua, ["eval", rb] + data + ["-o", path])
        if ext[1:] in WITHOUT:
            # a build without the format refuses it, saying why, and writes nothing
            check(code == 1 and out == b"" and MISSING[ext[1:]] in err and not os.path.exists(path),
                  f"eval -o out{ext} without {ext[1:]}: {code} {err!r}")
            continue
        check(code == 0 and out == b"" and err == "", f"eval -o out{ext}: {code} {err}")
        with open(path, "rb") as f:
            check(f.read().startswith(head), f"eval -o out{ext}: wrong format")
        # the extension in capitals (as some systems save it) chooses the same format
        path = os.path.join(work, "OUT" + ext.upper())
        code, out, err = run(thidua, ["eval", rb] + data + ["-o", path])
        with open(path, "rb") as f:
            check(code == 0 and f.read().startswith(head), f"eval -o OUT{ext.upper()}: {code} wrong format")
    code, json_out, err = run(thidua, ["eval", "--format=json", rb] + data)
    check(code == 0 and json_out.startswith(b"{"), f"eval --format=json: {code} {err}")
    code, out, err = run(thidua, ["eval", "-f", "json", rb, "-o", "-"] + data)
    check(code == 0 and out == json_out, "eval -o - differs from stdout")
    with open(data[1], "rb") as f:
        csv_bytes = f.read()
    code, out, err = run(thidua, ["eval", "--format", "json", rb, data[0], "-"], stdin=csv_bytes)
    check(code == 0 and out == json_out, f"eval with data on stdin: {code} {err}")
    with open(rb, "rb") as f:
        code, out, err = run(thidua, ["check", "-"], stdin=f.read())
    check(code == 0 and out.startswith(b"<stdin>: rulebook 'hnd-cum2' is valid"), f"check -: {code} {out!r} {err}")
    fd = os.open(work, os.O_RDONLY)  # a folder on standard input cannot be read
    try:
        p = subprocess.run(WRAPPER + [thidua, "check", rb, "-"], stdin=fd, capture_output=True, timeout=600,
                           env=BASE_ENV)
    finally:
        os.close(fd)
    perr = p.stderr.decode("utf-8", "replace")
    check(p.returncode == 1 and perr.startswith("<stdin>: cannot read standard input: "),
          f"unreadable stdin: {p.returncode} {perr!r}")
    # a FIFO nobody writes to reads as empty instead of hanging in open()
    fifo = os.path.join(work, "nobody-writes.yaml")
    os.mkfifo(fifo)
    try:
        code, out, err = run(thidua, ["check", fifo], timeout=30)
        check(code == 1 and err.startswith(fifo + ":1:1: the document is empty"), f"FIFO without writer: {code} {err!r}")
    except subprocess.TimeoutExpired:
        check(False, "a FIFO without a writer hung the reader")
    # ... and one that is written reads as a file (as a shell's <(command) gives)
    # (one writer per try, waiting in its open() for the reader: a reader that
    # came first reads nothing and is tried again with a fresh writer; one
    # writer at a time, so that no reader is fed copy after copy)
    for _ in range(50):
        writer = subprocess.Popen(["sh", "-c", f"cat '{rb}' > '{fifo}' 2>/dev/null"], start_new_session=True)
        time.sleep(0.05)
        try:
            code, out, err = run(thidua, ["check", fifo], timeout=120)
        finally:
            os.killpg(writer.pid, signal.SIGKILL)
            writer.wait()
        if code == 0:
            break
    check(code == 0 and b"rulebook 'hnd-cum2' is valid" in out, f"FIFO with a writer: {code} {err!r}")
    code, out, err = run(thidua, ["eval", "--format", "json", "--", rb] + data)
    check(code == 0 and out == json_out, f"eval after --: {code} {err}")
    code, out, err = run(thidua, ["eval", "--format", "json", "--lang", "en", rb] + data)
    check(code == 0 and b"(met)" in out and "(đạt)".encode() not in out, "eval --lang en")
    code, out, err = run(thidua, ["explain", rb] + data + ["--unit=tam-duong", "--lang", "en"])
    check(code == 0 and out.startswith("HND huyện Tam Đường (tam-duong)\n".encode()), f"explain: {code} {err}")
    by_id = out
    code, out, err = run(thidua, ["explain", rb] + data + ["--unit", "HND huyện Tam Đường", "--lang", "en"])
    check(code == 0 and out == by_id, f"explain by the member's name: {code} {err}")

    # -o atomicity: invalid input leaves an existing file as it was, and nothing else appears
    target = os.path.join(fresh(os.path.join(work, "atomic")), "report.json")
    with open(target, "w") as f:
        f.write("the old report\n")
    bad = os.path.join(work, "bad.yaml")
    with open(bad, "w") as f:
        f.write("thidua: 1\nperiod: 2023\ncluster: [oops\n")
    # (the workbook goes to report.json under --format xlsx's own name: an
    # extension must not say another format than --format)
    target_xlsx = os.path.join(os.path.dirname(target), "report.xlsx")
    with open(target_xlsx, "w") as f:
        f.write("the old report\n")
    for args in (["eval", rb, bad, "-o", target], ["eval", rb, bad, "--format", "xlsx", "-o", target_xlsx],
                 ["explain", rb, bad, "--unit", "tam-duong", "-o", target],
                 ["eval", os.path.join(work, "missing.yaml")] + data + ["-o", target]):
        code, out, err = run(thidua, args)
        check(code == 1, f"{args}: exit {code}, want 1")
        for old in (target, target_xlsx):
            with open(old) as f:
                check(f.read() == "the old report\n", f"{args}: the existing output changed")
        check(sorted(os.listdir(os.path.dirname(target))) == ["report.json", "report.xlsx"],
              f"{args}: left files behind")
    code, out, err = run(thidua, ["eval", rb, bad, "-o", target])
    check(re.match(re.escape(bad) + r":\d+:\d+: YAML syntax", err), f"bad data error position: {err!r}")
    code, out, err = run(thidua, ["eval", rb] + data + ["-o", os.path.join(work, "no", "dir", "r.json")])
    check(code == 1 and "No such file" in err, f"unwritable output: {code} {err!r}")


# ---- the Lai Châu figures ------------------------------------------------------

def lai_chau_figures(thidua, src):
    """The figures of the Lai Châu case (shared/domain.md), read from the
    JSON that `thidua eval` prints for examples/lai-chau by the example's
    figures.py (the demo's script), independently of the library."""
    import importlib.util
    from decimal import Decimal

    ex = os.path.join(src, "examples", "lai-chau")
    spec = importlib.util.spec_from_file_location("lai_chau_figures", os.path.join(ex, "figures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = ["eval"] + [os.path.join(ex, f) for f in ("rulebook.yaml", "data.yaml", "results.csv")] + ["--format", "json"]
    code, out, err = run(thidua, args)
    if not check(code == 0, f"lai-chau eval: {code} {err!r}"):
        return
    f = module.figures(json.loads(out, parse_float=Decimal))
    check(f["registered"] == 3563, f"households registered: {f['registered']}")
    check(f["achieved"] == 3425, f"households achieving the title: {f['achieved']}")
    check(f["rate"] == Decimal("96.13"), f"share achieving: {f['rate']} %")
    check(sorted(f["all_met"]) == ["than-uyen", "tp-lai-chau"], f"members meeting all their targets: {f['all_met']}")
    check(f["next_leader"] == "tam-duong", f"2024 leader: {f['next_leader']}")
    code, out, err = run(thidua, args[:4] + ["--lang", "en"])
    check(code == 0 and "Next period's leader: tam-duong (rotation: after tan-uyen comes tam-duong" in out.decode(),
          f"the 2023 leader tan-uyen and the rotation to tam-duong in the table: {code} {err!r}")
    merit = [selected for award, quota, selected in f["awards"] if award == "bang_khen"]
    check(merit == [["tp-lai-chau", "tan-uyen"]], f"Certificate of Merit proposals: {merit}")


# ---- golden files ------------------------------------------------------------

FORMATS = [("table", "txt"), ("json", "json"), ("csv", "csv"), ("md", "md"), ("html", "html"), ("xlsx", "xlsx")]


def read_manifest(src):
    cases = []
    with open(os.path.join(src, "tests", "cli", "examples.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() == "" or line.startswith("#"):
                continue
            name, unit, options, files = line.rstrip("\n").split("\t")
            cases.append((name, unit, [] if options == "-" else options.split(), files.split()))
    return cases


def golden(thidua, src, work, update):
    fresh(work)
    cases = read_manifest(src)
    listed = {c[0] for c in cases}
    # an example scheme is a folder with a rulebook (examples/python holds scripts)
    examples = sorted(d for d in os.listdir(os.path.join(src, "examples"))
                      if any(os.path.isfile(os.path.join(src, "examples", d, "rulebook" + ext))
                             for ext in (".yaml", ".yml", ".json")))
    for d in examples:
        check(d in listed, f"examples/{d} has no line in tests/cli/examples.tsv (and so no golden files)")
    gold_root = os.path.join(src, "tests", "cli", "golden")
    for name, unit, options, files in cases:
        ex = os.path.join("examples", name)
        inputs = [os.path.join(ex, f) for f in files]
        runs = [(f"{name}.vi.{ext}", ["eval"] + inputs + options + ["--format", fmt]) for fmt, ext in FORMATS
                if fmt not in WITHOUT]
        runs.append((f"{name}.en.json", ["eval"] + inputs + options + ["--format", "json", "--lang", "en"]))
        runs.append((f"{name}.en.txt", ["eval"] + inputs + options + ["--lang", "en"]))
        runs.append((f"{name}.explain.vi.txt", ["explain"] + inputs + options + ["--unit", unit]))
        runs.append((f"{name}.explain.en.txt", ["explain"] + inputs + options + ["--unit", unit, "--lang", "en"]))
        if WRAPPER and sum(os.path.getsize(os.path.join(src, i)) for i in inputs) > 100_000:
            # a large example under a tool such as valgrind: one report and one explanation (the
            # other formats' code runs with the small examples; every format is compared without it)
            runs = [runs[0], runs[-2]]
        for gold_name, args in runs:
            out_path = os.path.join(work, gold_name)
            # paths relative to the source tree, so that the output does not depend on where it is
            code, out, err = run(thidua, args + ["-o", out_path], cwd=src)
            if not check(code == 0, f"{gold_name}: exit {code}: {err.strip()}"):
                continue
            with open(out_path, "rb") as f:
                got = f.read()
            gold = os.path.join(gold_root, name, gold_name)
            if update:
                os.makedirs(os.path.dirname(gold), exist_ok=True)
                with open(gold, "wb") as f:
                    f.write(got)
                continue
            if not check(os.path.exists(gold), f"{gold_name}: no golden file (run tests/cli/update-golden.sh)"):
                continue
            with open(gold, "rb") as f:
                want = f.read()
            if got != want:
                at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
                check(False, f"{gold_name}: differs from tests/cli/golden/{name}/{gold_name} at byte {at}: "
                             f"got {got[max(0, at - 40):at + 40]!r}, want {want[max(0, at - 40):at + 40]!r}")


# ---- the bad-input catalogue -------------------------------------------------

def catalogue(thidua, src, work):
    fresh(work)
    bad = os.path.join(src, "tests", "data", "bad")
    generated = os.path.join(work, "generated")
    os.makedirs(generated)
    subprocess.run(["bash", os.path.join(bad, "generate.sh"), generated], check=True)
    n = 0
    with open(os.path.join(bad, "catalogue.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() == "" or line.startswith("#"):
                continue
            case, kind, options, files, status, efile, eline, ecol, message = line.rstrip("\n").split("\t")
            n += 1

            def where(p):
                return os.path.join(generated, p[len("generated/"):]) if p.startswith("generated/") \
                    else os.path.join(bad, p)

            paths = [where(p) for p in files.split()]
            if kind == "rulebook":
                inputs = paths + [os.path.join(bad, "data.yaml")]
            else:
                inputs = [os.path.join(bad, "rulebook.yaml")] + paths
            opts = ["--decimal-comma"] if options == "decimal-comma" else []
            out_dir = fresh(os.path.join(work, "out", case))
            out_file = os.path.join(out_dir, "result.json")
            code, out, err = run(thidua, ["eval"] + inputs + opts + ["-o", out_file])
            want_code = 3 if status == "TD_ELIMIT" else 1  # a limit has its own exit status
            check(code == want_code, f"{case}: exit {code}, want {want_code} ({err.strip()[:160]})")
            check(out == b"", f"{case}: wrote to stdout")
            check(os.listdir(out_dir) == [], f"{case}: left {os.listdir(out_dir)} in the output directory")
            first = err.splitlines()[0] if err else ""
            if efile != "-":
                want = f"{where(efile)}:{eline}:{ecol}: "
                check(first.startswith(want), f"{case}: stderr {first[:200]!r} does not start with {want!r}")
            check(message in first, f"{case}: stderr {first[:200]!r} lacks {message!r}")
    check(n >= 40, f"catalogue has only {n} cases")


# ---- what -o writes, refuses, and leaves behind ---------------------------------

def big_cluster(work, n):
    """A rulebook and data for n members: a report of them takes long enough
    to be interrupted while it is being written."""
    rb = os.path.join(work, "big-rulebook.yaml")
    with open(rb, "w", encoding="utf-8") as f:
        f.write("thidua: 1\nid: big\nname: \"Big\"\nsections:\n  - id: A\n    name: \"A\"\n    max: 20\n"
                "    criteria:\n      - {id: a, name: \"A\", max: 10, rule: {kind: proportional}}\n"
                "      - {id: b, name: \"B\", max: 10, rule: {kind: proportional}}\n")
    data = os.path.join(work, "big-data.yaml")
    with open(data, "w", encoding="utf-8") as f:
        f.write("thidua: 1\nperiod: 2023\ncluster:\n  id: big\n  name: Big\n  members:\n")
        f.writelines(f"    - {{id: u{i}, name: \"Đơn vị {i}\"}}\n" for i in range(n))
    results = os.path.join(work, "big-results.csv")
    with open(results, "w", encoding="utf-8") as f:
        f.write("unit,measure,target,actual\n")
        f.writelines(f"u{i},a,100,{50 + i % 60}\nu{i},b,200,{100 + i % 97}\n" for i in range(n))
    return [rb, data, results]


def interrupted(thidua, work, inputs, fmt, sig):
    """Interrupts `thidua eval -o` with `sig` while its temporary file exists
    (it is created before the report is rendered, which takes a while for
    thousands of members): the program dies of the signal, the target keeps
    its old content and no temporary file remains, next to it or in TMPDIR
    (where xlsx is assembled)."""
    out_dir = fresh(os.path.join(work, f"signal-{fmt}-{sig.name}"))
    scratch = fresh(os.path.join(work, f"scratch-{fmt}-{sig.name}"))
    target = os.path.join(out_dir, "report." + fmt)
    with open(target, "w") as f:
        f.write("the old report\n")
    p = subprocess.Popen([thidua, "eval"] + inputs + ["-o", target], env=dict(BASE_ENV, TMPDIR=scratch),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = False
    while p.poll() is None and not seen:
        seen = any(n.endswith(".tmp") for n in os.listdir(out_dir))
        if not seen:
            time.sleep(0.001)
    if seen:
        p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        check(False, f"{fmt} {sig.name}: did not end")
        return None
    if not seen:
        return False  # finished before its temporary file was seen: try a larger report
    check(p.returncode == -sig, f"{fmt} {sig.name}: exit {p.returncode}, want death by the signal ({err[:200]!r})")
    check(os.listdir(out_dir) == ["report." + fmt], f"{fmt} {sig.name}: left {os.listdir(out_dir)}")
    check(os.listdir(scratch) == [], f"{fmt} {sig.name}: left {os.listdir(scratch)} in TMPDIR")
    with open(target) as f:
        check(f.read() == "the old report\n", f"{fmt} {sig.name}: the existing report changed")
    return True


def outputs(thidua, src, work):
    fresh(work)
    ex = os.path.join(src, "examples", "lai-chau")
    inputs = [os.path.join(ex, f) for f in ("rulebook.yaml", "data.yaml", "results.csv")]
    code, json_out, err = run(thidua, ["eval"] + inputs + ["--format", "json"])
    if not check(code == 0 and json_out.startswith(b"{"), f"eval json: {code} {err}"):
        return

    # refused without being opened (a FIFO would block the program) or changed:
    # exit 1, the path and what it is on stderr, nothing else in the folder
    spot = fresh(os.path.join(work, "refused"))
    fifo = os.path.join(spot, "fifo")
    os.mkfifo(fifo)
    folder = os.path.join(spot, "folder")
    os.mkdir(folder)
    sock_path = os.path.join(spot, "socket")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(sock_path)
    links = {"to-fifo": fifo, "to-folder": folder, "to-null": "/dev/null"}
    for name, to in links.items():
        os.symlink(to, os.path.join(spot, name))
    os.symlink("nowhere", os.path.join(spot, "dangling"))
    cases = [(fifo, "it is a named pipe (FIFO), not a regular file", stat.S_ISFIFO),
             (folder, "it is a directory, not a regular file", stat.S_ISDIR),
             (sock_path, "it is a socket, not a regular file", stat.S_ISSOCK),
             (os.path.join(spot, "to-fifo"), "it is a symbolic link to a named pipe (FIFO), not a regular file",
              stat.S_ISLNK),
             (os.path.join(spot, "to-folder"), "it is a symbolic link to a directory, not a regular file",
              stat.S_ISLNK),
             (os.path.join(spot, "to-null"), "it is a symbolic link to a character device, not a regular file",
              stat.S_ISLNK),
             (os.path.join(spot, "dangling"), "it is a symbolic link to a file that does not exist",
              stat.S_ISLNK)]
    try:  # a device of our own first (root only), so that a broken check cannot replace /dev/null
        os.mknod(os.path.join(spot, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        cases.append((os.path.join(spot, "null"), "it is a character device, not a regular file", stat.S_ISCHR))
    except (PermissionError, OSError):
        pass
    before = sorted(os.listdir(spot))
    all_refused = True
    for path, why, kind in cases:
        for fmt in ("json", "xlsx"):
            code, out, err = run(thidua, ["eval"] + inputs + ["--format", fmt, "-o", path], timeout=60)
            want = f"thidua: cannot write the report to '{path}': {why}\n"
            all_refused &= check(code == 1 and err == want and out == b"",
                                 f"-o {os.path.basename(path)} ({fmt}): exit {code}, stderr {err!r}, want {want!r}")
            check(kind(os.lstat(path).st_mode), f"-o {os.path.basename(path)}: it changed")
            check(sorted(os.listdir(spot)) == before, f"-o {os.path.basename(path)}: left {os.listdir(spot)}")
    sock.close()
    if all_refused:  # /dev/null itself, now that the check is known to work
        null = os.stat("/dev/null")
        code, out, err = run(thidua, ["eval"] + inputs + ["-o", "/dev/null"], timeout=60)
        check(code == 1 and err == "thidua: cannot write the report to '/dev/null': "
                                   "it is a character device, not a regular file\n", f"-o /dev/null: {code} {err!r}")
        after = os.stat("/dev/null")
        check(stat.S_ISCHR(after.st_mode) and after.st_rdev == null.st_rdev and after.st_ino == null.st_ino,
              "-o /dev/null: /dev/null changed")

    # an existing file keeps its permission bits; a link to a file is followed
    spot = fresh(os.path.join(work, "modes"))
    for mode in (0o640, 0o600, 0o755):
        target = os.path.join(spot, f"r{mode:o}.json")
        with open(target, "w") as f:
            f.write("the old report\n")
        os.chmod(target, mode)
        code, out, err = run(thidua, ["eval"] + inputs + ["-o", target])
        with open(target, "rb") as f:
            check(code == 0 and f.read() == json_out, f"-o r{mode:o}.json: {code} {err!r}")
        got = stat.S_IMODE(os.stat(target).st_mode)
        check(got == mode, f"-o existing file of mode {mode:o}: now {got:o}")
    link = os.path.join(spot, "link.csv")  # the name -o is given decides the format, not the target's
    os.symlink("r600.json", link)
    code, out, err = run(thidua, ["eval"] + inputs + ["--format", "csv", "-o", link])
    check(code == 0 and os.path.islink(link) and os.readlink(link) == "r600.json",
          f"-o link.csv: {code} {err!r}: the link was replaced")
    with open(os.path.join(spot, "r600.json"), "rb") as f:
        check(f.read().startswith(b"rank,unit,"), "-o link.csv: the file it points to was not written")
    check(stat.S_IMODE(os.stat(link).st_mode) == 0o600, "-o link.csv: the mode changed")
    check(sorted(os.listdir(spot)) == ["link.csv", "r600.json", "r640.json", "r755.json"],
          f"-o: left {os.listdir(spot)}")
    # an old report of 5 GiB (sparse: no disk space) is replaced, on a 32-bit
    # system too (large-file support: lstat() would fail with EOVERFLOW)
    huge = os.path.join(spot, "huge.json")
    with open(huge, "wb") as f:
        f.truncate(5 << 30)
    code, out, err = run(thidua, ["eval"] + inputs + ["-o", huge])
    with open(huge, "rb") as f:
        check(code == 0 and err == "" and f.read() == json_out, f"-o over a file of 5 GiB: {code} {err!r}")
    os.unlink(huge)
    # a new file: 0666 less the umask
    new = os.path.join(spot, "new.json")
    p = subprocess.run(WRAPPER + [thidua, "eval"] + inputs + ["-o", new], capture_output=True, timeout=600,
                       preexec_fn=lambda: os.umask(0o027), env=BASE_ENV)
    check(p.returncode == 0 and stat.S_IMODE(os.stat(new).st_mode) == 0o640,
          f"-o new file with umask 027: {p.returncode} {oct(stat.S_IMODE(os.stat(new).st_mode))}")

    # a write-protected file is refused, even for root, and left as it was
    ro = os.path.join(spot, "read-only.json")
    with open(ro, "w") as f:
        f.write("the old report\n")
    os.chmod(ro, 0o444)
    code, out, err = run(thidua, ["eval"] + inputs + ["-o", ro])
    check(code == 1 and err == f"thidua: cannot write the report to '{ro}': it is write-protected (mode 0444): "
                               "make it writable or remove it first\n", f"-o read-only.json: {code} {err!r}")
    with open(ro) as f:
        check(f.read() == "the old report\n" and stat.S_IMODE(os.stat(ro).st_mode) == 0o444,
              "-o read-only.json: changed")
    check(not any(n.endswith(".tmp") for n in os.listdir(spot)), f"-o: left {os.listdir(spot)}")

    # standard output: '-', /dev/fd/1, /dev/stdout, and another open descriptor;
    # /dev/stdout only once /dev/fd/1 works (as root, a program that does not
    # know them would replace the link /dev/stdout; nothing can be created in /dev/fd)
    for name in ("-", "/dev/fd/1", "/dev/stdout"):
        code, out, err = run(thidua, ["eval"] + inputs + ["--format", "json", "-o", name])
        if not check(code == 0 and out == json_out and err == "", f"-o {name} to a pipe: {code} {err!r}"):
            break
        dest = os.path.join(spot, "stdout.json")
        with open(dest, "wb") as f:
            p = subprocess.run(WRAPPER + [thidua, "eval"] + inputs + ["--format", "json", "-o", name],
                               stdout=f, stderr=subprocess.PIPE, timeout=600, env=BASE_ENV)
        with open(dest, "rb") as f:
            if not check(p.returncode == 0 and f.read() == json_out,
                         f"-o {name} to a file: {p.returncode} {p.stderr!r}"):
                break
    else:
        if "xlsx" not in WITHOUT:
            code, out, err = run(thidua, ["eval"] + inputs + ["--format", "xlsx", "-o", "/dev/stdout"])
            check(code == 0 and out.startswith(b"PK\x03\x04"), f"xlsx -o /dev/stdout: {code} {err!r}")
    check(os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout"), "/dev/stdout was replaced")
    dest = os.path.join(spot, "fd.json")
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        p = subprocess.run(WRAPPER + [thidua, "eval"] + inputs + ["--format", "json", "-o", f"/dev/fd/{fd}"],
                           capture_output=True, timeout=600, pass_fds=(fd,), env=BASE_ENV)
    finally:
        os.close(fd)
    with open(dest, "rb") as f:
        check(p.returncode == 0 and p.stdout == b"" and f.read() == json_out,
              f"-o /dev/fd/{fd}: {p.returncode} {p.stderr!r}")
    code, out, err = run(thidua, ["eval"] + inputs + ["-o", "/dev/fd/9"])
    check(code == 1 and err == "thidua: cannot write the report to '/dev/fd/9': descriptor 9 is not open\n",
          f"-o /dev/fd/9 (closed): {code} {err!r}")
    # standard output that fills up (the report streams into it): the
    # system's reason, exit 1
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            p = subprocess.run(WRAPPER + [thidua, "eval"] + inputs + ["--format", "json"], stdout=full,
                               stderr=subprocess.PIPE, timeout=600, env=BASE_ENV)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1 and err == "thidua: cannot write to standard output: No space left on device\n",
              f"standard output /dev/full: {p.returncode} {err!r}")

    # SIGINT and SIGTERM while the report is written (not under a wrapper: too slow)
    if WRAPPER:
        return
    members = 16000  # xlsx holds at most 16,381
    inputs = big_cluster(work, members)
    for fmt in ("html", "xlsx"):
        if fmt in WITHOUT:
            continue
        for sig in (signal.SIGINT, signal.SIGTERM):
            for attempt in range(3):
                done = interrupted(thidua, work, inputs, fmt, sig)
                if done is not False:
                    break
            check(done is not False, f"{fmt} {sig.name}: never saw the temporary file to interrupt the write")


# ---- workbooks: thidua template, and the filled workbook as data ------------

def fill_workbook(template, values):
    """The template's bytes with values[(id, measure, side)] typed into its
    empty number cells (the other parts copied): what an officer saves."""
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(template))
    strings = [re.sub(r"<[^>]+>", "", si)
               for si in re.findall(r"<si>(.*?)</si>", src.read("xl/sharedStrings.xml").decode())]
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet))
    measure, side, ids = {}, {}, {}
    for ref, k in cells.items():
        col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
        text = strings[int(k)]
        if row == "1" and text.endswith("]"):
            measure[col] = text.rsplit("[", 1)[1][:-1]
            measure[chr(ord(col) + 1)] = measure[col]
        elif row == "2":
            side[col] = "target" if text == "Kế hoạch" else "actual"
        elif col == "A" and int(row) > 2:
            ids[row] = text

    def typed(m):
        value = values.get((ids.get(m.group(2)), measure.get(m.group(1)), side.get(m.group(1))))
        return m.group(0) if value is None else f'<c r="{m.group(1)}{m.group(2)}"{m.group(3) or ""}><v>{value}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+)(\d+)"( s="\d+")?/>', typed, sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, sheet.encode() if info.filename == "xl/worksheets/sheet1.xml"
                         else src.read(info))
    return out.getvalue()


def workbook(thidua, src, work):
    import csv
    fresh(work)
    ex = os.path.join(src, "examples", "lai-chau")
    rb, data, results = (os.path.join(ex, f) for f in ("rulebook.yaml", "data.yaml", "results.csv"))
    book = os.path.join(work, "nhap-lieu.xlsx")
    code, out, err = run(thidua, ["template", rb, data, "-o", book])
    check(code == 0 and out == b"" and err == "", f"template: {code} {err}")
    first = open(book, "rb").read()
    check(first[:4] == b"PK\x03\x04", "template: not a zip")
    code, out, err = run(thidua, ["template", rb, data, "-o", book])
    check(code == 0 and open(book, "rb").read() == first, "template: not the same bytes twice")
    code, out, err = run(thidua, ["template", rb, data, "-o", "-"])
    check(code == 0 and out == first, "template -o -: not the file's bytes")
    code, out, err = run(thidua, ["template", rb, "-o", os.path.join(work, "empty.xlsx"), "--lang", "en"])
    check(code == 0, f"template without data: {code} {err}")
    # usage: a name that is no workbook's, a missing rulebook, the help
    for args, want in ((["template", rb, "-o", os.path.join(work, "t.csv")], "give -o FILE.xlsx"),
                       (["template", "-o", book], "no rulebook given"),
                       (["template", rb, data, "-o", book, "--format", "json"], "--format")):
        code, out, err = run(thidua, args)
        check(code == 2 and want in err, f"{args}: {code} {err}")
    code, out, err = run(thidua, ["template", "--help"])
    check(code == 0 and b"Usage: thidua template" in out, f"template --help: {code}")
    code, out, err = run(thidua, ["templat"])
    check(code == 2 and "did you mean 'template'" in err, f"templat: {code} {err}")
    # the empty template checked: every member lacks its values, at its entry in data.yaml
    code, out, err = run(thidua, ["check", rb, data, book])
    check(code == 1 and "data.yaml:20:7: unit 'tan-uyen' has no actual result" in err, f"check empty: {code} {err}")
    # filled with results.csv's numbers, it gives the same JSON as data.yaml + results.csv
    members = {}
    for line in open(data, encoding="utf-8"):
        m = re.search(r"\{id: ([\w-]+), name: \"([^\"]+)\"\}", line)
        if m:
            members[m.group(2)] = m.group(1)
    values = {}
    with open(results, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            for s in ("target", "actual"):
                if row[s]:
                    values[(members[row["unit"]], row["measure"], s)] = row[s]
    filled = os.path.join(work, "filled.xlsx")
    open(filled, "wb").write(fill_workbook(first, values))
    code, want, err = run(thidua, ["eval", rb, data, results, "--format", "json"])
    check(code == 0, f"eval csv: {code} {err}")
    code, got, err = run(thidua, ["eval", rb, data, filled, "--format", "json"])
    check(code == 0 and got == want, f"eval workbook: {code} {err}")
    code, out, err = run(thidua, ["check", rb, filled, data, "-q"])
    check(code == 0 and err == "", f"check workbook: {code} {err}")
    # a bad cell: FILE:SHEET!CELL, exit 1, nothing written
    bad = dict(values)
    bad[("tan-uyen", "loans", "actual")] = "#N/A"
    open(filled, "wb").write(fill_workbook(first, bad))
    report = os.path.join(work, "report.json")
    code, out, err = run(thidua, ["eval", rb, data, filled, "-o", report])
    check(code == 1 and err.startswith(f"{filled}:'Số liệu'!H3: actual of unit 'tan-uyen' for 'loans'")
          and not os.path.exists(report), f"bad cell: {code} {err}")
    # not a workbook, though named one
    fake = os.path.join(work, "fake.xlsx")
    open(fake, "w").write("id,loans\n")
    code, out, err = run(thidua, ["check", rb, data, fake])
    check(code == 1 and err.startswith(f"{fake}: not an xlsx workbook"), f"fake: {code} {err}")
    # a workbook is no rulebook
    code, out, err = run(thidua, ["check", book])
    check(code == 1 and "a rulebook cannot be read from an xlsx workbook" in err, f"rulebook: {code} {err}")


def main():
    what, thidua, src, work = sys.argv[1:5]
    WITHOUT.update(a[len("--without="):] for a in sys.argv[5:] if a.startswith("--without="))
    unknown = WITHOUT - set(MISSING)
    if unknown:
        print(f"run_cli: --without={sorted(unknown)[0]}: only {', '.join(sorted(MISSING))} can be left out")
        return 2
    if what == "basics":
        basics(thidua, src, work)
        lai_chau_figures(thidua, src)
    elif what == "golden":
        golden(thidua, src, work, "--update" in sys.argv[5:])
    elif what == "catalogue":
        catalogue(thidua, src, work)
    elif what == "outputs":
        outputs(thidua, src, work)
    elif what == "workbook":
        workbook(thidua, src, work)
    else:
        print(__doc__)
        return 2
    for f in FAILURES:
        print("FAIL:", f)
    print(f"run_cli {what}: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
