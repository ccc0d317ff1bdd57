"""Runs one Python engine of the peer comparison in this process (started by
bench/run, one process per engine so that its peak memory is its own):

    python -m peers.child WORKLOAD ENGINE MEMBERS THREADS REPEAT BUDGET TOTALS

prepares the data in the engine's native form, evaluates it REPEAT times
(fewer when a run takes more than BUDGET seconds), writes every member's
total (2 decimals, member order) to TOTALS and prints one JSON object.
"""

from __future__ import annotations

import importlib
import json
import sys
import time


def peak_rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main(argv: list) -> int:
    workload, engine, members, threads, repeat, budget, totals_path = argv
    n, threads, repeat, budget = int(members), int(threads), int(repeat), float(budget)
    spec = importlib.import_module(f"peers.engines_{workload}").ENGINES[engine]

    start = time.perf_counter()
    native = spec["prepare"](n, threads)
    load = time.perf_counter() - start

    runs, out = [], None
    for _ in range(repeat):
        out = None  # the previous run's result is not kept alive during the next one
        start = time.perf_counter()
        out = spec["evaluate"](native, threads)
        runs.append(time.perf_counter() - start)
        if runs[-1] > budget:
            break
    totals = spec["totals"](native, out) if "totals" in spec else list(out)

    with open(totals_path, "w", encoding="ascii") as f:
        for x in totals:
            # integers in hundredths; anything else (a float that is not a whole number) is printed as it is
            if float(x) == int(x):
                x = int(x)
                f.write(f"{x // 100}.{x % 100:02d}\n")
            else:
                f.write(f"{x!r}\n")
    print(json.dumps({"members": n, "load_seconds": load, "runs": runs, "seconds": min(runs),
                      "threads": threads if spec["threads"] else 1, "peak_rss_kb": peak_rss_kb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
