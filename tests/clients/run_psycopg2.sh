#!/usr/bin/env bash
# psycopg2 (Debian python3-psycopg2, run with /usr/bin/python3) against OmenDB:
# tests/clients/test_psycopg2.py. Exit status 0 iff every check passed.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null ||
    { echo "psycopg2: FAIL (python3-psycopg2 is not installed: scripts/install-deps.sh)"; exit 1; }
exec "$HERE/with_server.sh" psycopg2 /usr/bin/python3 "$HERE/test_psycopg2.py"
