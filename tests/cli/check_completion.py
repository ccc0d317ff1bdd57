#!/usr/bin/env python3
"""The shell completion and the manual page of `thidua` against its options.

Usage: check_completion.py SOURCE_DIR BUILD_DIR WORK_DIR

- bash: cli/completion/thidua.bash sourced in bash registers _thidua for
  thidua (complete -p), and _thidua, called with COMP_WORDS and COMP_CWORD
  as bash sets them, gives the right candidates: commands (thidua e<TAB>),
  each command's options exactly as the program's table of options
  (cli/main.c) has them (thidua eval --fo<TAB>), formats, languages,
  limits and files;
- zsh: cli/completion/_thidua names every option (and parses, when zsh is
  installed);
- the manual page BUILD_DIR/cli/thidua.1: groff -man -ww warns about
  nothing (skipped without groff), man -l renders it, it has the version
  and names every option;
- cmake --install of the component `cli` puts the three files where man,
  bash-completion and zsh look.
"""
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


def options(src):
    """{command: set of option spellings} from the table of cli/main.c."""
    code = open(os.path.join(src, "cli", "main.c"), encoding="utf-8").read()
    start = code.index("} options[] = {")
    table = code[start:code.index("};", start)]
    found = {"check": set(), "eval": set(), "explain": set(), "template": set()}
    rows = re.findall(r"\{OPT_[A-Z_]+,\s*('.'|0),\s*\"([a-z-]+)\",\s*([A-Z_| ]+),", table)
    check(len(rows) >= 19, f"only {len(rows)} options read from cli/main.c")
    for short, long, commands in rows:
        for cmd in found:
            if f"ON_{cmd.upper()}" in commands:
                found[cmd].add("--" + long)
                if short != "0":
                    found[cmd].add("-" + short[1])
    return found


def zsh_complete(comp_dir, cases, cwd):
    """What an interactive zsh (zsh -f, compinit with comp_dir first in
    fpath) shows after each line of `cases` ((line, wanted) pairs) and a
    TAB, in one session: {line: output}; a unique candidate appears inserted
    into the line. Each read stops at what is wanted, or after 3 s."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.environ["TERM"] = "dumb"
        os.execvp("zsh", ["zsh", "-f", "-i"])

    def read(until, seconds):
        out, end = b"", time.time() + seconds
        while time.time() < end and until.encode() not in out:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
        return out.decode("utf-8", "replace")

    os.write(fd, f"PS1='ready> '; fpath=({comp_dir} $fpath); autoload -U compinit; compinit -u -D; "
                 "thidua() {{ :; }}\n".encode())
    read("ready> ", 5)
    shown = {}
    for line, want in cases:
        os.write(fd, line.encode() + b"\t")
        shown[line] = read(want, 3)
        os.write(fd, b"\x15")  # ^U: an empty line for the next
        read("", 0.1)
    os.write(fd, b"exit\n")
    read("", 0.3)
    os.close(fd)
    os.waitpid(pid, 0)
    return shown


def complete(script, words, cwd):
    """The candidates _thidua gives for `words`, the last one being completed."""
    array = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (f"source '{script}'\nCOMP_WORDS=({array})\nCOMP_CWORD={len(words) - 1}\n"
               "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n_thidua\n"
               "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, cwd=cwd)
    check(p.returncode == 0 and p.stderr == "", f"bash {words}: {p.returncode} {p.stderr!r}")
    return sorted(line for line in p.stdout.split("\n") if line)


def main(src, build, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    table = options(src)
    script = os.path.join(src, "cli", "completion", "thidua.bash")

    # bash: registered for thidua
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", f"source '{script}'; complete -p thidua"],
                       capture_output=True, text=True)
    check(p.returncode == 0 and p.stdout.strip() == "complete -F _thidua thidua", f"complete -p: {p.stdout!r}")
    for f in ("rulebook.yaml", "data.csv", "report.json"):
        open(os.path.join(work, f), "w").close()
    os.makedirs(os.path.join(work, "ket-qua"))
    formats = sorted("table json csv md html xlsx pdf statuses".split())
    cases = [
        (["thidua", "e"], ["eval", "explain"]),
        (["thidua", ""], ["check", "eval", "explain", "help", "template"]),
        (["thidua", "t"], ["template"]),
        (["thidua", "eval", "--fo"], ["--format"]),
        (["thidua", "-"], ["--help", "--lang", "--version", "-V", "-h"]),
        (["thidua", "--lang", ""], ["en", "vi"]),
        (["thidua", "--lang", "vi", "ev"], ["eval"]),
        (["thidua", "--lang", "vi", "eval", "--ex"], ["--excel", "--explain"]),
        (["thidua", "explain", "--explain", ""], ["formula", "words"]),
        (["thidua", "check", "--limit", "c"], ["cells=", "criteria="]),
        (["thidua", "eval", "-f", ""], formats),
        (["thidua", "eval", "rulebook.yaml", "--format", "x"], ["xlsx"]),
        (["thidua", "eval", "--format=j"], ["--format=json"]),
        (["thidua", "check", "--lang=v"], ["--lang=vi"]),
        (["thidua", "check", "--limit", "ex"], ["expr-bytes=", "expr-depth="]),
        (["thidua", "explain", "rulebook.yaml", "--unit", ""], []),
        (["thidua", "help", ""], ["check", "eval", "explain", "template"]),
        (["thidua", "eval", "r"], ["report.json", "rulebook.yaml"]),
        (["thidua", "check", "rulebook.yaml", "d"], ["data.csv"]),
        (["thidua", "eval", "rulebook.yaml", "-o", "k"], ["ket-qua"]),
        (["thidua", "eval", "--width", ""], ["0", "100", "120", "80"]),
    ]
    for words, want in cases:
        got = complete(script, words, work)
        check(got == sorted(want), f"bash completion of {words}: {got}, want {sorted(want)}")
    for cmd, names in table.items():
        got = complete(script, ["thidua", cmd, "-"], work)
        check(got == sorted(names), f"bash completion of the options of {cmd}: "
              f"missing {sorted(names - set(got))}, not the program's {sorted(set(got) - names)}")

    # zsh: every option named (its parser, when zsh is here)
    zsh_script = os.path.join(src, "cli", "completion", "_thidua")
    zsh_text = open(zsh_script, encoding="utf-8").read()
    for cmd, names in table.items():
        for name in names:
            pattern = (re.escape(name) + r"[=+\[,}]") if name.startswith("--") else (r"[{,]" + re.escape(name) + r"[+,}]")
            check(re.search(pattern, zsh_text), f"zsh completion lacks {name} ({cmd})")
    if shutil.which("zsh"):
        p = subprocess.run(["zsh", "-n", zsh_script], capture_output=True, text=True)
        check(p.returncode == 0, f"zsh -n _thidua: {p.stderr!r}")
        # and completes in an interactive zsh: a unique candidate is inserted
        cases = (("thidua ev", "thidua eval "), ("thidua eval --fo", "thidua eval --format"),
                 ("thidua eval -f x", "thidua eval -f xlsx "), ("thidua check --no", "thidua check --notes "),
                 ("thidua template --la", "thidua template --lang"), ("thidua explain --un", "thidua explain --unit"))
        shown = zsh_complete(os.path.dirname(zsh_script), cases, work)
        for line, want in cases:
            check(want in shown[line], f"zsh completion of {line!r}: {shown[line][-120:]!r}, want {want!r}")
    else:
        print("check_completion: zsh is not installed: its completion is checked by text only")

    # the manual page
    page = os.path.join(build, "cli", "thidua.1")
    roff = open(page, encoding="utf-8").read()
    version = re.search(r"project\(thidua VERSION ([0-9.]+)", open(os.path.join(src, "CMakeLists.txt")).read())[1]
    check(f'"thidua {version}"' in roff and "@" not in roff.split("\n", 5)[-1], "thidua.1: the version")
    for cmd, names in table.items():
        for name in names:
            check(re.search(re.escape(name.replace("-", "\\-")) + r"(?![a-z\\])", roff),
                  f"thidua.1 lacks {name} ({cmd})")
    for word in ("check", "eval", "explain", "LC_MESSAGES", "COLUMNS", "EXIT STATUS"):
        check(word in roff, f"thidua.1 lacks {word}")
    if shutil.which("groff"):
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page], capture_output=True, text=True)
        check(p.returncode == 0 and p.stderr == "", f"groff -ww thidua.1: {p.stderr!r}")
    else:
        print("check_completion: groff missing (Debian: groff-base): the man page's warnings not checked")
    if shutil.which("man"):
        p = subprocess.run(["man", "-l", page], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LANG="C.UTF-8"))
        check(p.returncode == 0 and "THIDUA(1)" in p.stdout and "--excel" in p.stdout.replace("\u2010", "-"),
              f"man -l thidua.1: {p.returncode} {p.stderr!r}")

    # installed where man, bash-completion and zsh look
    prefix = os.path.join(work, "prefix")
    p = subprocess.run(["cmake", "--install", build, "--prefix", prefix, "--component", "cli"],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"cmake --install --component cli: {p.stderr!r}")
    for path, source in (("share/man/man1/thidua.1", page), ("share/bash-completion/completions/thidua", script),
                         ("share/zsh/site-functions/_thidua", zsh_script)):
        installed = os.path.join(prefix, path)
        check(os.path.isfile(installed) and open(installed, "rb").read() == open(source, "rb").read(),
              f"not installed: {path}")

    for f in FAILURES:
        print("FAIL:", f)
    print(f"check_completion: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
