#!/usr/bin/env bash
# pgbench end to end (the real pgbench from Debian's postgresql-client): initialise scale 1,
# run TPC-B-like and select-only for a few seconds with several clients, and check that no
# transaction failed and that the balances agree:
#   sum(abalance) = sum(tbalance) = sum(bbalance) = sum(delta of pgbench_history).
# Then the same with pgbench's foreign keys (-I dtgvpf); last, TPC-B with every commit's reply
# sent the slow way (OMENDB_FAULT_REPLY=slow).
# Prints "pgbench: PASS ..." or "pgbench: FAIL ..."; exit status 1 on failure.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
SECS="${PGBENCH_SECS:-4}"
INIT_STEPS="${PGBENCH_INIT_STEPS:-dtgvp}"
command -v pgbench >/dev/null || { echo "pgbench: FAIL (pgbench not installed)"; exit 1; }
start_omendb || { echo "pgbench: FAIL (omendb did not start)"; exit 1; }
conn=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb)
fail() {
    echo "pgbench: FAIL ($1)"
    tail -n 20 "$OMEN_DIR/server.log"
    exit 1
}
pgbench "${conn[@]}" -i -s 1 -I "$INIT_STEPS" omendb >"$OMEN_DIR/init.log" 2>&1 ||
    { cat "$OMEN_DIR/init.log"; fail "pgbench -i"; }
sums() {
    psql -X -At "${conn[@]}" -d omendb -c "SELECT (SELECT sum(abalance) FROM pgbench_accounts),
        (SELECT sum(tbalance) FROM pgbench_tellers), (SELECT sum(bbalance) FROM pgbench_branches),
        (SELECT coalesce(sum(delta), 0) FROM pgbench_history), (SELECT count(*) FROM pgbench_history)"
}
run() {
    local label=$1
    shift
    local out before after
    before="$(sums)" || fail "balance query"
    out="$(pgbench "${conn[@]}" -c 4 -j 2 -T "$SECS" "$@" omendb 2>&1)" || {
        echo "$out"
        fail "$label run"
    }
    echo "$out" | grep -E "^(tps|number of (transactions actually processed|failed)|latency average)" |
        sed "s/^/pgbench $label: /"
    # (a here-string, not echo | grep -q: with pipefail, grep's early exit can fail the echo)
    grep -q "number of failed transactions: 0 " <<<"$out" || fail "$label had failed transactions"
    # each run truncates pgbench_history first: what it added to every balance equals its history
    after="$(sums)" || fail "balance query"
    IFS='|' read -r a0 t0 b0 _ _ <<<"$before"
    IFS='|' read -r a1 t1 b1 h n <<<"$after"
    echo "pgbench $label: balances moved by $((a1 - a0)) / $((t1 - t0)) / $((b1 - b0)), history sum $h ($n rows)"
    [ $((a1 - a0)) = "$h" ] && [ $((t1 - t0)) = "$h" ] && [ $((b1 - b0)) = "$h" ] ||
        fail "$label: balances disagree with the history"
}
# select-only first: every run starts by truncating pgbench_history
run select-only -S
run select-only-prepared -S -M prepared
run tpcb-extended -M extended
run tpcb-prepared -M prepared
run tpcb
# again with pgbench's foreign keys (init step f: ALTER TABLE ... ADD FOREIGN KEY), which every
# history INSERT of TPC-B then checks; a referenced branch cannot be deleted
pgbench "${conn[@]}" -i -s 1 -I dtgvpf omendb >"$OMEN_DIR/init-fk.log" 2>&1 ||
    { cat "$OMEN_DIR/init-fk.log"; fail "pgbench -i -I dtgvpf"; }
run tpcb-foreign-keys
err="$(psql -X "${conn[@]}" -d omendb \
    -c "\\set VERBOSITY verbose" -c "DELETE FROM pgbench_branches WHERE bid = 1" 2>&1)"
grep -q "23503" <<<"$err" || { echo "$err"; fail "deleting a referenced branch did not fail with 23503"; }
echo "pgbench foreign keys: deleting a referenced branch fails with 23503"
# Replies handed to the log are sent by the flush; with OMENDB_FAULT_REPLY=slow each goes
# out from a thread of its own after one byte, the path a full client socket takes
# (src/wire/wire_durable_reply.c). The balances must still agree, nothing may fail.
stop_omendb
OMENDB_FAULT_REPLY=slow start_omendb || { echo "pgbench: FAIL (omendb with slow replies did not start)"; exit 1; }
conn=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb)
pgbench "${conn[@]}" -i -s 1 omendb >"$OMEN_DIR/init-slow.log" 2>&1 ||
    { cat "$OMEN_DIR/init-slow.log"; fail "pgbench -i (slow replies)"; }
SECS=2 run tpcb-prepared-slow-replies -M prepared
by_flush="$(psql -X -At "${conn[@]}" -d omendb -c "SELECT replies_by_flush FROM omendb_wal")"
[[ "$by_flush" =~ ^[0-9]+$ && "$by_flush" -gt 0 ]] ||
    fail "no reply was sent by the flush (omendb_wal.replies_by_flush: $by_flush)"
echo "pgbench slow replies: $by_flush replies sent by the flush, the slow way"
echo "pgbench: PASS"
