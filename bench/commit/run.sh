#!/usr/bin/env bash
# Commit throughput side by side: OmenDB and PostgreSQL 15 (started here, as in
# bench/oltp/run.sh), not a timed test.
#
#   1. Single-row INSERT commits per second (pgbench -f with one INSERT per
#      transaction, -M prepared) with 1, 8, 32 and 64 clients, with
#      synchronous_commit on (both durable: OmenDB's WAL with group commit,
#      PostgreSQL with fsync=on) and off (on both, set through PGOPTIONS);
#      medians of RUNS runs of SECS seconds, the two systems alternating. The table is created afresh before
#      every run on both sides (no index; three columns).
#   2. WAL bytes per pgbench TPC-B transaction (built-in script, scale 1, -M
#      prepared, 1 client, TPCB_TXNS transactions, synchronous_commit on):
#      pg_current_wal_lsn() before and after on both sides (OmenDB exposes its
#      log position under the same name). Measured first, right after
#      initialisation, so PostgreSQL writes no full-page images unless a
#      checkpoint happens during the run (the script says whether one did).
#
# Goals (issue 5): with sync on, OmenDB at 32 clients makes >= 10x the
# commits/s of 1 client (group commit); OmenDB >= 1.5x PostgreSQL at 32 clients;
# OmenDB's WAL bytes per TPC-B transaction <= PostgreSQL's. Each is printed as
# PASS or MISS.
#
#   bench/commit/run.sh [--secs 10] [--runs 3] [--clients "1 8 32 64"] [--tpcb-txns 5000]
#                       [--transport tcp|unix]
# --transport unix runs the INSERT commits over each server's Unix-domain socket (what
# pgbench uses on one machine without -h); the default is TCP on 127.0.0.1.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/lib/server.sh"
SECS=10 RUNS=3 CLIENTS="1 8 32 64" TPCB_TXNS=5000 TRANSPORT=tcp
while [ $# -gt 0 ]; do
    case "$1" in
    --secs) SECS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --tpcb-txns) TPCB_TXNS=$2; shift 2 ;;
    --transport) TRANSPORT=$2; shift 2 ;;
    *) echo "usage: $0 [--secs N] [--runs N] [--clients LIST] [--tpcb-txns N] [--transport tcp|unix]"; exit 2 ;;
    esac
done
export PG_EXTRA_OPTS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB -c max_connections=100"
start_postgres || exit 1
OMEN_SOCK_DIR="$(mktemp -d /tmp/omen-sock.XXXXXX)"
export OMENDB_UNIX_SOCKET_DIRECTORIES="$OMEN_SOCK_DIR"
start_omendb || exit 1
add_cleanup "rm -rf $OMEN_SOCK_DIR"
OMEN_HOST=127.0.0.1 PG_HOST=127.0.0.1
if [ "$TRANSPORT" = unix ]; then OMEN_HOST="$OMEN_SOCK_DIR" PG_HOST="$PG_DIR"; fi
work="$(mktemp -d)"
add_cleanup "rm -rf $work"
chmod 777 "$work"

omen() { psql -X -q -At -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -d omendb "$@"; }
pg() { psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
lsn_bytes() { # "X/Y" -> bytes
    local hi=${1%/*} lo=${1#*/}
    echo $(((16#$hi << 32) + 16#$lo))
}

echo "commit bench: OmenDB vs PostgreSQL 15 on $(nproc) cores; pgbench -M prepared;"
echo "sync on = synchronous_commit=on (PostgreSQL fsync=on, full_page_writes=on), sync off = synchronous_commit=off on both"
echo "reproduce: bench/commit/run.sh --secs $SECS --runs $RUNS --clients \"$CLIENTS\" --tpcb-txns $TPCB_TXNS --transport $TRANSPORT"
echo
# How fast the disk syncs right now (the 1-client figures follow it, and the disk
# may be shared): 500 8 kB writes with O_DSYNC, as dd reports them.
dsync_rate() {
    local secs
    secs="$(dd if=/dev/zero of="$work/dsync" bs=8k count=500 oflag=dsync 2>&1 | awk '/copied/ { print $(NF - 3) }')"
    rm -f "$work/dsync"
    awk -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f syncs/s (%.0f us each)", 500 / s, s * 2000; else print "?" }'
}
echo "disk before: $(dsync_rate)"

# ---- WAL bytes per TPC-B transaction ----
pgbench -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -i -s 1 -q postgres >/dev/null 2>&1
pgbench -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -i -s 1 -I dtGvp omendb >/dev/null 2>&1
wal_per_txn() { # wal_per_txn omen|pg -> bytes per transaction
    local sys=$1 before after
    if [ "$sys" = omen ]; then
        before="$(omen -c "SELECT pg_current_wal_lsn()")"
        pgbench -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -M prepared -c 1 -t "$TPCB_TXNS" omendb >/dev/null 2>&1
        after="$(omen -c "SELECT pg_current_wal_lsn()")"
    else
        before="$(pg -c "SELECT pg_current_wal_lsn()")"
        pgbench -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -M prepared -c 1 -t "$TPCB_TXNS" postgres >/dev/null 2>&1
        after="$(pg -c "SELECT pg_current_wal_lsn()")"
    fi
    echo $((($(lsn_bytes "$after") - $(lsn_bytes "$before")) / TPCB_TXNS))
}
ckpt_before="$(pg -c "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")"
wal_pg=$(wal_per_txn pg)
ckpt_after="$(pg -c "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")"
wal_omen=$(wal_per_txn omen)
ckpt_note="no checkpoint during the run"
[ "$ckpt_before" != "$ckpt_after" ] && ckpt_note="$((ckpt_after - ckpt_before)) checkpoint(s) during the run: full-page images included"
printf "WAL bytes per TPC-B transaction (%d transactions, scale 1, 1 client):\n" "$TPCB_TXNS"
printf "  OmenDB %d   PostgreSQL %d (%s)   ratio %s\n\n" "$wal_omen" "$wal_pg" "$ckpt_note" \
    "$(awk -v a="$wal_omen" -v b="$wal_pg" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"

# ---- single-row INSERT commits/s ----
cat >"$work/insert.sql" <<'EOF'
\set k random(1, 1000000000)
INSERT INTO commit_bench VALUES (:client_id, :k, 'a single-row insert of 40 bytes');
EOF
chmod 644 "$work/insert.sql"
reset_table() {
    local q="DROP TABLE IF EXISTS commit_bench; CREATE TABLE commit_bench (client int4, k int8, payload text)"
    if [ "$1" = omen ]; then omen -c "$q" >/dev/null 2>&1; else pg -c "$q" >/dev/null 2>&1; fi
}
one() { # one omen|pg CLIENTS on|off -> tps
    local sys=$1 c=$2 sync=$3 out j=$(($2 < 2 ? 1 : 2))
    reset_table "$sys"
    if [ "$sys" = omen ]; then
        out="$(PGOPTIONS="-c synchronous_commit=$sync" pgbench -h "$OMEN_HOST" -p "$OMEN_PORT" -U omendb \
            -n -M prepared -c "$c" -j "$j" -T "$SECS" -f "$work/insert.sql" omendb 2>&1)"
    else
        out="$(PGOPTIONS="-c synchronous_commit=$sync" pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" \
            -n -M prepared -c "$c" -j "$j" -T "$SECS" -f "$work/insert.sql" postgres 2>&1)"
    fi
    local tps
    tps="$(echo "$out" | awk '/^tps/ { print $3; exit }')"
    [ -n "$tps" ] || echo "$sys c=$c sync=$sync: pgbench failed: $(echo "$out" | tail -n 3)" >&2
    echo "${tps:-0}"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A TPS=()
printf "single-row INSERT commits/s, median of %d x %ds:\n" "$RUNS" "$SECS"
printf "%-5s %7s | %10s %10s | %7s\n" sync clients "OmenDB" "PostgreSQL" "ratio"
for sync in on off; do
    for c in $CLIENTS; do
        # the two systems alternate, so that a drift of the shared disk hits both
        : >"$work/runs.omen"
        : >"$work/runs.pg"
        for _ in $(seq "$RUNS"); do
            for sys in omen pg; do one "$sys" "$c" "$sync" >>"$work/runs.$sys"; done
        done
        for sys in omen pg; do TPS[$sys.$sync.$c]=$(median <"$work/runs.$sys"); done
        printf "%-5s %7s | %10.0f %10.0f | %6.2fx\n" "$sync" "$c" "${TPS[omen.$sync.$c]}" "${TPS[pg.$sync.$c]}" \
            "$(awk -v a="${TPS[omen.$sync.$c]}" -v b="${TPS[pg.$sync.$c]}" 'BEGIN { print (b > 0 ? a / b : 0) }')"
    done
done
echo

echo "disk after: $(dsync_rate)"
verdict() { awk -v v="$1" -v goal="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? v >= goal : v <= goal; print ok ? "PASS" : "MISS" }'; }
if [[ " $CLIENTS " == *" 1 "* && " $CLIENTS " == *" 32 "* ]]; then
    scale_o=$(awk -v a="${TPS[omen.on.32]}" -v b="${TPS[omen.on.1]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    scale_p=$(awk -v a="${TPS[pg.on.32]}" -v b="${TPS[pg.on.1]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    vs_pg=$(awk -v a="${TPS[omen.on.32]}" -v b="${TPS[pg.on.32]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo "goal: group commit, OmenDB sync on 32 clients / 1 client >= 10x: ${scale_o}x $(verdict "$scale_o" 10 ">=") (PostgreSQL: ${scale_p}x)"
    echo "goal: OmenDB >= 1.5x PostgreSQL at 32 clients, sync on: ${vs_pg}x $(verdict "$vs_pg" 1.5 ">=")"
fi
echo "goal: WAL bytes per TPC-B transaction OmenDB <= PostgreSQL: $wal_omen vs $wal_pg $(verdict "$wal_omen" "$wal_pg" "<=")"
