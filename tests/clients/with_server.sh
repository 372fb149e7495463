#!/usr/bin/env bash
# with_server.sh — runs one client test program against a fresh OmenDB:
#
#   tests/clients/with_server.sh NAME CMD [ARGS...]
#
# starts OmenDB on a free port with a temporary data directory
# (tests/lib/server.sh), runs CMD ARGS... 127.0.0.1 PORT, stops the server, and
# exits with CMD's status. On failure the last lines of the server log follow.
# NAME labels the messages. Used by the run_*.sh scripts of this directory.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
name=$1
shift
start_omendb || { echo "$name: FAIL (omendb did not start)"; exit 1; }
"$@" 127.0.0.1 "$OMEN_PORT"
rc=$?
if ! kill -0 "$OMEN_PID" 2>/dev/null; then
    echo "$name: omendb exited during the test"
    rc=1
fi
if [ $rc -ne 0 ]; then
    echo "$name: last lines of the server log:"
    tail -n 20 "$OMEN_DIR/server.log"
fi
exit $rc
