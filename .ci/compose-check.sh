#!/usr/bin/env bash
# Builds the image, starts compose.yaml (PostgreSQL, migrations, the API) on a free project, waits
# for the API's healthcheck (/ready), runs a query, prints the image's size, and removes it all.
set -euo pipefail
cd "$(dirname "$0")/.."
project="orgraph-ci-$$"
port="${CI_COMPOSE_PORT:-54000}"
trap 'PORT=$port docker compose -p "$project" down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
PORT=$port docker compose -p "$project" build
PORT=$port docker compose -p "$project" up -d --wait --wait-timeout 180
curl -fsS "http://127.0.0.1:$port/ready"; echo
curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -d '{"query":"{ __typename }"}'; echo
docker image inspect orgraph --format 'image orgraph: {{.Size}} bytes' 
# docker stop sends SIGTERM: the API drains and exits 0.
PORT=$port docker compose -p "$project" stop api
test "$(docker inspect "$(PORT=$port docker compose -p "$project" ps -a -q api)" --format '{{.State.ExitCode}}')" = 0
