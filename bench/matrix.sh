#!/bin/bash
# The scenario catalog's wall time, warm, on this machine's cores: `lutb
# matrix --jobs JOBS` with runs started from saved VMs of kernel A (the
# default) and with --no-fork (every run boots kernel A), interleaved
# ROUNDS times; prints each wall time, the medians and their ratio, and
# each scenario's run time. The saved VMs are made first if missing (one
# matrix run that is not timed). A figure, never a test: it fails only
# when a scenario does not meet its expectations.
# Usage: bench/matrix.sh [--jobs N] [--rounds N] [SCENARIOS-DIR]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

jobs=$(nproc)
rounds=1
while [ $# -gt 0 ]; do
	case "$1" in
	--jobs) jobs=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	-h | --help) sed -n '2,9p' "$0"; exit 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) break ;;
	esac
	shift
done
dir=${1:-$LUTB_ROOT/scenarios}
lutb=$LUTB_ROOT/build/src/lutb
[ -x "$lutb" ] || die "no $lutb: run scripts/setup.sh first"
out=$(mktemp -d /var/tmp/lutb-bench-matrix.XXXXXX)

run_matrix() { # NAME [OPTIONS]
	local name=$1
	shift
	"$lutb" matrix --jobs "$jobs" --out "$out/$name" "$@" "$dir" >"$out/$name.ktap" 2>"$out/$name.log" ||
		say "some scenarios were not as expected in $name: see $out/$name.ktap"
}
matrix() { seconds run_matrix "$@"; }

say "making the saved VMs the catalog needs (not timed)"
matrix warm-up >/dev/null
fork=() nofork=()
for r in $(seq "$rounds"); do
	nofork+=("$(matrix "no-fork-$r" --no-fork)")
	fork+=("$(matrix "fork-$r")")
done
n=$(ls "$out/fork-1"/*.log | wc -l)
echo "== lutb matrix --jobs $jobs, $n scenarios, warm, $(nproc) cores (seconds) =="
printf '%-12s %s\n' "--no-fork" "${nofork[*]}" "fork" "${fork[*]}"
a=$(printf '%s\n' "${nofork[@]}" | median)
b=$(printf '%s\n' "${fork[@]}" | median)
printf 'median: --no-fork %.1f s, fork %.1f s, fork / no-fork = %.2f\n' "$a" "$b" \
	"$(echo "$b / $a" | bc -l)"
echo "== per scenario (seconds; --no-fork, fork; round 1) =="
for log in "$out/fork-1"/*.log; do
	name=$(basename "$log" .log)
	printf '%-36s %6.1f %6.1f\n' "$name" \
		"$(jq -r '.qemu.wall_s' "$out/no-fork-1/$name/report.json" 2>/dev/null || echo 0)" \
		"$(jq -r '.qemu.wall_s' "$out/fork-1/$name/report.json" 2>/dev/null || echo 0)"
done
say "runs kept in $out"
