#!/bin/bash
# Fuzz a parser for SECONDS (default 600) with one job: FUZZER is
# fuzz-topology (default) or fuzz-scenario, whose name picks its seeds and
# dictionary. The corpus is kept between runs in $LUTB_CACHE/fuzz/NAME;
# crashes land in fuzz/crashes/ (or $3) and make this fail. Prints "fuzz:
# N runs in S s, C crashes". Usage: fuzz/run.sh [SECONDS] [FUZZER] [ARTIFACT_DIR]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
fuzzer=${2:-$root/build/fuzz/fuzz-topology}
artifacts=${3:-$root/fuzz/crashes}
target=$(basename "$fuzzer")
target=${target#fuzz-}
case "$target" in
topology) seeds=("$root/topologies" "$root/tests/unit/topologies") ;;
scenario) seeds=("$root/scenarios" "$root/scenarios/posted") ;;
*) echo "fuzz: $fuzzer: not a fuzzer this script knows (fuzz-topology, fuzz-scenario)" >&2; exit 1 ;;
esac
corpus=${LUTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lutb}/fuzz/$target

if [ ! -x "$fuzzer" ]; then
	echo "fuzz: no fuzzer at $fuzzer (build it: ninja -C build fuzz/fuzz-$target; needs clang)" >&2
	exit 1
fi
mkdir -p "$corpus" "$artifacts"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Seeds: the catalog (and every bad topology fixture); new finds go to
# $corpus only.
# libfyaml's own leaks are known and listed in lsan.supp; matching them
# by function needs whole stacks (libfyaml has no frame pointers).
ASAN_OPTIONS=fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS} \
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-dict="$root/fuzz/$target.dict" -print_final_stats=1 \
	-artifact_prefix="$artifacts/" \
	"$corpus" "${seeds[@]}" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
if [ "$status" != 0 ]; then
	tail -40 "$log" >&2
fi
echo "fuzz: ${runs:-0} runs in ${took:-?} s, $crashes crashes (corpus $corpus)"
[ "$status" = 0 ] && [ "$crashes" = 0 ]
