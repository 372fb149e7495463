#!/usr/bin/env bash
# The HTTP API end to end (docs/http.md): a server with --http-port on a free port,
# then tests/http/test_http.py (health, Prometheus metrics, POST /query types, errors
# and limits, console, visibility beside psql, 8 parallel clients); a second server on
# the same HTTP port must refuse to start (exit 1); last, SIGTERM with a statement in
# flight must answer it 503 57P01 and exit 0; a server whose WAL fsync fails
# (OMENDB_FAULT) must report 503 read_only on /health.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
PY=/usr/bin/python3

OMEN_HTTP_PORT="$(free_port)"
start_omendb
echo "omendb on port $OMEN_PORT, HTTP on $OMEN_HTTP_PORT"
"$PY" "$REPO/tests/http/test_http.py" "$OMEN_HTTP_PORT" "$OMEN_PORT"

# The HTTP port in use: the second server says so and exits 1.
dir2="$(mktemp -d "${TMPDIR:-/tmp}/omendb-test.XXXXXX")"
add_cleanup "rm -rf $dir2"
set +e
timeout 30 "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$(free_port)" --data "$dir2/data" \
    --http-port "$OMEN_HTTP_PORT" >"$dir2/log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 1 ] || ! grep -q "could not listen for HTTP" "$dir2/log"; then
    echo "FAIL second server on a used HTTP port: exit $rc"
    cat "$dir2/log"
    exit 1
fi
echo "ok   HTTP port in use: exit 1 ($(grep -o 'could not listen for HTTP.*' "$dir2/log"))"

# SIGTERM with a request in flight.
"$PY" "$REPO/tests/http/test_http.py" "$OMEN_HTTP_PORT" "$OMEN_PORT" shutdown "$OMEN_PID"
set +e
wait "$OMEN_PID"
rc=$?
set -e
if [ "$rc" -ne 0 ] || ! grep -q "database system is shut down" "$OMEN_DIR/server.log"; then
    echo "FAIL shutdown with an HTTP request in flight: exit $rc"
    tail -n 20 "$OMEN_DIR/server.log"
    exit 1
fi
echo "ok   clean shutdown with an HTTP request in flight (exit 0)"

# Basic auth: listening beyond loopback under auth_method=auto, the API wants
# omendb's password (docs/http.md "Authentication"); /health stays open.
dir3="$(mktemp -d "${TMPDIR:-/tmp}/omendb-test.XXXXXX")"
add_cleanup "rm -rf $dir3"
hport="$(free_port)"
OMENDB_PASSWORD=s3cret "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$(free_port)" \
    --data "$dir3/data" --http-port "$hport" --http-listen '*' >"$dir3/log" 2>&1 &
pid3=$!
add_cleanup "kill -9 $pid3"
for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$hport/health" && break
    sleep 0.1
done
q() { curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$hport/query" \
    -H 'Content-Type: application/json' -d '{"sql": "SELECT 1"}' "$@"; }
health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$hport/health")
none=$(q)
wrong=$(q -u omendb:nope)
right=$(q -u omendb:s3cret)
if [ "$health/$none/$wrong/$right" != "200/401/401/200" ]; then
    echo "FAIL Basic auth: health/none/wrong/right = $health/$none/$wrong/$right"
    cat "$dir3/log"
    exit 1
fi
echo "ok   Basic auth on a non-loopback listen address: health $health, none $none, wrong $wrong, right $right"
kill "$pid3"
wait "$pid3" || true

# The WAL's fsync fails (fault injection, src/common/file_io.c): /health turns read_only.
OMEN_HTTP_PORT="$(free_port)"
OMENDB_FAULT="fsync_fail:4,path=/wal/" start_omendb
"$PY" "$REPO/tests/http/test_http.py" "$OMEN_HTTP_PORT" "$OMEN_PORT" read_only
# (the EXIT trap stops the server)
