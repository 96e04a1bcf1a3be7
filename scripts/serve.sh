#!/usr/bin/env bash
# Install (first time) and run the service on the embedded store with the seed data.
# GraphiQL: http://127.0.0.1:8000/graphql. Extra arguments go to 'graph-api serve',
# e.g. scripts/serve.sh --port 9000, or --store neo4j with NEO4J_URI/USER/PASSWORD set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/graph-api serve "$@"
