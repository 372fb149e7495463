#!/usr/bin/env bash
# psycopg2 over TLS with SCRAM-SHA-256 (docs/auth.md): a self-signed certificate made
# at test time, a server with ssl = on and auth_method = scram-sha-256; psycopg2
# connects with sslmode=require (libpq then uses SCRAM-SHA-256-PLUS), runs queries,
# executemany, COPY both ways and a large result over TLS; a wrong password fails.
# Exit status 0 iff every check passed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${REPO:-$(cd "$HERE/../.." && pwd)}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null ||
    { echo "psycopg2_tls: FAIL (python3-psycopg2 is not installed: scripts/install-deps.sh)"; exit 1; }
command -v openssl >/dev/null ||
    { echo "psycopg2_tls: FAIL (openssl is not installed: scripts/install-deps.sh)"; exit 1; }

CERT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/omendb-cert.XXXXXX")"
add_cleanup "rm -rf $CERT_DIR"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$CERT_DIR/server.key" -out "$CERT_DIR/server.crt" 2>/dev/null

export OMENDB_SSL=on OMENDB_SSL_CERT_FILE="$CERT_DIR/server.crt" OMENDB_SSL_KEY_FILE="$CERT_DIR/server.key"
export OMENDB_AUTH_METHOD=scram-sha-256 OMENDB_PASSWORD='py tls pw'
start_omendb

OMEN_PORT="$OMEN_PORT" PGPASSFILE="$CERT_DIR/none" /usr/bin/python3 - <<'PYEOF'
import io, os, sys
import psycopg2

port = int(os.environ["OMEN_PORT"])
base = dict(host="127.0.0.1", port=port, user="omendb", dbname="omendb")

conn = psycopg2.connect(sslmode="require", password="py tls pw", **base)
cur = conn.cursor()
cur.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
ssl, version = cur.fetchone()
assert ssl is True and version.startswith("TLS"), (ssl, version)
cur.execute("CREATE TABLE pt (id int PRIMARY KEY, v text)")
cur.executemany("INSERT INTO pt VALUES (%s, %s)", [(i, "v%d" % i) for i in range(2000)])
conn.commit()
cur.copy_expert("COPY pt FROM STDIN", io.StringIO("".join("%d\tc%d\n" % (i, i) for i in range(2000, 22000))))
conn.commit()
out = io.StringIO()
cur.copy_expert("COPY pt TO STDOUT", out)
assert out.getvalue().count("\n") == 22000
cur.execute("SELECT repeat('y', 1000) FROM generate_series(1, 5000)")
assert len(cur.fetchall()) == 5000
conn.close()

try:
    psycopg2.connect(sslmode="require", password="wrong", **base)
    sys.exit("wrong password accepted")
except psycopg2.OperationalError as e:
    assert 'password authentication failed for user "omendb"' in str(e), str(e)
print("psycopg2_tls: ok")
PYEOF
