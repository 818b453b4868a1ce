#!/bin/bash
# Build the base initramfs: init, busybox, kexec-tools (with the shared
# libraries it links), the agent. Kernel images for later generations are
# appended per run by the host tool, as a second cpio archive.
# Usage: mkinitramfs.sh GEN_INIT_CPIO AGENT OUTPUT
set -euo pipefail

gen_init_cpio=$1
agent=$2
output=$3
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox
kexec=/sbin/kexec

[ -x "$busybox" ] || { echo "mkinitramfs: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }
[ -x "$kexec" ] || { echo "mkinitramfs: $kexec missing (apt-get install kexec-tools)" >&2; exit 1; }

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	for d in /dev /proc /sys /run /tmp /bin /sbin /boot /etc /etc/lutb \
		/lib /lib64 /lib/x86_64-linux-gnu /usr /usr/lib; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $here/init 0755 0 0"
	echo "file /bin/busybox $busybox 0755 0 0"
	echo "file /sbin/lutb-agent $agent 0755 0 0"
	echo "file /sbin/kexec $kexec 0755 0 0"
	# The loader and every library kexec needs, at the paths ldd names.
	ldd "$kexec" | grep -o '/[^ ]*' | sort -u | while read -r lib; do
		echo "file $lib $(readlink -f "$lib") 0755 0 0"
	done
} >"$list"
"$gen_init_cpio" "$list" >"$output"
