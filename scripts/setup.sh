#!/usr/bin/env bash
# Create .venv with the project and its development tools, or bring it up to date.
# Sourced by serve.sh and test.sh; safe to run again (it only reinstalls when
# pyproject.toml changed since the last install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "graph-api needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
  echo "Install Python 3.11+, or point PYTHON at one: PYTHON=python3.12 $0" >&2
  exit 1
fi

stamp=.venv/.installed-from-pyproject
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing graph-api and its development tools into .venv (first time ~1 min)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --progress-bar on -e '.[dev]'
  touch "$stamp"
fi
