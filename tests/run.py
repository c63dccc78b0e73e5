"""The whole check, as CI runs it: lint, types, layering, then the test suite.

Usage: python -m tests.run [pytest args...]. Exits non-zero on the first failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    rc = subprocess.call(cmd, cwd=ROOT)
    if rc != 0:
        print(f"FAILED ({rc}): {' '.join(cmd)}", flush=True)
        sys.exit(rc)


def main() -> None:
    py = sys.executable
    bindir = Path(py).parent
    run(py, "-m", "ruff", "check", ".")
    run(py, "-m", "mypy", "protocol", "server")
    run(py, "-m", "mypy", "console")
    run(str(bindir / "lint-imports"))
    env_args = sys.argv[1:]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    run(py, "-m", "pytest", "-q", *env_args)


if __name__ == "__main__":
    main()
