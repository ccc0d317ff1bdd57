"""``python -m thidua`` runs the ``thidua`` command line shipped in the package.

The executable is the one built by the same CMake as the module (cli/), so
the command line and the Python API compute with the same library. Arguments
and exit status are the command line's: ``python -m thidua eval
rulebook.yaml data.yaml --format json``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional


def cli_path() -> Optional[Path]:
    """The packaged ``thidua`` executable, or None when this build has none."""
    name = "thidua.exe" if os.name == "nt" else "thidua"
    path = Path(__file__).resolve().parent / "bin" / name
    return path if path.is_file() else None


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    path = cli_path()
    if path is None:
        print("thidua: this installation has no command-line executable "
              "(the package was built without cli/)", file=sys.stderr)
        return 2
    if os.name == "posix" and argv is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(str(path), [str(path), *args])  # keeps the exit status and signals
    return subprocess.call([str(path), *args])


if __name__ == "__main__":
    sys.exit(main())
