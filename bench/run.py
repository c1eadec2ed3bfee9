"""Runs every benchmark under bench/ (files named bench_*.py), each in its own process.

Each benchmark builds its own database (SQLite in var/bench/ unless BENCH_DATABASE_URL is
set), generates realistic data at the sizes its issue names, and prints its figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    selected = sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if selected and script.stem not in selected and script.stem.removeprefix("bench_") not in selected:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
