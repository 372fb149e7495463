#!/usr/bin/env bash
# Runs one libFuzzer harness for a bounded time, starting from its seed corpus.
#
#   tests/fuzz/fuzz_one.sh NAME [SECONDS]
#
# NAME is a harness tests/fuzz/fuzz_NAME.c, built by `make FUZZ=1 fuzz-bins` into
# build-fuzz/tests/fuzz/fuzz_NAME. The seeds in tests/fuzz/corpus/NAME are read, never
# written: new inputs go to a temporary corpus (FUZZ_CORPUS=DIR keeps them in DIR). A
# crash, sanitizer report, leak, timeout (10 s per input) or out-of-memory (2 GB) fails
# the run; the input that caused it is kept in FUZZ_ARTIFACTS (default: a directory
# under /tmp, named in the output) and reproduces with
# `build-fuzz/tests/fuzz/fuzz_NAME FILE`. A word list tests/fuzz/NAME.dict is passed
# as -dict.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name="${1:?usage: $0 NAME [SECONDS]}"
secs="${2:-${FUZZ_SECS:-30}}"
bin="$REPO/build-fuzz/tests/fuzz/fuzz_$name"
seeds="$REPO/tests/fuzz/corpus/$name"
if [ ! -x "$bin" ]; then
    echo "fuzz $name: $bin is not built (make FUZZ=1 fuzz-bins)"
    exit 2
fi
corpus="${FUZZ_CORPUS:-$(mktemp -d /tmp/omendb-fuzz-corpus.XXXXXX)}"
artifacts="${FUZZ_ARTIFACTS:-$(mktemp -d /tmp/omendb-fuzz-artifacts.XXXXXX)}"
mkdir -p "$corpus" "$artifacts"
# The harness makes its scratch databases under FUZZ_TMPDIR; a harness that
# crashes cannot remove them itself, so the script does (in /dev/shm when
# writable: the log is fsync'd per input).
shm=/tmp
[ -w /dev/shm ] && shm=/dev/shm
export FUZZ_TMPDIR="$(mktemp -d "$shm/omendb-fuzz-$name.XXXXXX")"
log="$artifacts/fuzz_$name.log"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# -max_total_time bounds the run; timeout(1) is the backstop if the harness hangs in
# a way libFuzzer's own alarm cannot end.
# A word list tests/fuzz/NAME.dict, when there is one, goes to libFuzzer's -dict.
dict=()
[ -f "$REPO/tests/fuzz/$name.dict" ] && dict=(-dict="$REPO/tests/fuzz/$name.dict")
timeout -k 10 $((secs + 120)) "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" \
    "$corpus" ${seeds:+"$seeds"} >"$log" 2>&1
rc=$?
rm -rf "$FUZZ_TMPDIR"
stats="$(grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' ')"
[ -z "${FUZZ_CORPUS:-}" ] && rm -rf "$corpus"
if [ $rc -ne 0 ]; then
    echo "fuzz $name: FAILED (exit $rc) after ${secs}s; log and input in $artifacts"
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -20
    exit 1
fi
echo "fuzz $name: ${secs}s, no failure; $stats"
[ -z "${FUZZ_ARTIFACTS:-}" ] && rm -rf "$artifacts"
exit 0
