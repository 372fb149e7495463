#!/usr/bin/env bash
# The Django ORM (Debian python3-django 3.2 over python3-psycopg2, run with
# /usr/bin/python3) against OmenDB: tests/clients/test_django.py.
# Exit status 0 iff every check passed.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
/usr/bin/python3 -c 'import django, psycopg2' 2>/dev/null ||
    { echo "django: FAIL (python3-django or python3-psycopg2 is not installed: scripts/install-deps.sh)"; exit 1; }
exec "$HERE/with_server.sh" django /usr/bin/python3 "$HERE/test_django.py"
