#!/usr/bin/env bash
# Prints a Python >= 3.12 interpreter (Django 6 needs it). Looks on PATH, then in pyenv's versions.
set -u
ok() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=("${PYTHON:-}" python3.14 python3.13 python3.12 python3)
for root in "${PYENV_ROOT:-$HOME/.pyenv}" /root/.pyenv /opt/pyenv; do
  for p in "$root"/versions/3.1[2-9]*/bin/python3; do candidates+=("$p"); done
done
candidates+=(/usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12)
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  if ok "$c"; then command -v "$c"; exit 0; fi
done
echo "No Python 3.12 or newer found. Install one (e.g. 'apt-get install python3.12' or pyenv) or set PYTHON=/path/to/python3.12." >&2
exit 1
