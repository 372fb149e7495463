#!/usr/bin/env bash
# pg_dump against OmenDB: PostgreSQL 15's own pg_dump (Debian postgresql-client-15) dumps
# an OmenDB database holding most of what a schema can have (types, NULLs and awkward
# text, serial and identity columns, sequences mid-way, foreign keys, checks, unique and
# DESC indexes, views over views and schemas, quoted names), in plain format (also
# --inserts), custom format (-Fc) and directory format in parallel (-Fd -j 2: the
# workers import the leader's snapshot), the last two restored with pg_restore (the
# directory one with -j 2). Each dump is restored
# into a fresh PostgreSQL 15 and into a fresh OmenDB with ON_ERROR_STOP, and then every
# table's rows, every sequence's state and every view's rows must be the same as in the
# source; the restored OmenDB must also go on working (nextval continues, constraints
# hold, identity columns refuse explicit values) and keep it all across a restart.
# A concurrent DROP TABLE waits while pg_dump's LOCK TABLE holds a table.
#
#   tests/clients/run_pg_dump.sh
#
# Prints one line per check and "pg_dump: N passed, N failed"; exit status 0 iff all passed.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
PGBIN=/usr/lib/postgresql/15/bin
export PGPASSWORD=omendb PGCONNECT_TIMEOUT=10

npass=0
nfail=0
ok() {
    echo "pg_dump: PASS $1"
    npass=$((npass + 1))
}
bad() {
    echo "pg_dump: FAIL $1"
    nfail=$((nfail + 1))
}
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then ok "$1"; else
        bad "$1"
        diff <(echo "$2") <(echo "$3") | head -n 20
    fi
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-pgdump.XXXXXX")"
add_cleanup "rm -rf $WORK"

start_omendb || exit 1
SRC_PORT=$OMEN_PORT
start_postgres || exit 1

osql() { # osql PORT ARGS...: psql against an OmenDB
    local port=$1
    shift
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U omendb omendb "$@"
}
psql_pg() { # psql_pg DB ARGS...
    local db=$1
    shift
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$db" "$@"
}

osql "$SRC_PORT" >"$WORK/setup.log" 2>&1 <<'SQL' || { cat "$WORK/setup.log"; bad "source schema"; }
CREATE TABLE kinds (
    id int PRIMARY KEY, i2 smallint, i8 bigint, f4 real, f8 double precision,
    n numeric, n2 numeric(12, 3), t text, vc varchar(10), ch char(4), b bool, d date,
    ts timestamp, tz timestamptz, iv interval, tm time, u uuid, by bytea, j json, jb jsonb,
    ia int[], ta text[], ip inet, cid cidr
);
INSERT INTO kinds VALUES
 (1, -32768, 9223372036854775807, 1.5, 1e300, 123456789012345678901234567890.123,
  -1.5, 'plain', 'short', 'ab', true, '2024-02-29', '2024-01-02 03:04:05.678901',
  '2024-01-02 03:04:05+00', '1 year 2 mons 3 days 04:05:06.5', '23:59:59.999999',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff10', '{"a": [1, 2]}', '{"b": {"c": null}}',
  '{1,NULL,3}', '{"x y","q\"uote",NULL}', '10.1.2.3/8', '192.168.0.0/16'),
 (2, NULL, NULL, 'NaN', '-Infinity', 'NaN', NULL,
  E'tab\there\nnewline \\ backslash ''quote'' é ünïcødé 😀', '', NULL, false, 'infinity',
  '-infinity', NULL, '-1 days', '00:00', NULL, '\x', '[]', '[]', '{}', '{}', '::1', NULL),
 (3, 0, 0, -0.0, 2.2250738585072014e-308, 0.000001, 0, E'\\N', 'NULL', '', NULL, NULL,
  NULL, 'infinity', NULL, NULL, NULL, NULL, 'null', '"s"', NULL, '{""}', NULL, '::/0');

CREATE TABLE parent (id serial PRIMARY KEY, name varchar(20) UNIQUE NOT NULL,
                     created date DEFAULT '2000-01-01', CHECK (length(name) > 0));
CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10)
                        PRIMARY KEY,
                    pid int NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
                    qty int DEFAULT 1 CHECK (qty >= 0), note text);
INSERT INTO parent(name) SELECT 'p' || g FROM generate_series(1, 50) g;
INSERT INTO child(pid, qty, note) SELECT 1 + g % 50, g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END
  FROM generate_series(1, 500) g;
DELETE FROM parent WHERE id = 50;
CREATE UNIQUE INDEX child_pid_id ON child (pid, id DESC);
CREATE INDEX child_note ON child (note);
CREATE INDEX child_note_lower ON child (lower(note)) WHERE qty > 10;
ALTER TABLE child ADD COLUMN qty2 bigint GENERATED ALWAYS AS (qty * 2) STORED;
CREATE INDEX child_note_like ON child (note text_pattern_ops);

CREATE SCHEMA app;
CREATE TABLE app."Order Items" ("Id" int PRIMARY KEY, "Label" text NOT NULL DEFAULT 'none',
                                parent_id int REFERENCES public.parent(id));
INSERT INTO app."Order Items" VALUES (1, 'first', 1), (2, 'second', NULL), (3, 'third', 2);
CREATE TYPE app.stage AS ENUM ('new', 'run', 'done');
ALTER TYPE app.stage ADD VALUE 'late' BEFORE 'done';
CREATE TYPE "Mood" AS ENUM ('sad', 'it''s ok', 'happy');
CREATE TABLE app.jobs (id int PRIMARY KEY, st app.stage NOT NULL DEFAULT 'new', prev app.stage,
                       m "Mood", UNIQUE (st, id));
INSERT INTO app.jobs VALUES (1, 'done', 'late', 'happy'), (2, 'late', 'run', 'it''s ok'),
                            (3, 'new', NULL, NULL), (4, 'run', 'new', 'sad');
CREATE SEQUENCE app.counter INCREMENT BY 5 START WITH 100 MINVALUE 10 MAXVALUE 100000 CYCLE;
SELECT nextval('app.counter'), nextval('app.counter');
CREATE SEQUENCE untouched;
CREATE SEQUENCE set_false;
SELECT setval('set_false', 42, false);
CREATE TABLE big AS SELECT g AS k, md5(g::text) AS h, g * 0.5 AS half FROM generate_series(1, 20000) g;
ALTER TABLE big ADD PRIMARY KEY (k);

CREATE VIEW parent_counts AS
  SELECT p.name, count(c.id) AS n, sum(c.qty) AS total
  FROM parent p LEFT JOIN child c ON c.pid = p.id GROUP BY p.name;
CREATE VIEW app.busy AS SELECT name, n FROM public.parent_counts WHERE n > 9;
CREATE VIEW app.items AS SELECT i."Label", p.name FROM app."Order Items" i JOIN parent p ON p.id = i.parent_id;
-- views whose text must parse again in both servers
CREATE VIEW shapes AS
  SELECT c.id, CASE WHEN c.note IS NULL THEN 'none' WHEN c.qty > 250 THEN 'big' ELSE 'small' END AS sz,
         row_number() OVER (PARTITION BY c.pid ORDER BY c.id DESC) AS rn,
         coalesce(p.name, '-') AS pname, c.qty::numeric / 7 AS frac
  FROM child c LEFT JOIN parent p ON p.id = c.pid WHERE c.id IN (SELECT id FROM child WHERE qty % 3 = 0);
CREATE VIEW rolled AS
  WITH t AS (SELECT pid, qty FROM child WHERE qty < 100)
  SELECT pid % 5 AS bucket, sum(qty) AS total, grouping(pid % 5) AS g FROM t GROUP BY ROLLUP (pid % 5)
  UNION ALL SELECT -1, 0, 0;
CREATE VIEW lat AS SELECT p.id, x.doubled FROM parent p, LATERAL (SELECT p.id * 2 AS doubled) x WHERE p.id < 5;
-- materialized views: named to sort before what they read, indexed, one never populated
CREATE MATERIALIZED VIEW app.a_totals AS
  SELECT p.name, sum(c.qty) AS total FROM child c JOIN parent p ON p.id = c.pid GROUP BY p.name;
CREATE UNIQUE INDEX a_totals_name ON app.a_totals (name);
CREATE MATERIALIZED VIEW a_empty AS SELECT id FROM parent WITH NO DATA;
SQL

# What must come back: each table's rows in key order, each sequence's state, each view,
# each index's definition.
snapshot() { # snapshot PSQL-FUNCTION ARGS...: prints the comparable state
    local fn=$1
    shift
    local q
    for q in "SELECT * FROM public.kinds ORDER BY id" \
        "SELECT * FROM public.parent ORDER BY id" \
        "SELECT * FROM public.child ORDER BY id" \
        "SELECT * FROM app.\"Order Items\" ORDER BY 1" \
        "SELECT * FROM app.jobs ORDER BY st, prev, id" \
        "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, e.enumsortorder" \
        "SELECT count(*), sum(k), min(h), max(h), sum(half) FROM public.big" \
        "SELECT last_value, is_called FROM app.counter" \
        "SELECT last_value, is_called FROM public.untouched" \
        "SELECT last_value, is_called FROM public.set_false" \
        "SELECT last_value, is_called FROM public.parent_id_seq" \
        "SELECT last_value, is_called FROM public.child_id_seq" \
        "SELECT * FROM public.parent_counts ORDER BY name" \
        "SELECT * FROM app.busy ORDER BY name" \
        "SELECT * FROM app.items ORDER BY 1" \
        "SELECT * FROM public.shapes ORDER BY id" \
        "SELECT * FROM public.rolled ORDER BY 1, 2" \
        "SELECT * FROM public.lat ORDER BY 1" \
        "SELECT * FROM app.a_totals ORDER BY 1" \
        "SELECT schemaname, matviewname, ispopulated FROM pg_matviews ORDER BY 2" \
        "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'app') ORDER BY 3"; do
        echo "== $q"
        "$fn" "$@" -At -c "COPY ($q) TO STDOUT" 2>&1
    done
}
SRC_STATE="$(snapshot osql "$SRC_PORT")"

# Dumps: plain, plain with INSERTs, custom format.
if pg_dump -h 127.0.0.1 -p "$SRC_PORT" -U omendb omendb >"$WORK/plain.sql" 2>"$WORK/dump.err"; then
    ok "pg_dump plain ($(wc -l <"$WORK/plain.sql") lines)"
else
    bad "pg_dump plain: $(head -n 5 "$WORK/dump.err")"
fi
if pg_dump -h 127.0.0.1 -p "$SRC_PORT" -U omendb --inserts omendb >"$WORK/inserts.sql" 2>"$WORK/dump.err"; then
    ok "pg_dump --inserts"
else
    bad "pg_dump --inserts: $(head -n 5 "$WORK/dump.err")"
fi
if pg_dump -h 127.0.0.1 -p "$SRC_PORT" -U omendb -Fc -f "$WORK/custom.dump" omendb 2>"$WORK/dump.err"; then
    ok "pg_dump -Fc"
else
    bad "pg_dump -Fc: $(head -n 5 "$WORK/dump.err")"
fi
if pg_dump -h 127.0.0.1 -p "$SRC_PORT" -U omendb -Fd -j 2 -f "$WORK/dir.dump" omendb 2>"$WORK/dump.err"; then
    ok "pg_dump -Fd -j 2 (workers import the leader's exported snapshot)"
else
    bad "pg_dump -Fd -j 2: $(head -n 5 "$WORK/dump.err")"
fi
# The dump names what PostgreSQL's would: schema-qualified sequences in defaults and
# referenced tables in foreign keys (pg_dump runs with search_path = '').
grep -q "nextval('public.parent_id_seq'::regclass)" "$WORK/plain.sql" &&
    grep -q "REFERENCES public.parent(id) ON DELETE CASCADE" "$WORK/plain.sql" &&
    grep -q 'ALTER TABLE public.child ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY' "$WORK/plain.sql" &&
    grep -q 'CREATE UNIQUE INDEX child_pid_id ON public.child USING btree (pid, id DESC);' "$WORK/plain.sql" &&
    grep -q 'CREATE INDEX child_note_lower ON public.child USING btree (lower(note)) WHERE (qty > 10);' "$WORK/plain.sql" &&
    grep -q 'CREATE INDEX child_note_like ON public.child USING btree (note text_pattern_ops);' "$WORK/plain.sql" &&
    grep -q 'qty2 bigint GENERATED ALWAYS AS ((qty \* 2)) STORED' "$WORK/plain.sql" &&
    ! grep -qE '^(GRANT|REVOKE)' "$WORK/plain.sql" &&
    ok "dump text (qualified names, identity, DESC, partial and expression indexes, generated column, no spurious ACLs)" ||
    bad "dump text (qualified names, identity, DESC, partial and expression indexes, generated column, no spurious ACLs)"

# Into PostgreSQL 15 (a role named omendb owns the objects there too).
psql_pg postgres -c "CREATE ROLE omendb" >/dev/null 2>&1
n=0
for f in plain inserts custom dir; do
    n=$((n + 1))
    psql_pg postgres -c "CREATE DATABASE rt$n" >/dev/null || bad "create database rt$n"
    if [ "$f" = custom ] || [ "$f" = dir ]; then
        "$PGBIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" --exit-on-error -d "rt$n" \
            "$WORK/$f.dump" >"$WORK/restore.log" 2>&1
    else
        psql_pg "rt$n" -f "$WORK/$f.sql" >"$WORK/restore.log" 2>&1
    fi && ok "restore $f into PostgreSQL" || { bad "restore $f into PostgreSQL"; tail -n 12 "$WORK/restore.log"; }
    check "PostgreSQL has the same data ($f)" "$SRC_STATE" "$(snapshot psql_pg "rt$n")"
done

# Into a fresh OmenDB, each dump; then the restored database must behave.
for f in plain inserts dir custom; do
    start_omendb || exit 1
    if [ "$f" = custom ]; then
        "$PGBIN/pg_restore" -h 127.0.0.1 -p "$OMEN_PORT" -U omendb --exit-on-error -d omendb \
            "$WORK/custom.dump" >"$WORK/restore.log" 2>&1
    elif [ "$f" = dir ]; then
        "$PGBIN/pg_restore" -h 127.0.0.1 -p "$OMEN_PORT" -U omendb --exit-on-error -j 2 \
            -d omendb "$WORK/dir.dump" >"$WORK/restore.log" 2>&1
    else
        osql "$OMEN_PORT" -f "$WORK/$f.sql" >"$WORK/restore.log" 2>&1
    fi && ok "restore $f into OmenDB" || { bad "restore $f into OmenDB"; tail -n 12 "$WORK/restore.log"; }
    check "OmenDB has the same data ($f)" "$SRC_STATE" "$(snapshot osql "$OMEN_PORT")"
done
# The last restored OmenDB: sequences continue, constraints hold, and it all survives a restart.
out="$(osql "$OMEN_PORT" -At -c "INSERT INTO parent(name) VALUES ('new') RETURNING id" \
    -c "INSERT INTO child(pid) VALUES (1) RETURNING id, qty" -c "SELECT nextval('app.counter')" 2>&1)"
check "restored sequences continue" "$(printf '51\n5100|1\n110')" "$out"
while IFS='|' read -r stmt want; do
    err="$(osql "$OMEN_PORT" -c "$stmt" 2>&1)"
    case "$err" in *"$want"*) ok "restored constraint: $stmt ($want)" ;;
    *) bad "restored constraint: $stmt: $err" ;; esac
done <<'CHECKS'
INSERT INTO parent(name) VALUES ('p1')|duplicate key value violates unique constraint "parent_name_key"
INSERT INTO child(pid) VALUES (999)|violates foreign key constraint "child_pid_fkey"
INSERT INTO child(id, pid) VALUES (1, 1)|cannot insert a non-DEFAULT value into column "id"
INSERT INTO parent(name) VALUES ('')|violates check constraint "parent_name_check"
INSERT INTO app."Order Items" VALUES (1, 'dup', NULL)|duplicate key value violates unique constraint "Order Items_pkey"
CHECKS
before="$(snapshot osql "$OMEN_PORT")"
kill -TERM "$OMEN_PID" && wait "$OMEN_PID" 2>/dev/null
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$OMEN_PORT" --data "$OMEN_DIR/data" --http-port 0 \
    >>"$OMEN_DIR/server.log" 2>&1 &
OMEN_PID=$!
add_cleanup "stop_omendb $OMEN_PID"
if wait_ready "$OMEN_PORT" 20 "$OMEN_PID"; then
    check "restored database after a restart" "$before" "$(snapshot osql "$OMEN_PORT")"
else
    bad "restart of the restored database"
fi

# pg_dump's LOCK TABLE ... IN ACCESS SHARE MODE keeps DDL away until it commits: a DROP
# TABLE meanwhile waits (as in PostgreSQL) and goes through once the lock's block ends.
mkfifo "$WORK/fifo"
osql "$SRC_PORT" <"$WORK/fifo" >"$WORK/lock.log" 2>&1 &
LPID=$!
exec 7>"$WORK/fifo"
echo "BEGIN; LOCK TABLE public.big IN ACCESS SHARE MODE; SELECT 'locked';" >&7
for _ in $(seq 1 50); do grep -q locked "$WORK/lock.log" && break; sleep 0.1; done
osql "$SRC_PORT" -c "DROP TABLE public.big" >"$WORK/drop.log" 2>&1 &
DPID=$!
sleep 1
if kill -0 "$DPID" 2>/dev/null; then ok "DROP TABLE waits while the table is locked"; else
    bad "DROP TABLE did not wait for the lock: $(cat "$WORK/drop.log")"; fi
echo "COMMIT;" >&7
exec 7>&-
wait "$LPID"
if wait "$DPID"; then ok "DROP TABLE goes through once the lock's block commits"; else
    bad "DROP TABLE after the lock's commit: $(cat "$WORK/drop.log")"; fi
gone="$(osql "$SRC_PORT" -At -c "SELECT count(*) FROM pg_class WHERE relname = 'big'" 2>&1)"
check "the dropped table is gone" "0" "$gone"

# pg_export_snapshot / SET TRANSACTION SNAPSHOT: an importer sees the exporter's snapshot
# (not a row committed after it), and only while the exporter runs.
mkfifo "$WORK/fifo2"
osql "$SRC_PORT" -At <"$WORK/fifo2" >"$WORK/export.log" 2>&1 &
EPID=$!
exec 8>"$WORK/fifo2"
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 'snap:' || pg_export_snapshot();" >&8
snap=""
for _ in $(seq 1 50); do
    snap="$(sed -n 's/^snap://p' "$WORK/export.log")"
    [ -n "$snap" ] && break
    sleep 0.1
done
osql "$SRC_PORT" -c "INSERT INTO parent(name) VALUES ('after the export')" >/dev/null
imported="$(osql "$SRC_PORT" -At -c "BEGIN ISOLATION LEVEL REPEATABLE READ" \
    -c "SET TRANSACTION SNAPSHOT '$snap'" -c "SELECT count(*) FROM parent" -c "COMMIT" 2>&1)"
now="$(osql "$SRC_PORT" -At -c "SELECT count(*) FROM parent" 2>&1)"
check "an imported snapshot misses a later commit" "$((now - 1))" "$imported"
echo "COMMIT;" >&8
exec 8>&-
wait "$EPID"
err="$(osql "$SRC_PORT" -c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SET TRANSACTION SNAPSHOT '$snap'" 2>&1)"
case "$err" in *"invalid snapshot identifier"*) ok "a snapshot of an ended transaction is refused" ;;
*) bad "snapshot of an ended transaction: $err" ;; esac

echo "pg_dump: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
