#!/bin/bash
# Build the patched QEMU (x86_64-softmmu), cached by the hash of the source
# version, the patch series, the device set and this script; with --qtests,
# also the qtests lutb runs, in the same cached build (only the tests need
# them, so setup does not wait for them).
# Usage: build-qemu.sh [--qtests] QEMU_SRC OUT_DIR
# Leaves OUT_DIR/qemu-system-x86_64 and, with --qtests, OUT_DIR/qtest-NAME
# (links into the cache).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

qtests=0
[ "${1:-}" != --qtests ] || { qtests=1; shift; }
src=$1
out=$2
series="$LUTB_ROOT/qemu-patches/series"
devices="$LUTB_ROOT/qemu-patches/lutb-devices.mak"
[ -f "$src/.lutb-extracted" ] || die "$src is not a fetched QEMU tree (run scripts/fetch-sources.sh qemu)"

# Tests built from QEMU's tree; lutb's own qtests are added by the series.
QTESTS=(pvpanic-pci-test lu-dma-test intel-iommu-test)
CONFIGURE_ARGS=(
	--target-list=x86_64-softmmu --disable-docs --disable-install-blobs
	--python=/usr/bin/python3 --without-default-features
	--enable-kvm --enable-tcg --disable-werror
	--without-default-devices --with-devices-x86_64=lutb
)
# Without -g a cold QEMU build costs about 12 % less CPU and links faster;
# LUTB_QEMU_DEBUG_INFO=1 builds (and caches) one that gdb can read.
[ "${LUTB_QEMU_DEBUG_INFO:-0}" = 1 ] || CONFIGURE_ARGS+=(--disable-debug-info)
# Bump when the build steps below change in a way that changes the result.
RECIPE=2

mapfile -t series_files < <("$LUTB_ROOT/scripts/series-files.sh" "$series" "$(tree_release "$src")")
key=$(inputs_hash "$src/.lutb-extracted" "${series_files[@]}" "$devices" \
	"recipe=$RECIPE" "${CONFIGURE_ARGS[*]}" "$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/qemu/$key"
mkdir -p "$LUTB_CACHE/qemu"
# One build at a time per key: setup, meson and the qtests may all ask.
exec 9>"$cache.lock"
flock 9

if [ ! -f "$cache/.done" ]; then
	say "building QEMU (cache key $key); log: $cache/build.log"
	rm -rf "$cache" && mkdir -p "$cache"
	link_tree "$src" "$cache/src"
	"$LUTB_ROOT/scripts/apply-series.sh" "$series" "$cache/src"
	cp "$devices" "$cache/src/configs/devices/x86_64-softmmu/lutb.mak"
	mkdir -p "$cache/build"
	start=$(date +%s)
	(
		cd "$cache/build"
		quietly "$cache/build.log" ../src/configure "${CONFIGURE_ARGS[@]}"
		say "QEMU configured; compiling (about 5 minutes on 2 cores)"
		quietly "$cache/build.log" ninja -j"$(nproc)" qemu-system-x86_64
	)
	echo $(($(date +%s) - start)) >"$cache/build-seconds"
	children_cpu_seconds >"$cache/build-cpu-seconds"
	touch "$cache/.done"
	say "QEMU built in $(cat "$cache/build-seconds") s ($(cat "$cache/build-cpu-seconds") CPU-s)"
fi

# The +ds source ships no firmware blobs; a QEMU run from its build tree
# (qtests included) finds its data in qemu-bundle/, so give it Debian's.
datadir="$cache/build/qemu-bundle/usr/local/share/qemu"
for fw in /usr/share/seabios/* /usr/share/qemu/* /usr/lib/ipxe/qemu/*; do
	[ -f "$fw" ] || continue
	[ -e "$datadir/$(basename "$fw")" ] || ln -s "$fw" "$datadir/$(basename "$fw")"
done

# ninja finds nothing to do once they are built.
if [ $qtests = 1 ]; then
	[ -x "$cache/build/tests/qtest/${QTESTS[-1]}" ] ||
		say "building QEMU's qtests; log: $cache/qtests.log"
	quietly "$cache/qtests.log" ninja -C "$cache/build" -j"$(nproc)" "${QTESTS[@]/#/tests/qtest/}"
fi

mkdir -p "$out"
ln -sfn "$cache/build/qemu-system-x86_64" "$out/qemu-system-x86_64"
if [ $qtests = 1 ]; then
	for t in "${QTESTS[@]}"; do
		ln -sfn "$cache/build/tests/qtest/$t" "$out/qtest-$t"
	done
fi
echo "$key" >"$out/qemu.key"
