#!/usr/bin/env bash
# Installs the Debian packages OmenDB needs to build, test and benchmark.
# Idempotent: only packages that are missing are installed. Needs root (or sudo).
set -euo pipefail

PKGS=(
  make gcc clang clang-format pkg-config
  libclang-rt-dev                        # clang's sanitizer and libFuzzer runtimes (tests/fuzz)
  libpg-query-dev libprotobuf-c-dev      # PostgreSQL 15 grammar
  libssl-dev libzstd-dev liblz4-dev libsnappy-dev libjansson-dev
  libmicrohttpd-dev                      # the HTTP API (src/http)
  liburcu-dev libcmocka-dev libpq-dev
  postgresql-15 postgresql-client-15     # differential oracle, psql, pgbench
  tzdata                                 # named time zones (/usr/share/zoneinfo)
  python3 procps curl
  openssl                                # test certificates for TLS (tests/integration/test_auth.c)
  python3-psycopg2 python3-psycopg      # client tests (tests/clients), run with /usr/bin/python3
  python3-sqlalchemy python3-django     # ORM client tests (tests/clients)
  default-jdk-headless libpostgresql-jdbc-java  # JDBC client test (tests/clients/run_jdbc.sh)
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages of the Parquet interoperability test (tests/parquet/package.json),
# installed project-locally into tests/parquet/node_modules (not committed).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$ROOT/tests/parquet/node_modules/@duckdb/node-api" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm install in tests/parquet (@duckdb/node-api)"
    (cd "$ROOT/tests/parquet" && npm install --no-audit --no-fund --loglevel=error) ||
      echo "install-deps: npm install failed; tests/parquet/run_duckdb_read.sh will fail" >&2
  else
    echo "install-deps: npm not found; tests/parquet/run_duckdb_read.sh will fail" >&2
  fi
fi

# npm packages of the client tests (tests/clients/node: pg, pg-cursor, pg-query-stream, pg-copy-streams,
# postgres, knex), pinned by its package-lock.json and installed with `npm ci`.
if [ ! -d "$ROOT/tests/clients/node/node_modules/pg-copy-streams" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm ci in tests/clients/node (pg, postgres, knex ...)"
    (cd "$ROOT/tests/clients/node" && npm ci --no-audit --no-fund --loglevel=error) ||
      echo "install-deps: npm ci failed; tests/clients/run_node.sh will fail" >&2
  else
    echo "install-deps: npm not found; tests/clients/run_node.sh will fail" >&2
  fi
fi
