#!/usr/bin/env python3
"""Runs the built `thidua` program the way users do and checks what it does.

Usage:
  run_cli.py basics    THIDUA SOURCE_DIR WORK_DIR
  run_cli.py golden    THIDUA SOURCE_DIR WORK_DIR [--update]
  run_cli.py catalogue THIDUA SOURCE_DIR WORK_DIR

basics:    exit codes 0/1/2, --help, --version, format from -o's extension,
           standard input and output, -o atomicity.
golden:    every format of every example listed in tests/cli/examples.tsv,
           compared byte for byte with tests/cli/golden/ (--update rewrites
           them: see tests/cli/README.md).
catalogue: every case of tests/data/bad/catalogue.tsv through
           `thidua eval … -o FILE`: exit 1, FILE:LINE:COL: message on
           stderr, no output file.
"""
import json
import os
import re
import shutil
import subprocess
import sys

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
    return cond


# THIDUA_WRAPPER runs the program under a tool, e.g. "valgrind --error-exitcode=99 --leak-check=full"
WRAPPER = os.environ.get("THIDUA_WRAPPER", "").split()


def run(thidua, args, stdin=None, cwd=None):
    p = subprocess.run(WRAPPER + [thidua] + args, input=stdin, capture_output=True, cwd=cwd, timeout=600)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


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
        (["eval", rb] + data + ["--format", "pdf"], "unknown format 'pdf'"),
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
    ]
    for args, message in usage:
        code, out, err = run(thidua, args)
        check(code == 2, f"{args}: exit {code}, want 2 ({err.strip()[:100]})")
        check(message in err, f"{args}: stderr lacks {message!r}: {err[:200]!r}")
        check(out == b"", f"{args}: wrote to stdout")

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
                      (".txt", "Bảng chấm điểm".encode())):
        path = os.path.join(work, "out" + ext)
        code, out, err = run(thidua, ["eval", rb] + data + ["-o", path])
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
        p = subprocess.run(WRAPPER + [thidua, "check", rb, "-"], stdin=fd, capture_output=True, timeout=600)
    finally:
        os.close(fd)
    perr = p.stderr.decode("utf-8", "replace")
    check(p.returncode == 1 and perr.startswith("<stdin>: cannot read standard input: "),
          f"unreadable stdin: {p.returncode} {perr!r}")
    code, out, err = run(thidua, ["eval", "--format", "json", "--", rb] + data)
    check(code == 0 and out == json_out, f"eval after --: {code} {err}")
    code, out, err = run(thidua, ["eval", "--format", "json", "--lang", "en", rb] + data)
    check(code == 0 and b"(met)" in out and "(đạt)".encode() not in out, "eval --lang en")
    code, out, err = run(thidua, ["explain", rb] + data + ["--unit=tam-duong", "--lang", "en"])
    check(code == 0 and out.startswith("HND huyện Tam Đường (tam-duong)\n".encode()), f"explain: {code} {err}")

    # -o atomicity: invalid input leaves an existing file as it was, and nothing else appears
    target = os.path.join(fresh(os.path.join(work, "atomic")), "report.json")
    with open(target, "w") as f:
        f.write("the old report\n")
    bad = os.path.join(work, "bad.yaml")
    with open(bad, "w") as f:
        f.write("thidua: 1\nperiod: 2023\ncluster: [oops\n")
    for args in (["eval", rb, bad, "-o", target], ["eval", rb, bad, "--format", "xlsx", "-o", target],
                 ["explain", rb, bad, "--unit", "tam-duong", "-o", target],
                 ["eval", os.path.join(work, "missing.yaml")] + data + ["-o", target]):
        code, out, err = run(thidua, args)
        check(code == 1, f"{args}: exit {code}, want 1")
        with open(target) as f:
            check(f.read() == "the old report\n", f"{args}: the existing output changed")
        check(os.listdir(os.path.dirname(target)) == ["report.json"], f"{args}: left files behind")
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
        runs = [(f"{name}.vi.{ext}", ["eval"] + inputs + options + ["--format", fmt]) for fmt, ext in FORMATS]
        runs.append((f"{name}.en.json", ["eval"] + inputs + options + ["--format", "json", "--lang", "en"]))
        runs.append((f"{name}.en.txt", ["eval"] + inputs + options + ["--lang", "en"]))
        runs.append((f"{name}.explain.vi.txt", ["explain"] + inputs + options + ["--unit", unit]))
        runs.append((f"{name}.explain.en.txt", ["explain"] + inputs + options + ["--unit", unit, "--lang", "en"]))
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
            check(code == 1, f"{case}: exit {code}, want 1 ({err.strip()[:160]})")
            check(out == b"", f"{case}: wrote to stdout")
            check(os.listdir(out_dir) == [], f"{case}: left {os.listdir(out_dir)} in the output directory")
            first = err.splitlines()[0] if err else ""
            if efile != "-":
                want = f"{where(efile)}:{eline}:{ecol}: "
                check(first.startswith(want), f"{case}: stderr {first[:200]!r} does not start with {want!r}")
            check(message in first, f"{case}: stderr {first[:200]!r} lacks {message!r}")
    check(n >= 40, f"catalogue has only {n} cases")


def main():
    what, thidua, src, work = sys.argv[1:5]
    if what == "basics":
        basics(thidua, src, work)
        lai_chau_figures(thidua, src)
    elif what == "golden":
        golden(thidua, src, work, "--update" in sys.argv[5:])
    elif what == "catalogue":
        catalogue(thidua, src, work)
    else:
        print(__doc__)
        return 2
    for f in FAILURES:
        print("FAIL:", f)
    print(f"run_cli {what}: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
