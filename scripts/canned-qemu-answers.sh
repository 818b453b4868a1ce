#!/bin/bash
# Saves a QEMU binary's QMP answers that lutb's device catalog asks for
# (src/topology/qemu_catalog.c), for tests and fuzzing to answer from:
# DIR/qom-list-types-TYPE.json and DIR/device-list-properties-DEVICE.json,
# with only the fields it reads.
# Usage: canned-qemu-answers.sh QEMU DIR DEVICE...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] || die "usage: $0 QEMU DIR DEVICE..."
qemu=$1 dir=$2
shift 2
command -v jq >/dev/null || die "jq is needed (scripts/setup-host.sh --test installs it)"
# The types the catalog asks about: every device, each bus, the bridges.
TYPES=(device pci-device isa-device usb-device virtio-device sys-bus-device base-pci-bridge pxb)

{
	echo '{"execute":"qmp_capabilities"}'
	for t in "${TYPES[@]}"; do
		printf '{"execute":"qom-list-types","arguments":{"implements":"%s","abstract":false}}\n' "$t"
	done
	for d in "$@"; do
		printf '{"execute":"device-list-properties","arguments":{"typename":"%s"}}\n' "$d"
	done
	echo '{"execute":"quit"}'
} | "$qemu" -nodefaults -machine none -display none -qmp stdio 2>/dev/null |
	jq -c 'select(has("return")) | .return' >"$dir/.answers"
# Answers come in the order asked: capabilities, types, devices, quit.
mapfile -t answers <"$dir/.answers"
rm "$dir/.answers"
[ ${#answers[@]} -eq $((${#TYPES[@]} + $# + 2)) ] ||
	die "$qemu answered ${#answers[@]} questions of $((${#TYPES[@]} + $# + 2))"
i=1
for t in "${TYPES[@]}"; do
	jq --indent 1 'map({name}) | sort_by(.name)' <<<"${answers[$i]}" >"$dir/qom-list-types-$t.json"
	i=$((i + 1))
done
for d in "$@"; do
	jq --indent 1 'map({name, type}) | sort_by(.name)' <<<"${answers[$i]}" \
		>"$dir/device-list-properties-$d.json"
	i=$((i + 1))
done
say "saved $((${#TYPES[@]} + $#)) answers of $qemu in $dir"
