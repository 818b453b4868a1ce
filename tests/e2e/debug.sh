#!/bin/bash
# The debug kernel (lockdep, KASAN, UBSAN, debug objects, kmemleak, slub
# debug: guest-kernel/config/debug.config) in place of the patched one, on
# the scenarios that drive the series' paths most: preserving, handing
# over, finishing, unbinding, removing, resetting, rescanning and hot-adding
# under preserved devices. Their expectations are unchanged, so a lockdep
# splat, a KASAN or UBSAN report or a leak fails no-kernel-errors:genN and
# the run. The whole catalog on it is one command:
#   lutb matrix --patched-as debug scenarios/
# Usage: debug.sh LUTB SCENARIO_DIR OUT_DIR
set -euo pipefail
lutb=$1
scenarios=$2
out=$3
subset=(default three-kexecs unpreserve-one rescan-before-kexec
	assign-busses-rescan-after-finish unbind-engine-before-finish
	unbind-port-before-finish unbind-engine-before-kexec remove-rescan-before-finish
	reset-on-preserved-path partial-finish hotplug-bridge-no-spare-bus
	hotplug-bridge-after-finish machine-iommu-pt)

rm -rf "$out"
mkdir -p "$out"
files=()
for s in "${subset[@]}"; do files+=("$scenarios/$s.yaml"); done
start=$(date +%s)
# Every boot takes some 30 s under TCG with the debug options.
if ! "$lutb" matrix --jobs 2 --timeout 600 --patched-as debug --out "$out/matrix" "${files[@]}" \
	>"$out/matrix.ktap" 2>"$out/matrix.err"; then
	grep -v '^ok' "$out/matrix.ktap" >&2
	echo "debug: the scenarios did not meet their expectations on the debug kernel" \
		"(see $out/matrix)" >&2
	exit 1
fi
# The kernel really was the debug one: lockdep announced itself.
grep -q "Lock dependency validator" "$out/matrix/default"*/console.log ||
	{ echo "debug: default's console shows no lockdep: not the debug kernel?" >&2; exit 1; }
tail -n 1 "$out/matrix.ktap"
echo "debug: ${#subset[@]} scenarios on the debug kernel in $(($(date +%s) - start)) s"
