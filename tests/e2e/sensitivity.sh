#!/bin/bash
# Every mutant is caught: each scenarios/mutant-*.yaml meets its
# expectations on the mutant kernel and does not on the same kernel
# without lutb_mutant= (lutb matrix --unmutated), and some check fails
# only with the mutant. Prints the README's sensitivity table.
# Usage: sensitivity.sh LUTB OUT_DIR
set -euo pipefail
lutb=$1
out=$2
scenarios="$(dirname "$0")/../../scenarios"
root="$(dirname "$0")/../.."

rm -rf "$out"
mkdir -p "$out"
# Both matrices are judged below, row by row: their own exit status (a
# mutant scenario never meets its expectations unmutated) says nothing.
"$lutb" matrix --jobs 2 --out "$out/mutant" "$scenarios"/mutant-*.yaml >"$out/mutant.ktap" || true
"$lutb" matrix --jobs 2 --unmutated --out "$out/unmutated" "$scenarios"/mutant-*.yaml \
	>"$out/unmutated.ktap" || true
# A mutant scenario may name its twin (unmutated: NAME): the unmutated run
# is then held to NAME's expectations, e.g. the panic the kernel without
# the mutant must have.
for d in "$out/unmutated"/*/; do
	twin=$(sed -n 's/^unmutated: *//p' "$scenarios/$(basename "$d").yaml")
	[ -n "$twin" ] || continue
	cp "$scenarios/$twin.yaml" "$d/scenario.yaml" ||
		{ echo "sensitivity: $(basename "$d") names a twin $twin, which does not exist" >&2; exit 1; }
	"$lutb" report "$d" >"$d/twin.ktap" 2>/dev/null || true
	echo "$twin" >"$d/twin"
done
"$root/scripts/sensitivity-table.sh" "$out/mutant" "$out/unmutated" | tee "$out/table.md"

want=$(ls "$scenarios"/mutant-*.yaml | wc -l)
caught=$(grep -c '| yes |$' "$out/table.md" || true)
if [ "$caught" -ne "$want" ]; then
	echo "sensitivity: $caught of $want mutants caught (see $out/table.md, $out/*.ktap)" >&2
	exit 1
fi
echo "sensitivity: all $want mutants caught"
