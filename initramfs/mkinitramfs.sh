#!/bin/bash
# Build the base initramfs: the agent, static, as /init (it mounts what it
# needs and loads the next kernel with kexec_file_load() itself). Kernel
# images for later generations are appended per run by the host tool, as a
# second cpio archive.
# Usage: mkinitramfs.sh GEN_INIT_CPIO AGENT OUTPUT
set -euo pipefail

gen_init_cpio=$1
agent=$2
output=$3

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	for d in /dev /proc /sys /run /tmp /boot /etc /etc/lutb /usr; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $agent 0755 0 0"
} >"$list"
"$gen_init_cpio" "$list" >"$output"
