# shellcheck shell=bash
# restart.sh — one OmenDB server over a data directory kept across restarts,
# for the tests/crash/run_*_restart.sh scripts. Source it after
# tests/lib/server.sh with RESTART_NAME set (the script's name, for messages and
# the work directory). It sets WORK, DATA, LOG, PORT and SPID, removes WORK at
# exit (unless KEEP_TEST_DIRS), and defines:
#   die MSG      report the failure with the server log's last lines, exit 1
#   start        start the server on DATA (a restart after stop_clean or crash)
#   stop_clean   SIGTERM, wait for it to exit
#   crash        SIGKILL, wait
#   sql ARGS...  psql as omendb, stopping at the first error

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-$RESTART_NAME.XXXXXX")"
DATA="$WORK/data"
LOG="$WORK/server.log"
SPID=""
PORT="$(free_port)"
_restart_cleanup() {
    if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "$RESTART_NAME: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
add_cleanup _restart_cleanup

die() {
    echo "$RESTART_NAME: FAILED: $*" >&2
    tail -n 20 "$LOG" >&2
    exit 1
}

start() {
    "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" >>"$LOG" 2>&1 &
    SPID=$!
    wait_ready "$PORT" 20 "$SPID" || die "server did not start"
}

stop_clean() {
    kill -TERM "$SPID" && wait "$SPID" 2>/dev/null
    SPID=""
}

crash() {
    kill -KILL "$SPID" && wait "$SPID" 2>/dev/null
    SPID=""
}

sql() {
    PGPASSWORD=omendb psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb omendb "$@"
}
