#!/usr/bin/env bash
# Create .venv with the project and its development tools, or bring it up to date.
# Sourced by serve.sh and test.sh; safe to run again (it only reinstalls when
# pyproject.toml changed since the last install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Python 3.12 (else 3.13) where there is one, on PATH or installed by pyenv: the Neo4j
# driver's socket reads create a task each on 3.11 (its wait_for shim), which doubled the
# time of large answers (85,000 rows: 4.3 s on 3.11, 2.4 s on 3.12). PYTHON chooses another.
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  candidates=(python3.12 python3.13)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.12*/bin/python3.12 "$(pyenv root)"/versions/3.13*/bin/python3.13)
  fi
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      PYTHON=$candidate
      break
    fi
  done
fi
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
