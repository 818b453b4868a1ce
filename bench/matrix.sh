#!/bin/bash
# The scenario catalog's wall time, warm: `lutb matrix` with --jobs 1 and
# --jobs 2 (each scenario its own QEMU), and each scenario's run time
# (median over the runs). A figure, never a test: it fails only when a
# scenario does not meet its expectations.
# Usage: bench/matrix.sh [SCENARIOS-DIR]   (default: scenarios/)
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

dir=${1:-$LUTB_ROOT/scenarios}
lutb=$LUTB_ROOT/build/src/lutb
[ -x "$lutb" ] || die "no $lutb: run scripts/setup.sh first"
out=$(mktemp -d /var/tmp/lutb-bench-matrix.XXXXXX)

declare -A wall
for jobs in 1 2; do
	start=$(date +%s.%N)
	"$lutb" matrix --jobs "$jobs" --out "$out/jobs$jobs" "$dir" >"$out/jobs$jobs.ktap" 2>"$out/jobs$jobs.log" ||
		say "some scenarios were not as expected with --jobs $jobs: see $out/jobs$jobs.ktap"
	wall[$jobs]=$(echo "$(date +%s.%N) - $start" | bc)
done
n=$(ls "$out/jobs1"/*.log | wc -l)
echo "== lutb matrix, $n scenarios, warm, $(nproc) cores (seconds) =="
printf '%-24s %.1f\n' "--jobs 1" "${wall[1]}" "--jobs 2" "${wall[2]}"
echo "== per scenario (seconds; --jobs 1, --jobs 2) =="
for log in "$out/jobs1"/*.log; do
	name=$(basename "$log" .log)
	a=$(jq -r '.qemu.wall_s' "$out/jobs1/$name/report.json" 2>/dev/null || echo "?")
	b=$(jq -r '.qemu.wall_s' "$out/jobs2/$name/report.json" 2>/dev/null || echo "?")
	printf '%-32s %6.1f %6.1f\n' "$name" "$a" "$b"
done
printf '%-32s %6.1f %6.1f\n' "median" \
	"$(jq -s 'map(.qemu.wall_s) | sort | .[length / 2 | floor]' "$out"/jobs1/*/report.json)" \
	"$(jq -s 'map(.qemu.wall_s) | sort | .[length / 2 | floor]' "$out"/jobs2/*/report.json)"
say "runs kept in $out"
