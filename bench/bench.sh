#!/bin/bash
# lutb's foundation figures:
#   - with --fresh, a newcomer's cold setup: a clean Debian 12 root
#     (tests/fresh/fresh-machine.sh --cold) where scripts/setup.sh installs
#     every package and builds every artifact from nothing; printed per step
#     and per artifact (about 15 minutes on 2 cores)
#   - build time of each artifact, as recorded when its cache entry was built
#   - warm-cache setup time (scripts/setup.sh with nothing to rebuild)
#   - boot -> kexec -> boot wall time under the chosen accelerator, median of 5
# Usage: bench/bench.sh [--fresh] [--runs N]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

fresh=0
runs=5
while [ $# -gt 0 ]; do
	case "$1" in
	--fresh) fresh=1 ;;
	--runs) runs=$2; shift ;;
	-h | --help) sed -n '2,11p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done

builddir=$LUTB_ROOT/build
if [ $fresh = 1 ]; then
	out=$(mktemp -d /var/tmp/lutb-bench-fresh.XXXXXX)
	say "cold setup in a clean Debian 12 root; logs in $out"
	"$LUTB_ROOT/tests/fresh/fresh-machine.sh" "$out" --cold ||
		die "the cold setup failed; logs in $out"
	echo "== cold setup in a clean root ($(nproc) cores): wall and busy CPU seconds =="
	printf '%-30s %6s\n' "(debootstrap, before)" "$(cat "$out/debootstrap-seconds")"
	# One "name seconds" line per step, from setup's two summary lines.
	per_step() {
		sed -n "s/.*lutb: $1/\\1/p" "$out/setup-and-run.log" | tail -n 1 |
			tr ',' '\n' | sed 's/^ *//; s/ s$//'
	}
	paste -d '\t' <(per_step 'setup took [0-9]* s: \(.*\)') \
		<(per_step 'busy CPU time ([0-9]* cores): \(.*\)') |
		awk -F '\t' -v cores="$(nproc)" '{
			n = split($1, w, " "); split($2, c, " "); name = w[1]
			for (i = 2; i < n; i++) name = name " " w[i]
			printf "%-30s %6s  busy %5s  (%3d%% of the cores)\n", name, w[n], c[n],
				w[n] ? 100 * c[n] / (cores * w[n]) : 0
			tw += w[n]; tc += c[n]
		} END {
			printf "%-30s %6s  busy %5s  (%3d%% of the cores)\n", "total", tw, tc,
				tw ? 100 * tc / (cores * tw) : 0
		}'
	echo "== of which, builds: wall and CPU seconds; stock and mutant come after setup, on first use =="
	awk -F '\t' '{ printf "%-30s %6s  CPU %5s\n", $1, $2, $3 }' "$out/build-seconds"
fi

"$LUTB_ROOT/scripts/setup.sh" "$builddir" >/dev/null 2>&1 ||
	die "setup failed; run scripts/setup.sh to see why"
start=$(date +%s.%N)
"$LUTB_ROOT/scripts/setup.sh" "$builddir" >/dev/null 2>&1
warm=$(echo "$(date +%s.%N) - $start" | bc)

built_seconds() {
	local kind=$1 keyfile=$2
	local f="$LUTB_CACHE/$kind/$(cat "$keyfile")/build-seconds"
	[ -f "$f" ] && cat "$f" || echo "?"
}

echo "== build (seconds, fresh, $(nproc) cores) =="
printf '%-16s %s\n' qemu "$(built_seconds qemu "$builddir/qemu-patches/qemu.key")"
for v in patched stock mutant; do
	printf '%-16s %s\n' "kernel-$v" \
		"$(built_seconds kernel "$builddir/guest-kernel/kernel-$v.key")"
done
echo "== warm-cache setup (seconds) =="
printf '%-16s %.1f\n' setup "$warm"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
walls=()
for i in $(seq "$runs"); do
	LUTB_RESULTS_DIR=$results "$builddir/src/lutb" run >/dev/null 2>&1 ||
		die "run $i did not pass; see $results"
	walls+=("$(grep -o '"wall_s": [0-9.]*' "$results"/*/run.json | tail -n 1 | awk '{ print $2 }')")
	rm -rf "${results:?}"/*
done
accel=$(cat "$LUTB_CACHE"/accel-probe/* 2>/dev/null | awk '{ print $1 }' | head -n 1)
echo "== boot -> kexec -> boot (seconds, ${accel:-auto}, $runs runs) =="
printf '%s\n' "${walls[@]}" | sort -n | awk '
	{ v[NR] = $1 }
	END { printf "%-16s %.2f\n%-16s %.2f\n%-16s %.2f\n", "median", v[int((NR + 1) / 2)], "min", v[1], "max", v[NR] }'
