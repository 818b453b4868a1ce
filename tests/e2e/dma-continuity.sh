#!/bin/sh
# Run one live update and judge the DMA engines from both sides: the guest
# agent's reports (agent.jsonl) and QEMU's lu-dma logs (lu-dma-*.jsonl).
# Usage: dma-continuity.sh continuous|blocked -- LUTB RUN-ARGS...
#   continuous  every engine kernel A preserved is retrieved by kernel B with
#               a continuous ring (no hole, duplicate, blocked transaction or
#               long gap) reaching back past the preservation; QEMU logged no
#               blocked transaction and no reset; lutb failed no check but
#               a pure timing gap (TCG on a loaded host); every device on a
#               preserved path kept its BDF, IDs, BARs, windows and bus
#               numbers; the kernels' KUnit suites passed
#   blocked     the known-bad baseline: QEMU logged DMA blocked by a cleared
#               Bus Master Enable, and kernel B found the ring broken
set -u
want=$1
shift
[ "$1" = "--" ] || { echo "usage: dma-continuity.sh continuous|blocked -- COMMAND..." >&2; exit 2; }
shift

results=${LUTB_RESULTS_DIR:-/tmp}
mkdir -p "$results"
out=$(mktemp -d "$results/dma-$want-XXXXXX")
"$@" --out "$out" >"$out/ktap.txt" 2>"$out/stderr.txt"
status=$?
cat "$out/ktap.txt"
fail() {
	echo "dma-continuity: $*" >&2
	echo "dma-continuity: run directory $out" >&2
	exit 1
}
agent="$out/agent.jsonl"
[ -s "$agent" ] || fail "no agent report (lutb exit status $status)"
ev() { jq -c "select(.gen == $1 and .event == \"$2\")" "$agent"; }
# lu-dma events (JQ filter $1) from the engine's first start on, every log.
dma_events() {
	for f in $logs; do
		jq -R -c 'fromjson? // empty' "$f" |
			jq -s -c "(map(.ev == \"start\") | index(true)) as \$i |
				  if \$i == null then empty else .[\$i:][] end | select($1)"
	done
}

preserved=$(ev 1 luo-preserve | jq -r '.engines[] | select(.ok) | .bdf')
[ -n "$preserved" ] || fail "kernel A preserved no engine: $(ev 1 luo-preserve)"
ring=$(ev 2 ring)
[ -n "$ring" ] || fail "kernel B did not check any ring"
logs=$(ls "$out"/lu-dma-*.jsonl 2>/dev/null)
[ -n "$logs" ] || fail "no lu-dma log from QEMU"

case "$want" in
continuous)
	# Under TCG a loaded host can starve QEMU's timers for a while: a gap
	# in time alone, without a blocked transaction or a reset, is the
	# emulator's, and lutb's own bound for it is tight. Everything else
	# lutb checks must pass.
	case "$status" in 0 | 1) ;; *) fail "lutb exited with $status, wanted 0" ;; esac
	other=$(grep '^not ok ' "$out/ktap.txt" | grep -v '^not ok [0-9]* dma-continuity:[^ ]* # no DMA for ')
	[ -z "$other" ] || fail "lutb failed checks: $other"
	# Every kexec: what generation g-1 preserved, generation g checked.
	last=$(jq -s '[.[] | select(.event == "ring") | .gen] | max' "$agent")
	for g in $(seq 2 "$last"); do
		for bdf in $(ev $((g - 1)) luo-preserve | jq -r '.engines[] | select(.ok) | .bdf'); do
			seq_a=$(ev $((g - 1)) luo-preserve | jq -r ".engines[] | select(.bdf == \"$bdf\") | .status.seq")
			r=$(ev $g ring | jq -c ".engines[] | select(.bdf == \"$bdf\")")
			[ -n "$r" ] || fail "$bdf: preserved in generation $((g - 1)), not retrieved in $g"
			[ "$(printf "%s\n" "$r" | jq .ok)" = true ] || fail "$bdf: ring not continuous in generation $g: $r"
			first=$(printf "%s\n" "$r" | jq .first_seq)
			[ "$first" -le "$seq_a" ] ||
				fail "$bdf: generation $g checked its ring from seq $first, after the preservation at $seq_a"
			echo "# gen $g $bdf: seq $first..$(printf "%s\n" "$r" | jq .last_seq) continuous through kexec (preserved at $seq_a), largest gap $(printf "%s\n" "$r" | jq .max_gap_ns) ns"
		done
	done
	bad=$(dma_events '.ev == "blocked" or .ev == "reset"' | head -n 3)
	[ -z "$bad" ] || fail "QEMU saw DMA stop: $bad"
	kunit=$(jq -c 'select(.event == "kunit")' "$agent")
	[ -n "$kunit" ] || fail "no KUnit results from the patched kernel"
	printf "%s\n" "$kunit" | jq -e -s 'all(.ok) and all(.suites | any(.suite == "pci_liveupdate"))' >/dev/null ||
		fail "KUnit failed or pci_liveupdate missing: $kunit"
	# Every device on a preserved path, as kernel A left it and kernel B sees it.
	paths=$(ev 1 pci-liveupdate | jq -r 'select(.phase == "before-kexec") | .devices[] | select(.dir == "outgoing") | .bdf')
	[ -n "$paths" ] || fail "kernel A reported no preserved PCI path"
	for bdf in $paths; do
		sel=".devices[] | select(.bdf == \"$bdf\") | {vendor, device, subsystem_id, resources, bus, windows}"
		a=$(ev 1 pci | jq -c "$sel")
		b=$(ev 2 pci | jq -c "$sel")
		[ -n "$a" ] && [ "$a" = "$b" ] || fail "$bdf changed across kexec: before $a after $b"
	done
	echo "# preserved path kept BDF, BARs, windows and bus numbers: $(echo $paths)"
	;;
blocked)
	case "$status" in 0 | 1) ;; *) fail "lutb exited with $status, wanted a judged run" ;; esac
	bme=$(dma_events '.ev == "blocked" and .reason == "bme"' | head -n 1)
	[ -n "$bme" ] || fail "QEMU logged no DMA blocked by Bus Master Enable"
	echo "# QEMU: $bme"
	[ "$(printf "%s\n" "$ring" | jq .ok)" = false ] || fail "kernel B found the ring intact: $ring"
	blocked=$(printf "%s\n" "$ring" | jq '[.engines[].counters.blocked] | add')
	[ "$blocked" -gt 0 ] || fail "kernel B counted no blocked transaction: $ring"
	echo "# kernel B: $blocked blocked transactions, largest gap $(printf "%s\n" "$ring" | jq '[.engines[].max_gap_ns] | max') ns"
	;;
*)
	echo "dma-continuity: want continuous or blocked, not '$want'" >&2
	exit 2
	;;
esac
exit 0
