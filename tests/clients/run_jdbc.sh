#!/usr/bin/env bash
# The PostgreSQL JDBC driver (Debian libpostgresql-jdbc-java, /usr/share/java/postgresql.jar,
# run with the Debian JDK) against OmenDB: tests/clients/java/JdbcTest.java, compiled into a
# temporary directory. Exit status 0 iff every check passed.
# JDBC_TRACE=1 makes the driver log every protocol message to stderr.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR=/usr/share/java/postgresql.jar
if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1 || [ ! -f "$JAR" ]; then
    echo "jdbc: FAIL (javac or $JAR is missing: scripts/install-deps.sh, Debian packages" \
        "default-jdk-headless and libpostgresql-jdbc-java)"
    exit 1
fi
CLASSES="$(mktemp -d "${TMPDIR:-/tmp}/omendb-jdbc.XXXXXX")" || exit 1
trap 'rm -rf "$CLASSES"' EXIT
javac -encoding UTF-8 -nowarn -cp "$JAR" -d "$CLASSES" "$HERE/java/JdbcTest.java" ||
    { echo "jdbc: FAIL (javac failed)"; exit 1; }
"$HERE/with_server.sh" jdbc java -Dfile.encoding=UTF-8 -cp "$JAR:$CLASSES" JdbcTest
exit $?

