#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, types, schema file, compose file, and pytest
# against both stores, including a real Neo4j 5.26 fetched from Maven Central and
# started on loopback for the run (stopped afterwards, also when tests fail).
# Extra arguments go to pytest, e.g. scripts/test.sh -k contract -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export PYTHONDONTWRITEBYTECODE=1

echo "==> ruff (lint and format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "==> mypy --strict"
.venv/bin/mypy

echo "==> schema.graphql matches the code"
.venv/bin/graph-api schema --check schema.graphql

echo "==> docker-compose.yml is valid"
bash scripts/check-compose.sh

echo "==> Neo4j jars (downloaded from Maven Central once, then cached in ~/.m2)"
.venv/bin/graph-api neo4j fetch

echo "==> Chromium for the browser tests (Debian's package)"
bash scripts/ensure-chromium.sh

echo "==> pytest"
set +e
.venv/bin/pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
exit "$status"
