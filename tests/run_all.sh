#!/usr/bin/env bash
# The one test driver; `make test` runs it after building everything.
#
#   tests/run_all.sh [format|unit|integration|sqllogic|compat|scripts|fuzz]...
#
# Without arguments every group runs, in this order, each item counting as one test:
#   format       clang-format --dry-run --Werror over src/ tests/ bench/ (*.c, *.h)
#   unit         every binary under $BUILD/tests/unit
#   integration  every binary under $BUILD/tests/integration (each starts its own server)
#   sqllogic     ../shared/testdata/sqllogictest: select1..5 one test each (100% of the
#                records that are not skipped must pass); evidence/ one test that passes when
#                its pass rate reaches the threshold in tests/sqllogic/thresholds
#   compat       tests/compat/run_compat.sh: each tests/compat/*.sql one test
#   scripts      every other tests/*/run_*.sh (crash tests and the like); exit code decides
#   fuzz         builds the libFuzzer harnesses (make FUZZ=1 fuzz-bins, one test) and runs
#                each tests/fuzz/fuzz_*.c for FUZZ_SECS seconds (default 30) from its seed
#                corpus (tests/fuzz/fuzz_one.sh), one test each
# The last line is exactly "N passed, N failed"; the exit status is 1 if anything failed.
#
# Environment: BUILD (default build), SAN=1 (sanitizer run: ASan/UBSan options set, longer
# timeouts, sqllogictest select files sampled), SLT_DIR (sqllogictest data), OMENDB_BIN,
# TEST_TIMEOUT_SCALE (multiplies every per-test timeout), KEEP_TEST_DIRS=1.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO" || exit 2
export REPO
export BUILD="${BUILD:-build}"
export SAN="${SAN:-0}"
export OMENDB_BIN="${OMENDB_BIN:-$REPO/$BUILD/omendb}"
# shellcheck source=lib/server.sh
source "$REPO/tests/lib/server.sh"
# Servers started by tests put their Unix-domain sockets here, not in /tmp and
# /var/run/postgresql (kill -9 tests would leave files there); test_server checks
# the socket itself. Tests connect over TCP.
if [ -z "${OMENDB_UNIX_SOCKET_DIRECTORIES+x}" ]; then
    OMENDB_UNIX_SOCKET_DIRECTORIES="$(mktemp -d "${TMPDIR:-/tmp}/omendb-sock.XXXXXX")"
    export OMENDB_UNIX_SOCKET_DIRECTORIES
    add_cleanup "rm -rf $OMENDB_UNIX_SOCKET_DIRECTORIES"
fi

SLT_DIR="${SLT_DIR:-$REPO/../shared/testdata/sqllogictest}"
SQLLOGIC="${SQLLOGIC:-$REPO/$BUILD/tests/tools/sqllogic}"
THRESHOLDS="$REPO/tests/sqllogic/thresholds"
SCALE="${TEST_TIMEOUT_SCALE:-1}"
SLT_SAMPLE=1
if [ "$SAN" = "1" ]; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
    SCALE=$((SCALE * 3))
    SLT_SAMPLE="${SLT_SAMPLE_SAN:-10}"
    export OMEN_START_TIMEOUT="${OMEN_START_TIMEOUT:-60}"
fi

n_passed=0
n_failed=0
failed_names=()

pass() {
    n_passed=$((n_passed + 1))
    echo "PASS $1${2:+ ($2)}"
}

fail() {
    n_failed=$((n_failed + 1))
    failed_names+=("$1")
    echo "FAIL $1${2:+ ($2)}"
}

# run_one NAME SECONDS CMD...: runs CMD with a timeout; its exit status decides.
run_one() {
    local name=$1 secs=$(($2 * SCALE)) start rc
    shift 2
    echo "=== $name"
    start=$SECONDS
    timeout -k 10 "$secs" "$@"
    rc=$?
    if [ $rc -eq 0 ]; then
        pass "$name" "$((SECONDS - start))s"
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        fail "$name" "timed out after ${secs}s"
    else
        fail "$name" "exit $rc"
    fi
}

group_format() {
    local files
    mapfile -t files < <(find src tests bench -name '*.[ch]' 2>/dev/null | sort)
    if [ ${#files[@]} -eq 0 ]; then
        pass "format" "no C files"
        return
    fi
    if ! command -v clang-format >/dev/null 2>&1; then
        fail "format" "clang-format not installed"
        return
    fi
    run_one "format" 300 clang-format --dry-run --Werror "${files[@]}"
}

# run_binaries DIR TIMEOUT: each executable file under DIR is one test.
run_binaries() {
    local dir=$1 secs=$2 bins b
    if [ ! -d "$dir" ]; then
        echo "(no $dir)"
        return
    fi
    mapfile -t bins < <(find "$dir" -type f -perm -u+x ! -name '*.d' ! -name '*.o' | sort)
    if [ ${#bins[@]} -eq 0 ]; then
        echo "(no test binaries in $dir)"
        return
    fi
    for b in "${bins[@]}"; do
        run_one "${b#"$REPO"/}" "$secs" "$b"
    done
}

group_unit() {
    run_binaries "$REPO/$BUILD/tests/unit" 120
}

group_integration() {
    run_binaries "$REPO/$BUILD/tests/integration" 300
}

# slt_file NAME FILE SECONDS: runs one sqllogictest file against a fresh OmenDB and leaves
# the runner's summary line in $SLT_LAST. Returns the runner's exit status.
SLT_LAST=""
slt_file() {
    local name=$1 file=$2 secs=$(($3 * SCALE)) out rc
    local args=(--host 127.0.0.1 --port "$OMEN_PORT" --user "${OMEN_USER:-omendb}"
        --db "${OMEN_DB:-omendb}" --timeout 60)
    [ "$SLT_SAMPLE" != "1" ] && args+=(--sample "$SLT_SAMPLE")
    out="$(mktemp)"
    timeout -k 10 "$secs" "$SQLLOGIC" "${args[@]}" "$file" >"$out" 2>&1
    rc=$?
    cat "$out"
    SLT_LAST="$(grep -E ' records run, ' "$out" | tail -n 1)"
    rm -f "$out"
    [ $rc -eq 124 ] && echo "$name: timed out after ${secs}s"
    return $rc
}

group_sqllogic() {
    local f name rc
    if [ ! -d "$SLT_DIR" ]; then
        fail "sqllogic" "test data not found at $SLT_DIR"
        return
    fi
    if [ ! -x "$SQLLOGIC" ]; then
        fail "sqllogic" "runner not built: $SQLLOGIC"
        return
    fi
    if [ "$SLT_SAMPLE" != "1" ]; then
        echo "NOTE: SAN build: sqllogictest select files run 1 query in $SLT_SAMPLE (sampled)"
    fi
    for f in "$SLT_DIR"/select*.test; do
        [ -e "$f" ] || continue
        name="sqllogic/$(basename "$f")"
        echo "=== $name"
        if ! start_omendb; then
            fail "$name" "omendb did not start"
            continue
        fi
        slt_file "$name" "$f" 900
        rc=$?
        if ! kill -0 "$OMEN_PID" 2>/dev/null; then
            echo "$name: omendb exited; last lines of its log:"
            tail -n 20 "$OMEN_DIR/server.log"
        fi
        stop_omendb "$OMEN_PID" "$OMEN_DIR"
        if [ $rc -eq 0 ]; then pass "$name"; else fail "$name" "see failures above"; fi
    done

    # evidence/: one test, judged by its overall pass rate against the stored threshold.
    local files total_pass=0 total_fail=0 p fl threshold rate
    mapfile -t files < <(find "$SLT_DIR/evidence" -name '*.test' 2>/dev/null | sort)
    [ ${#files[@]} -gt 0 ] || return
    name="sqllogic/evidence"
    echo "=== $name"
    # evidence/ is small: never sampled, so its pass rate means the same under SAN
    local saved_sample=$SLT_SAMPLE
    SLT_SAMPLE=1
    for f in "${files[@]}"; do
        if ! start_omendb; then
            echo "$name: omendb did not start for $(basename "$f"); counting its records as failed"
            total_fail=$((total_fail + $(grep -cE '^(statement|query) ' "$f")))
            continue
        fi
        slt_file "$name" "$f" 300
        rc=$?
        stop_omendb "$OMEN_PID" "$OMEN_DIR"
        if [[ "$SLT_LAST" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
            p=${BASH_REMATCH[1]}
            fl=${BASH_REMATCH[2]}
        else
            p=0
            fl=$(grep -cE '^(statement|query) ' "$f")
            echo "$name: no summary from the runner for $(basename "$f") (exit $rc)"
        fi
        total_pass=$((total_pass + p))
        total_fail=$((total_fail + fl))
    done
    SLT_SAMPLE=$saved_sample
    threshold="$(awk '$1 == "evidence" { print $2 }' "$THRESHOLDS" 2>/dev/null)"
    threshold="${threshold:-100}"
    rate="$(awk -v p=$total_pass -v f=$total_fail \
        'BEGIN { printf "%.2f", (p + f) ? 100 * p / (p + f) : 100 }')"
    echo "$name: $total_pass passed, $total_fail failed; pass rate $rate% (threshold $threshold%)"
    if awk -v r="$rate" -v t="$threshold" 'BEGIN { exit !(r + 0 >= t + 0) }'; then
        pass "$name" "pass rate $rate% >= $threshold%"
    else
        fail "$name" "pass rate $rate% < $threshold%"
    fi
}

group_compat() {
    local out line rc
    echo "=== compat"
    out="$(mktemp)"
    timeout -k 10 $((1800 * SCALE)) "$REPO/tests/compat/run_compat.sh" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    while IFS= read -r line; do
        case "$line" in
        "compat: PASS "*) pass "compat/${line#compat: PASS }" ;;
        "compat: FAIL "*) fail "compat/${line#compat: FAIL }" ;;
        esac
    done <"$out"
    if ! grep -qE '^compat: [0-9]+ passed, [0-9]+ failed' "$out"; then
        fail "compat" "run_compat.sh ended early (exit $rc)"
    fi
    rm -f "$out"
}

group_scripts() {
    local s
    for s in "$REPO"/tests/*/run_*.sh; do
        [ -e "$s" ] || continue
        [ "$s" = "$REPO/tests/compat/run_compat.sh" ] && continue
        run_one "${s#"$REPO"/}" 900 "$s"
    done
}

group_fuzz() {
    local log h name
    log="$(mktemp)"
    if make -C "$REPO" --no-print-directory FUZZ=1 -j"$(nproc)" fuzz-bins >"$log" 2>&1; then
        pass "fuzz/build"
    else
        tail -30 "$log"
        fail "fuzz/build" "make FUZZ=1 fuzz-bins failed"
        rm -f "$log"
        return
    fi
    rm -f "$log"
    for h in "$REPO"/tests/fuzz/fuzz_*.c; do
        [ -e "$h" ] || continue
        name="$(basename "$h" .c)"
        name="${name#fuzz_}"
        if "$REPO/tests/fuzz/fuzz_one.sh" "$name" "${FUZZ_SECS:-30}"; then
            pass "fuzz/$name"
        else
            fail "fuzz/$name"
        fi
    done
}

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
    groups=(format unit integration sqllogic compat scripts fuzz)
fi
for g in "${groups[@]}"; do
    case "$g" in
    format | unit | integration | sqllogic | compat | scripts | fuzz)
        echo "##### $g"
        "group_$g"
        ;;
    *)
        echo "usage: $0 [format|unit|integration|sqllogic|compat|scripts|fuzz]..." >&2
        exit 2
        ;;
    esac
done

if [ ${#failed_names[@]} -gt 0 ]; then
    echo "failed tests:"
    printf '  %s\n' "${failed_names[@]}"
fi
echo "$n_passed passed, $n_failed failed"
[ $n_failed -eq 0 ]
