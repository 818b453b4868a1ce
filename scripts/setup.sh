#!/bin/bash
# From a fresh Debian 12 machine to a built testbed: host packages, Debian
# sources, then one meson build of QEMU, the guest kernels, the initramfs and
# the lutb tool. Safe to rerun; with a warm cache it rebuilds nothing.
# Prints each step's time; the last line sums them up.
# Usage: scripts/setup.sh [BUILD_DIR]   (default: build)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

builddir=${1:-$LUTB_ROOT/build}
total=0 summary=
step_start=$(date +%s)
# Close the running step: remember how long it took.
step_done() {
	local now
	now=$(date +%s)
	summary+="${summary:+, }$1 $((now - step_start)) s"
	total=$((total + now - step_start))
	step_start=$now
}

say "step 1/4: host packages"
"$LUTB_ROOT/scripts/setup-host.sh" --build
# What only the tests need installs while the first builds run.
mkdir -p "$LUTB_CACHE/logs"
"$LUTB_ROOT/scripts/setup-host.sh" --test >"$LUTB_CACHE/logs/setup-test-packages.log" 2>&1 &
test_pkgs=$!
step_done "host packages"
say "step 2/4: sources"
prebuilt=$(mktemp -d)
trap 'rm -rf "$prebuilt"' EXIT
qemu_src=$("$LUTB_ROOT/scripts/fetch-sources.sh" qemu)
# Linux's source downloads and unpacks (mostly waiting on the network and
# one core) while QEMU compiles.
"$LUTB_ROOT/scripts/fetch-sources.sh" linux >"$prebuilt/linux-src" &
linux_fetch=$!
step_done "QEMU source"
# The two big builds run side by side, QEMU at the lowest priority: the
# kernel's build has the cores whenever it can use them, and QEMU fills
# what it leaves idle (while Linux downloads, during kbuild's serial
# steps and links). Each at full priority was measured slower on 2 cores.
# Meson, which wants the tests' packages, later finds both in the cache.
# Not in a session of its own: with the scheduler's autogroups, a new
# session would get an equal share whatever its niceness.
nice -n 19 "$LUTB_ROOT/scripts/build-qemu.sh" "$qemu_src" "$prebuilt/qemu" &
qemu_build=$!
stop_qemu_build() { kill_tree $qemu_build; }
wait $linux_fetch || { stop_qemu_build; die "fetching Linux's source failed (see the lines above)"; }
linux_src=$(cat "$prebuilt/linux-src")
"$LUTB_ROOT/scripts/build-kernel.sh" patched "$linux_src" "$prebuilt/kernel" ||
	{ stop_qemu_build; die "building the patched kernel failed (see the lines above)"; }
wait $qemu_build || die "building QEMU failed (see the lines above)"
step_done "Linux source + QEMU + kernel"
wait $test_pkgs || { cat "$LUTB_CACHE/logs/setup-test-packages.log" >&2; die "the tests' packages did not install"; }
step_done "test packages"
say "step 3/4: configure $builddir"
if [ -f "$builddir/build.ninja" ]; then
	meson configure "$builddir" -Dqemu_src="$qemu_src" -Dlinux_src="$linux_src" >/dev/null
else
	quietly "$LUTB_CACHE/logs/meson-setup.log" \
		meson setup "$builddir" "$LUTB_ROOT" \
		-Dqemu_src="$qemu_src" -Dlinux_src="$linux_src"
fi
step_done configure
say "step 4/4: build (QEMU and kernels come from the cache when unchanged)"
meson compile -C "$builddir"
step_done build
say "setup took $total s: $summary"
say "ready: $builddir/src/lutb run --help"
