#!/usr/bin/env bash
# PL/pgSQL and triggers side by side: OmenDB and PostgreSQL 15 (started here; each timed
# statement runs with synchronous_commit=off on both, so the numbers are CPU, not the log's
# flush), the same statements on each, median of RUNS
# runs, milliseconds from psql's \timing, and the ratio OmenDB/PostgreSQL (below 1: OmenDB
# is faster). What is measured (N rows each):
#   scalar call     SELECT sum(padd1(g)) FROM generate_series(1, N) g   (one call per row)
#   RETURN NEXT     SELECT count(*) FROM gen_next(N)                     (a loop of RETURN NEXT)
#   RETURN QUERY    SELECT count(*) FROM gen_query(N)
#   INSERT          INSERT INTO plain SELECT ... (N rows, no trigger: the baseline)
#   +BEFORE ROW     the same into a table whose BEFORE INSERT trigger sets a column
#   +AFTER ROW      the same into a table whose AFTER INSERT trigger inserts an audit row
#   UPDATE          UPDATE of every row of the table without trigger (the baseline)
#   UPDATE+BEFORE   UPDATE of every row of the BEFORE-trigger table (version := OLD + 1)
#   bench/plpgsql/run.sh [--rows 100000] [--runs 3]
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/lib/server.sh"
ROWS=100000 RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs N]"; exit 2 ;;
    esac
done
start_postgres || exit 1
start_omendb || exit 1

omen() { PGPASSWORD=omendb psql -X -q -h 127.0.0.1 -p "$OMEN_PORT" -U omendb omendb "$@"; }
pg() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" postgres "$@"; }

SETUP="
CREATE FUNCTION padd1(x int) RETURNS int LANGUAGE plpgsql AS \$\$ BEGIN RETURN x + 1; END \$\$;
CREATE FUNCTION gen_next(n int) RETURNS SETOF int LANGUAGE plpgsql AS \$\$
BEGIN FOR i IN 1..n LOOP RETURN NEXT i; END LOOP; END \$\$;
CREATE FUNCTION gen_query(n int) RETURNS TABLE (i int, s text) LANGUAGE plpgsql AS \$\$
BEGIN RETURN QUERY SELECT g, 'r' || g FROM generate_series(1, n) g; END \$\$;
CREATE TABLE plain (id int PRIMARY KEY, name text, version int);
CREATE TABLE with_before (id int PRIMARY KEY, name text, version int);
CREATE TABLE with_after (id int PRIMARY KEY, name text, version int);
CREATE TABLE audit (id int, op text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN NEW.version := coalesce(OLD.version, 0) + 1; RETURN NEW; END \$\$;
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN INSERT INTO audit VALUES (NEW.id, TG_OP); RETURN NULL; END \$\$;
CREATE TRIGGER b BEFORE INSERT OR UPDATE ON with_before FOR EACH ROW EXECUTE FUNCTION stamp();
CREATE TRIGGER a AFTER INSERT ON with_after FOR EACH ROW EXECUTE FUNCTION note();
"
omen -c "$SETUP" >/dev/null || exit 1
pg -c "$SETUP" >/dev/null || exit 1

# ms CLIENT SQL [RESET]: milliseconds of SQL (RESET runs first, untimed), median of RUNS
ms() {
    local client=$1 sql=$2 reset=${3:-}
    for _ in $(seq "$RUNS"); do
        [ -n "$reset" ] && $client -c "$reset" >/dev/null
        $client -c "SET synchronous_commit = off" -c '\timing on' -c "$sql" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1
    done | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'
}

N=$ROWS
INS="SELECT g, 'n' || g, 0 FROM generate_series(1, $N) g"
echo "PL/pgSQL and triggers: OmenDB vs PostgreSQL 15, $N rows, median of $RUNS runs"
echo "reproduce: bench/plpgsql/run.sh --rows $ROWS --runs $RUNS"
printf "%-16s %12s %12s %8s\n" "case" "omen ms" "pg ms" "ratio"
row() { # row NAME SQL [RESET]
    local o p
    o="$(ms omen "$2" "${3:-}")"
    p="$(ms pg "$2" "${3:-}")"
    awk -v n="$1" -v o="$o" -v p="$p" 'BEGIN { printf "%-16s %12.1f %12.1f %8.2f\n", n, o, p, (p > 0 ? o / p : 0) }'
}
row "scalar call" "SELECT sum(padd1(g)) FROM generate_series(1, $N) g"
row "RETURN NEXT" "SELECT count(*) FROM gen_next($N)"
row "RETURN QUERY" "SELECT count(*) FROM gen_query($N)"
row "INSERT" "INSERT INTO plain $INS" "TRUNCATE plain"
row "+BEFORE ROW" "INSERT INTO with_before $INS" "TRUNCATE with_before"
row "+AFTER ROW" "INSERT INTO with_after $INS" "TRUNCATE with_after; TRUNCATE audit"
row "UPDATE" "UPDATE plain SET name = name || 'x'"
row "UPDATE+BEFORE" "UPDATE with_before SET name = name || 'x'"
