#!/usr/bin/env bash
# Validate docker-compose.yml against the Compose Specification's JSON schema, with
# check-jsonschema's vendored copy of it: no Docker engine, Compose or network needed.
# Where the Docker Compose plugin is installed, ask it too ('docker compose config'),
# which also resolves the file's ${VARIABLE} references.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
if docker compose version >/dev/null 2>&1; then
  NEO4J_PASSWORD=check-only docker compose -f docker-compose.yml config --quiet
  echo "docker compose config accepts it too ($(docker compose version --short))"
fi
