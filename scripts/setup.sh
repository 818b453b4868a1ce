#!/bin/bash
# From a fresh Debian 12 machine to a built testbed: host packages, Debian
# sources, then QEMU, the patched guest kernel, the initramfs and the lutb
# tool. Safe to rerun; with a warm cache it rebuilds nothing.
# Prints each step's time; the last line sums them up.
# Usage: scripts/setup.sh [BUILD_DIR]   (default: build)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

builddir=${1:-$LUTB_ROOT/build}
total=0 summary= cpu_summary=
# The machine's busy CPU time in seconds (all cores, from /proc/stat): with
# the wall time it shows how much of the cores a step left idle.
busy_cpu_seconds() {
	awk '/^cpu / { print int(($2 + $3 + $4 + $7 + $8) / 100) }' /proc/stat
}
step_start=$(date +%s) step_busy=$(busy_cpu_seconds)
# Close the running step: remember how long it took.
step_done() {
	local now busy
	now=$(date +%s) busy=$(busy_cpu_seconds)
	summary+="${summary:+, }$1 $((now - step_start)) s"
	cpu_summary+="${cpu_summary:+, }$1 $((busy - step_busy)) s"
	total=$((total + now - step_start))
	step_start=$now step_busy=$busy
}

say "step 1/3: host packages"
"$LUTB_ROOT/scripts/setup-host.sh" --build
step_done "host packages"
say "step 2/3: sources"
prebuilt=$(mktemp -d)
trap 'rm -rf "$prebuilt"' EXIT
qemu_src=$("$LUTB_ROOT/scripts/fetch-sources.sh" qemu)
# Linux's source downloads and unpacks (mostly waiting on the network and
# one core) while QEMU compiles.
"$LUTB_ROOT/scripts/fetch-sources.sh" linux >"$prebuilt/linux-src" &
linux_fetch=$!
step_done "QEMU source"
say "step 3/3: build QEMU, the patched kernel and lutb, side by side"
# The two big builds run side by side, QEMU at the lowest priority: the
# kernel's build has the cores whenever it can use them, and QEMU fills
# what it leaves idle (while Linux downloads, during kbuild's serial
# steps and links). Each at full priority was measured slower on 2 cores.
# Not in a session of its own: with the scheduler's autogroups, a new
# session would get an equal share whatever its niceness.
nice -n 19 "$LUTB_ROOT/scripts/build-qemu.sh" "$qemu_src" "$prebuilt/qemu" &
qemu_build=$!
stop_builds() { kill_tree $qemu_build; [ -z "${tool_build:-}" ] || kill_tree "$tool_build"; }
wait $linux_fetch || { stop_builds; die "fetching Linux's source failed (see the lines above)"; }
linux_src=$(cat "$prebuilt/linux-src")
# lutb itself (the tests' packages, meson's configuration, the tool, the
# agent and the initramfs) builds in the time the big builds leave: meson
# runs the same QEMU and kernel scripts, which wait for the builds above
# (one build per cache key) and then find them in the cache.
mkdir -p "$LUTB_CACHE/logs"
tool_log=$LUTB_CACHE/logs/setup-tool-build.log
build_tool() {
	"$LUTB_ROOT/scripts/setup-host.sh" --test
	if [ -f "$builddir/build.ninja" ]; then
		meson configure "$builddir" -Dqemu_src="$qemu_src" -Dlinux_src="$linux_src" >/dev/null
	else
		meson setup "$builddir" "$LUTB_ROOT" -Dqemu_src="$qemu_src" -Dlinux_src="$linux_src"
	fi
	meson compile -C "$builddir"
}
build_tool >"$tool_log" 2>&1 &
tool_build=$!
"$LUTB_ROOT/scripts/build-kernel.sh" patched "$linux_src" "$prebuilt/kernel" ||
	{ stop_builds; die "building the patched kernel failed (see the lines above)"; }
wait $qemu_build || { stop_builds; die "building QEMU failed (see the lines above)"; }
step_done "Linux source + QEMU + kernel"
wait $tool_build || { tail -n 40 "$tool_log" >&2; die "building lutb failed; full log: $tool_log"; }
step_done "lutb (after the big builds)"
say "setup took $total s: $summary"
say "busy CPU time ($(nproc) cores): $cpu_summary"
say "ready: $builddir/src/lutb run --help"
