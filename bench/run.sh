#!/usr/bin/env bash
# npm run bench: the org-page query on PostgreSQL, Orgraph side by side with the one-statement
# limit, PostGraphile v5 and the yoga + graphql-jit ceiling, in one run (see docs/performance.md).
#
# Env: RUNS (3), DURATION (15 s), WARMUP (3 s), CONNECTIONS (10), BENCH_PORT (5700: the cluster;
# servers on the next four ports), BENCH_DIR (/tmp/orgraph-bench: cluster, data, results).
# Everything it starts it stops on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3} DURATION=${DURATION:-15} WARMUP=${WARMUP:-3} CONNECTIONS=${CONNECTIONS:-10}
port=${BENCH_PORT:-5700} dir=${BENCH_DIR:-/tmp/orgraph-bench}
db_url="postgres://postgres@127.0.0.1:$port/orgraph_bench"
mkdir -p "$dir"

pids=()
pg_bin="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
wait_for() { # url: until it answers
  for _ in $(seq 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "no answer from $1" >&2; return 1
}

echo "== the reference servers' packages (bench/node_modules)"
[ -d bench/node_modules ] || npm ci --prefix bench --no-audit --no-fund >/dev/null

echo "== Orgraph, compiled as npm start runs it"
npm run -s build

echo "== a private PostgreSQL on 127.0.0.1:$port with pg_stat_statements"
as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
rm -rf "$dir/pg" "$dir/data"; mkdir -p "$dir/pg"
[ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/pg"
as_postgres "$pg_bin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/pg \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off" start >/dev/null
psql -q "postgres://postgres@127.0.0.1:$port/postgres" -c 'CREATE DATABASE orgraph_bench'
psql -q "$db_url" -c 'CREATE EXTENSION pg_stat_statements'
DATABASE_URL=$db_url npm run -s db:migrate
psql -q -v ON_ERROR_STOP=1 "$db_url" -f bench/org-page/seed.sql

echo "== the servers"
server() { # name port command...: starts a server, logging to $dir/<name>.log
  local name=$1 server_port=$2; shift 2
  (exec env DATABASE_URL="$db_url" PORT="$server_port" "$@" >"$dir/$name.log" 2>&1) &
  pids+=($!); eval "${name}_pid=$!"
}
server limit $((port + 1)) node bench/servers/limit.mjs
server postgraphile $((port + 2)) node --import ./bench/servers/node22-shim.mjs bench/node_modules/postgraphile/dist/cli-run.js -C ./bench/servers/postgraphile.config.mjs
# What `npm start` runs (its node flags included), without npm above it, so that CPU and memory are the server's own.
start_command=$(node -p 'require("./package.json").scripts.start')
# shellcheck disable=SC2086 # the command's words are meant to split
server orgraph $((port + 3)) env NODE_ENV=production DATA_DIR="$dir/data" HOST=127.0.0.1 $start_command
server ceiling $((port + 4)) node bench/servers/ceiling.mjs
for p in 1 2 3 4; do wait_for "http://127.0.0.1:$((port + p))/graphql"; done
token=$(DATA_DIR="$dir/data" TOKEN_TTL_SECONDS=86400 npm run -s token -- bench@example.test)

echo "== side by side"
# shellcheck disable=SC2154 # the *_pid variables are set by server()
(cd bench && node side-by-side.mjs --db "$db_url" --pgpid "$(head -1 "$dir/pg/postmaster.pid")" \
  --runs "$RUNS" --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" --out "$dir/results.json" \
  --header "authorization: Bearer $token" \
  "limit=http://127.0.0.1:$((port + 1))/graphql,pid=$limit_pid,query=org-page/query.graphql,normalize=orgraph" \
  "postgraphile=http://127.0.0.1:$((port + 2))/graphql,pid=$postgraphile_pid,query=org-page/query.postgraphile.graphql,normalize=postgraphile" \
  "orgraph=http://127.0.0.1:$((port + 3))/graphql,pid=$orgraph_pid,query=org-page/query.graphql,normalize=orgraph" \
  "yoga-jit-ceiling=http://127.0.0.1:$((port + 4))/graphql,pid=$ceiling_pid,query=org-page/query.graphql,normalize=orgraph") | tee "$dir/results.md"
echo "(results also in $dir/results.md and results.json)"
