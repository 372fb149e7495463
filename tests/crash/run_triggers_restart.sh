#!/usr/bin/env bash
# Triggers (docs/sql.md, "PL/pgSQL", "Triggers") across restarts: CREATE
# TRIGGER is DDL (logged, replayed, kept by a checkpoint), a CREATE TRIGGER
# rolled back leaves nothing, DISABLE TRIGGER and DROP TRIGGER stick, and the
# rows a trigger wrote commit or roll back with the statement that fired it.
# After a clean restart, after CHECKPOINT + kill -9, and after a second
# kill -9, the same statements give the same rows, which shows the triggers
# (BEFORE ROW changing NEW or skipping the row, AFTER ROW auditing, FOR EACH
# STATEMENT counting) fire as before.
#
#   tests/crash/run_triggers_restart.sh
#
# Runs from tests/run_all.sh; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_triggers_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

QUERIES="
SELECT * FROM item ORDER BY id;
SELECT op, item_id, qty FROM audit ORDER BY seq;
SELECT * FROM stmt_count ORDER BY op;
SELECT tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger ORDER BY tgname;
SELECT * FROM squares(4);
"

# Writes that fire every trigger; $1 makes the keys distinct per round.
work() {
    sql <<EOF
INSERT INTO item (id, name, qty) VALUES ($1, 'pen', 2), ($1 + 1, 'ink', 0), ($1 + 3, 'cap', 1);
UPDATE item SET qty = qty + 5 WHERE id = $1;
DELETE FROM item WHERE id = $1 + 3;
BEGIN;
INSERT INTO item (id, name, qty) VALUES ($1 + 2, 'lost', 9);
ROLLBACK;
EOF
}

start
sql <<'EOF' || die "setup failed"
CREATE TABLE item (id int PRIMARY KEY, name text, qty int, version int DEFAULT 0);
CREATE TABLE audit (seq serial PRIMARY KEY, op text, item_id int, qty int);
CREATE TABLE stmt_count (op text PRIMARY KEY, n int);
CREATE FUNCTION item_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.qty = 0 THEN RETURN NULL; END IF;   -- skipped
  NEW.name := upper(NEW.name);
  NEW.version := coalesce(OLD.version, 0) + 1;
  RETURN NEW;
END $$;
CREATE FUNCTION item_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO audit (op, item_id, qty) VALUES (TG_OP, OLD.id, OLD.qty);
  ELSE
    INSERT INTO audit (op, item_id, qty) VALUES (TG_OP || ':' || TG_ARGV[0], NEW.id, NEW.qty);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION count_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stmt_count SET n = n + 1 WHERE op = TG_OP;
  IF NOT FOUND THEN INSERT INTO stmt_count VALUES (TG_OP, 1); END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION squares(n int) RETURNS TABLE (i int, sq int) LANGUAGE plpgsql AS $$
BEGIN
  FOR k IN 1..n LOOP i := k; sq := k * k; RETURN NEXT; END LOOP;
END $$;
CREATE TRIGGER item_b BEFORE INSERT OR UPDATE ON item FOR EACH ROW EXECUTE FUNCTION item_before();
CREATE TRIGGER item_a AFTER INSERT OR UPDATE OR DELETE ON item
  FOR EACH ROW EXECUTE FUNCTION item_audit('v1');
CREATE TRIGGER item_s AFTER INSERT OR UPDATE OR DELETE ON item
  FOR EACH STATEMENT EXECUTE FUNCTION count_stmt();
CREATE TRIGGER item_off BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION item_before();
ALTER TABLE item DISABLE TRIGGER item_off;
CREATE TRIGGER item_gone AFTER DELETE ON item FOR EACH ROW EXECUTE FUNCTION item_audit('gone');
DROP TRIGGER item_gone ON item;
BEGIN;
CREATE TRIGGER item_rolled_back BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION item_before();
ROLLBACK;
EOF
work 10 || die "first round failed"
before="$(sql -c "$QUERIES" 2>&1)" || die "queries failed: $before"
case "$before" in *"PEN"*"INSERT:v1"*) ;; *) die "the triggers did not fire: $before" ;; esac

stop_clean
start
after="$(sql -c "$QUERIES" 2>&1)"
[ "$after" = "$before" ] || die "after a clean restart the rows differ:
$(diff <(echo "$before") <(echo "$after"))"

sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
work 20 || die "second round failed"
expected="$(sql -c "$QUERIES" 2>&1)" || die "queries failed: $expected"
crash
start
got="$(sql -c "$QUERIES" 2>&1)"
[ "$got" = "$expected" ] || die "after kill -9 the rows differ:
$(diff <(echo "$expected") <(echo "$got"))"
# the triggers still fire after recovery
work 30 || die "third round failed"
expected="$(sql -c "$QUERIES" 2>&1)" || die "queries failed: $expected"
crash
start
got="$(sql -c "$QUERIES" 2>&1)"
[ "$got" = "$expected" ] || die "after a second kill -9 the rows differ:
$(diff <(echo "$expected") <(echo "$got"))"
# per round: 'pen' and 'cap' inserted ('ink' skipped), 'pen' updated, 'cap'
# deleted, 'lost' rolled back with its audit row; one trigger each (item_off
# disabled, item_gone dropped, item_rolled_back never committed)
summary="$(sql -At -c "SELECT op, count(*) FROM audit GROUP BY op ORDER BY op" 2>&1 | tr '\n' ' ')"
[ "$summary" = "DELETE|3 INSERT:v1|6 UPDATE:v1|3 " ] || die "audit summary: $summary"
versions="$(sql -At -c "SELECT string_agg(name || version, ',' ORDER BY id) FROM item" 2>&1)"
[ "$versions" = "PEN2,PEN2,PEN2" ] || die "item rows: $versions"

echo "run_triggers_restart: OK"
