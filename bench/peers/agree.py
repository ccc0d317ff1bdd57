"""The quick correctness check of the peer benchmark, run by ctest
(tests/bench): thidua C (peer_thidua, with and without explanations), the
hand-written C loop (peer_hand) and the stdlib reference of peers/workload.py compute the same total for
every member of a small cluster. Standard library only.

    python3 bench/peers/agree.py PEER_THIDUA PEER_HAND [MEMBERS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from peers.workload import WORKLOADS  # noqa: E402


def totals(program: list, members: int, path: str) -> list:
    subprocess.run([program[0], str(members), "1", path] + program[1:], check=True, stdout=subprocess.DEVNULL)
    with open(path, encoding="ascii") as f:
        return f.read().split()


def main(argv: list) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    members = int(argv[2]) if len(argv) == 3 else 200
    ref = [f"{x // 100}.{x % 100:02d}" for x in WORKLOADS["cluster"].reference(members)]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        runs = (("thidua C", [argv[0], "all"]), ("thidua C without explanations", [argv[0], "none"]),
                ("hand C", [argv[1]]))
        for name, program in runs:
            got = totals(program, members, os.path.join(tmp, "totals.txt"))
            bad = [i for i in range(max(len(got), len(ref))) if i >= len(got) or i >= len(ref) or got[i] != ref[i]]
            if bad:
                i = bad[0]
                print(f"FAIL {name}: {len(bad)} of {members} totals differ from the reference, first unit-{i:06d}: "
                      f"{got[i] if i < len(got) else 'missing'} vs {ref[i] if i < len(ref) else 'missing'}")
                failed += 1
            else:
                print(f"ok {name}: {members} totals agree with the reference")
    print(f"{len(runs) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
