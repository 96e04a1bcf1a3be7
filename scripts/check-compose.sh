#!/usr/bin/env bash
# Validate docker-compose.yml with 'docker compose config'. Where the Compose plugin is
# missing (no Docker engine on CI), build Docker Compose v2 itself from the Go module
# proxy once (~7 min on 2 cores) and cache the binary; later runs take a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

COMPOSE_VERSION=v2.39.2
cache="${GRAPH_API_CACHE_DIR:-$HOME/.cache/graph_api}/bin"
binary="$cache/docker-compose-$COMPOSE_VERSION"

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif [ -x "$binary" ]; then
  compose=("$binary")
elif command -v go >/dev/null 2>&1; then
  echo "Docker Compose is not installed: building Compose $COMPOSE_VERSION from the Go module proxy (first time only, several minutes)..."
  mkdir -p "$cache"
  source_dir=$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
  (cd "$source_dir" && go build -trimpath -o "$binary.partial" ./cmd)
  mv "$binary.partial" "$binary"
  compose=("$binary")
else
  echo "Cannot check docker-compose.yml: neither 'docker compose' nor Go is installed." >&2
  echo "Install the Docker Compose plugin, or Go (to build it), and run this again." >&2
  exit 1
fi

NEO4J_PASSWORD=check-only "${compose[@]}" -f docker-compose.yml config --quiet
echo "docker-compose.yml is valid ($("${compose[@]}" version --short 2>/dev/null || echo "$COMPOSE_VERSION"))"
