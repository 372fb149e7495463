#!/usr/bin/env bash
# Triggers under concurrency (docs/sql.md, "Triggers"), with pgbench:
#   1. six clients update three rows of a table whose BEFORE UPDATE trigger bumps a
#      version and logs (a side effect) and whose AFTER UPDATE trigger logs again:
#      every update is counted exactly once by both logs and by the version, so a
#      BEFORE trigger runs once per update even when the row was busy or changed
#      meanwhile (it locks the row first, as PostgreSQL does);
#   2. ON UPDATE CASCADE under contention: clients flip parent keys (each flip
#      updates that parent's children) while others update the children, whose
#      BEFORE UPDATE trigger bumps a version and logs: the log and the versions
#      agree (the action locks a child row before its trigger runs);
#   3. TPC-B with -M prepared and a BEFORE UPDATE trigger on pgbench_accounts and
#      an AFTER INSERT trigger on pgbench_history that reads the account row: the
#      audit matches the history row for row.
#
#   tests/pgbench/run_pgbench_triggers.sh
#
# Runs from tests/run_all.sh; needs $BUILD/omendb, psql and pgbench.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/lib/server.sh"
SECS="${PGBENCH_TRIGGER_SECS:-5}"
fail() {
    echo "run_pgbench_triggers: FAIL $*"
    exit 1
}
start_omendb || fail "server did not start"
export PGPASSWORD=omendb
conn=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb)
sql() { psql -X -q -At "${conn[@]}" omendb "$@"; }

sql <<'EOF' || fail "setup"
CREATE TABLE hot (id int PRIMARY KEY, v int, version int, note text);
INSERT INTO hot SELECT g, 0, 0, '' FROM generate_series(1, 3) g;
CREATE TABLE hot_before (id int, v int);
CREATE TABLE hot_after (id int, v int, version int);
CREATE FUNCTION hot_b() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.note := 'v' || NEW.v;
  INSERT INTO hot_before VALUES (NEW.id, NEW.v);
  RETURN NEW;
END $$;
CREATE FUNCTION hot_a() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO hot_after VALUES (NEW.id, NEW.v, NEW.version); RETURN NULL; END $$;
CREATE TRIGGER hb BEFORE UPDATE ON hot FOR EACH ROW EXECUTE FUNCTION hot_b();
CREATE TRIGGER ha AFTER UPDATE ON hot FOR EACH ROW EXECUTE FUNCTION hot_a();
EOF
script="$OMEN_DIR/hot.sql"
printf '\\set id random(1, 3)\nUPDATE hot SET v = v + 1 WHERE id = :id;\n' >"$script"
out="$(pgbench "${conn[@]}" -n -c 6 -j 2 -T "$SECS" -M prepared -f "$script" omendb 2>&1)" ||
    fail "pgbench on hot rows: $out"
grep -q "number of failed transactions: 0 " <<<"$out" || fail "failed transactions: $out"
n="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")"
got="$(sql -c "SELECT sum(v), sum(version), (SELECT count(*) FROM hot_before),
    (SELECT count(*) FROM hot_after), bool_and(note = 'v' || v) FROM hot")"
[ "$got" = "$n|$n|$n|$n|t" ] || fail "hot rows: $n updates, but sum(v)|sum(version)|before|after|notes = $got"
dups="$(sql -c "SELECT count(*) FROM (SELECT id, version FROM hot_after GROUP BY 1, 2 HAVING count(*) > 1) d")"
[ "$dups" = "0" ] || fail "$dups versions logged twice"
echo "run_pgbench_triggers: $n contended updates, each seen once by the BEFORE and AFTER triggers"

sql <<'EOF' || fail "cascade setup"
CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO parent VALUES (1), (2), (3);
CREATE TABLE child (id int PRIMARY KEY, pid int REFERENCES parent ON UPDATE CASCADE, n int,
                    version int);
INSERT INTO child SELECT g, 1 + g % 3, 0, 0 FROM generate_series(1, 6) g;
CREATE TABLE child_log (id int);
CREATE FUNCTION child_b() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.version := OLD.version + 1; INSERT INTO child_log VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER cb BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION child_b();
EOF
printf '\\set id random(1, 6)\nUPDATE child SET n = n + 1 WHERE id = :id;\n' >"$OMEN_DIR/kid.sql"
printf '\\set p random(1, 3)\nUPDATE parent SET id = -id WHERE abs(id) = :p;\n' >"$OMEN_DIR/par.sql"
out="$(pgbench "${conn[@]}" -n -c 6 -j 2 -T "$SECS" -M prepared -f "$OMEN_DIR/kid.sql@1" \
    -f "$OMEN_DIR/par.sql@1" omendb 2>&1)" || fail "pgbench cascade: $out"
grep -q "number of failed transactions: 0 " <<<"$out" || fail "cascade failed transactions: $out"
got="$(sql -c "SELECT sum(version) = (SELECT count(*) FROM child_log), sum(version) > sum(n),
    (SELECT count(*) FROM child c JOIN parent p ON p.id = c.pid) FROM child")"
[ "$got" = "t|t|6" ] || fail "cascade: versions = log | cascaded updates seen | children joined = $got"
echo "run_pgbench_triggers: ON UPDATE CASCADE: $(sql -c "SELECT count(*) FROM child_log") child trigger runs, each once"

pgbench "${conn[@]}" -i -s 1 omendb >"$OMEN_DIR/init.log" 2>&1 || fail "pgbench -i"
sql <<'EOF' || fail "trigger setup"
ALTER TABLE pgbench_accounts ADD COLUMN version int DEFAULT 0;
CREATE TABLE audit (aid int, delta int, at_version int);
CREATE FUNCTION acc_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$;
CREATE FUNCTION hist_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit SELECT NEW.aid, NEW.delta, version FROM pgbench_accounts WHERE aid = NEW.aid;
  RETURN NULL;
END $$;
CREATE TRIGGER acc_b BEFORE UPDATE ON pgbench_accounts FOR EACH ROW EXECUTE FUNCTION acc_bump();
CREATE TRIGGER hist_a AFTER INSERT ON pgbench_history FOR EACH ROW EXECUTE FUNCTION hist_audit();
EOF
out="$(pgbench "${conn[@]}" -c 4 -j 2 -T "$SECS" -M prepared omendb 2>&1)" || fail "tpcb: $out"
grep -q "number of failed transactions: 0 " <<<"$out" || fail "tpcb failed transactions: $out"
got="$(sql -c "SELECT (SELECT count(*) FROM pgbench_history) = (SELECT count(*) FROM audit),
    (SELECT count(*) FROM pgbench_history) = (SELECT sum(version) FROM pgbench_accounts),
    (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(delta) FROM pgbench_history),
    (SELECT sum(delta) FROM audit) = (SELECT sum(delta) FROM pgbench_history),
    (SELECT count(*) FROM audit WHERE at_version < 1)")"
[ "$got" = "t|t|t|t|0" ] || fail "tpcb with triggers: audit/history/version/balance checks gave $got"
echo "run_pgbench_triggers: TPC-B with triggers: $(sql -c "SELECT count(*) FROM audit") transactions audited"
echo "run_pgbench_triggers: OK"
