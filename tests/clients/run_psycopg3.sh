#!/usr/bin/env bash
# psycopg3 (Debian python3-psycopg, run with /usr/bin/python3) against OmenDB:
# tests/clients/test_psycopg3.py. Exit status 0 iff every check passed.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
/usr/bin/python3 -c 'import psycopg' 2>/dev/null ||
    { echo "psycopg3: FAIL (python3-psycopg is not installed: scripts/install-deps.sh)"; exit 1; }
exec "$HERE/with_server.sh" psycopg3 /usr/bin/python3 "$HERE/test_psycopg3.py"
