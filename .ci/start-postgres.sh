#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on 127.0.0.1 (installing it when missing) and prints its URL.
# PostgreSQL refuses to run as root, so the server runs as the postgres user.
set -euo pipefail
port="${PGPORT_TEST:-54329}"
dir="${PGDATA_TEST:-/tmp/orgraph-pg-$port}"

if ! command -v pg_config >/dev/null 2>&1 && [ ! -d /usr/lib/postgresql ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bindir="$(pg_config --bindir 2>/dev/null || true)"
if [ ! -x "$bindir/initdb" ]; then bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"; fi

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$dir/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  :
else
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
