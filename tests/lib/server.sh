# shellcheck shell=bash
# Server helpers for OmenDB test scripts. Source this file; do not run it.
#
#   start_omendb   starts $OMENDB_BIN (default $REPO/$BUILD/omendb) on a free port with a
#                  fresh data directory; sets OMEN_PORT, OMEN_PID, OMEN_DIR. The HTTP API is
#                  off unless OMEN_HTTP_PORT names a port (--http-port, e.g. $(free_port)).
#   stop_omendb    stops it (SIGTERM, then SIGKILL after 5 s) and removes OMEN_DIR.
#   start_postgres starts a throw-away PostgreSQL 15 (C locale, UTF8, UTC, trust auth,
#                  fsync=off) on a free port; sets PG_PORT, PG_DIR, PG_USER (= postgres).
#                  As root it runs as the `postgres` system user through runuser, because
#                  initdb refuses to run as root.
#   stop_postgres  stops it (immediate) and removes PG_DIR.
#   free_port      prints a TCP port on 127.0.0.1 that nobody listens on.
#
# Every start registers its stop with one EXIT trap (see add_cleanup), so a script that
# dies or is interrupted still leaves no server behind. Only processes started here are
# ever killed, and only by their pid.

TESTLIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${REPO:-$(cd "$TESTLIB_DIR/../.." && pwd)}"
BUILD="${BUILD:-build}"
PG_BINDIR="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
OMENDB_BIN="${OMENDB_BIN:-$REPO/$BUILD/omendb}"

# No test server opens the HTTP API's default port 8080 unless asked: servers of tests
# running in parallel (and scripts that start `omendb serve` themselves) would collide
# on it. A test of the HTTP API passes --http-port (OMEN_HTTP_PORT for start_omendb).
export OMENDB_HTTP_PORT="${OMENDB_HTTP_PORT:-0}"

_TESTLIB_CLEANUPS=()

_testlib_run_cleanups() {
    local i
    for ((i = ${#_TESTLIB_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${_TESTLIB_CLEANUPS[$i]}" >/dev/null 2>&1 || true
    done
    _TESTLIB_CLEANUPS=()
}

# add_cleanup CMD: run CMD when the script exits (in reverse order of registration).
add_cleanup() {
    _TESTLIB_CLEANUPS+=("$1")
    trap _testlib_run_cleanups EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - <<'EOF' && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
    fi
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# wait_ready PORT SECONDS [PID]: wait until something accepts PostgreSQL connections.
wait_ready() {
    local port=$1 secs=$2 pid=${3:-} i
    for ((i = 0; i < secs * 10; i++)); do
        if pg_isready -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1; then
            return 0
        fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

start_omendb() {
    if [ ! -x "$OMENDB_BIN" ]; then
        echo "start_omendb: $OMENDB_BIN not found (build it first)" >&2
        return 1
    fi
    local attempt
    for attempt in 1 2 3; do
        OMEN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/omendb-test.XXXXXX")"
        OMEN_PORT="$(free_port)"
        "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$OMEN_PORT" --data "$OMEN_DIR/data" \
            --http-port "${OMEN_HTTP_PORT:-0}" >"$OMEN_DIR/server.log" 2>&1 &
        OMEN_PID=$!
        add_cleanup "stop_omendb $OMEN_PID $OMEN_DIR"
        if wait_ready "$OMEN_PORT" "${OMEN_START_TIMEOUT:-20}" "$OMEN_PID"; then
            export OMEN_PORT OMEN_PID OMEN_DIR
            return 0
        fi
        echo "start_omendb: server did not come up on port $OMEN_PORT (attempt $attempt);" \
            "log follows" >&2
        tail -n 20 "$OMEN_DIR/server.log" >&2
        stop_omendb "$OMEN_PID" "$OMEN_DIR"
    done
    return 1
}

# stop_omendb [PID DIR]: defaults to the last server started.
stop_omendb() {
    local pid=${1:-${OMEN_PID:-}} dir=${2:-${OMEN_DIR:-}} i
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        if [ -n "${KEEP_TEST_DIRS:-}" ]; then
            echo "stop_omendb: kept $dir" >&2
        else
            rm -rf "$dir"
        fi
    fi
    return 0
}

# _as_pg CMD...: run a command as the PostgreSQL owner (postgres when we are root).
_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    if [ ! -x "$PG_BINDIR/initdb" ]; then
        echo "start_postgres: $PG_BINDIR/initdb not found (apt-get install postgresql-15)" >&2
        return 1
    fi
    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pg15-test.XXXXXX")"
    chmod 755 "$PG_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PG_DIR"
        PG_USER=postgres
    else
        PG_USER="$(id -un)"
    fi
    add_cleanup "stop_postgres $PG_DIR"
    if ! _as_pg "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U "$PG_USER" -A trust -E UTF8 \
        --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        echo "start_postgres: initdb failed; log follows" >&2
        cat "$PG_DIR/initdb.log" >&2
        return 1
    fi
    # pg_ctl hands -o to /bin/sh, so the options must stay on one line.
    local attempt opts="-c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off"
    opts+=" -c synchronous_commit=off -c full_page_writes=off -c TimeZone=UTC"
    opts+=" -c max_connections=50 -c shared_buffers=32MB ${PG_EXTRA_OPTS:-}"
    for attempt in 1 2 3; do
        PG_PORT="$(free_port)"
        if _as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
            -o "$opts -p $PG_PORT" start >/dev/null 2>&1 &&
            wait_ready "$PG_PORT" 30; then
            export PG_PORT PG_DIR PG_USER
            return 0
        fi
        echo "start_postgres: PostgreSQL did not start on port $PG_PORT (attempt $attempt)" >&2
        tail -n 20 "$PG_DIR/server.log" >&2
        _as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
    done
    return 1
}

# stop_postgres [DIR]: defaults to the last cluster started.
stop_postgres() {
    local dir=${1:-${PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        _as_pg "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1
    fi
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then
        echo "stop_postgres: kept $dir" >&2
    else
        rm -rf "$dir"
    fi
    return 0
}
