#!/usr/bin/env bash
# The services the tests of several nodes need: PostgreSQL and Redis, on loopback, for this machine only.
# Idempotent: installs what is missing, starts what is not running, creates the test role and
# database once, and prints the variables the tests read, so that `eval "$(bash scripts/test-services.sh)"`
# sets them. Everything it says for a person goes to stderr; stdout carries only the export lines.
set -euo pipefail

PG_ROLE="${RAKOR_TEST_PG_ROLE:-rakor_test}"
PG_PASSWORD="${RAKOR_TEST_PG_PASSWORD:-rakor_test}"
PG_DB="${RAKOR_TEST_PG_DB:-rakor_test}"
REDIS_PORT="${RAKOR_TEST_REDIS_PORT:-6379}"

say() { echo "test-services: $*" >&2; }

SUDO=""
AS_POSTGRES=(runuser -u postgres --)
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
  AS_POSTGRES=(sudo -u postgres)
fi

missing=()
command -v pg_lsclusters >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  # No service starts on install in a container without systemd; this script starts what it needs below.
  $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

# PostgreSQL: Debian's cluster (the newest installed version), started when it is down. Nothing
# starts it when the machine boots, so every run of the tests goes through here.
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  say "creating PostgreSQL cluster $version main"
  $SUDO pg_createcluster "$version" main >&2
fi
read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(pg_lsclusters -h | sort -k1,1V | tail -1)
if [ "$PG_STATUS" != "online" ]; then
  say "starting PostgreSQL $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
  $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
fi
for _ in $(seq 1 50); do
  if "${AS_POSTGRES[@]}" psql -p "$PG_PORT" -Atqc 'select 1' >/dev/null 2>&1; then break; fi
  sleep 0.2
done

psql_admin() { "${AS_POSTGRES[@]}" psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -Atq "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_ROLE'")" != "1" ]; then
  say "creating role $PG_ROLE"
  psql_admin -c "create role $PG_ROLE login password '$PG_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]; then
  say "creating database $PG_DB"
  # Template0 with the C collation: the schema orders text with COLLATE "C" anyway, and a test database
  # whose default sorts like SQLite's BINARY hides nothing that production would show.
  psql_admin -c "create database $PG_DB owner $PG_ROLE template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'" >&2
  # A commit that returns before its WAL is flushed: lost only if PostgreSQL itself crashes, which no
  # test does (the kill -9 tests kill Rakor). The suite makes thousands of small commits on two cores.
  psql_admin -c "alter database $PG_DB set synchronous_commit = off" >&2
fi

# Redis: in memory only, on loopback.
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  say "starting Redis on port $REDIS_PORT"
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >&2
  for _ in $(seq 1 50); do
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
fi

echo "export RAKOR_TEST_DATABASE_URL=postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
echo "export RAKOR_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
