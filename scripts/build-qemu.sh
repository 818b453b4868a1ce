#!/bin/bash
# Build the patched QEMU (x86_64-softmmu) and the qtests lutb runs, cached by
# the hash of the source version, the patch series and this script.
# Usage: build-qemu.sh QEMU_SRC OUT_DIR
# Leaves OUT_DIR/qemu-system-x86_64 and OUT_DIR/qtest-NAME (links into the cache).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$1
out=$2
series="$LUTB_ROOT/qemu-patches/series"
[ -f "$src/.lutb-extracted" ] || die "$src is not a fetched QEMU tree (run scripts/fetch-sources.sh qemu)"

# Tests built from QEMU's tree; lutb's own qtests are added by the series.
QTESTS=(pvpanic-pci-test lu-dma-test)
CONFIGURE_ARGS=(
	--target-list=x86_64-softmmu --disable-docs --disable-install-blobs
	--python=/usr/bin/python3 --without-default-features
	--enable-kvm --enable-tcg --disable-werror
)
# Bump when the build steps below change in a way that changes the result.
RECIPE=1

mapfile -t series_files < <("$LUTB_ROOT/scripts/series-files.sh" "$series" "$(tree_release "$src")")
key=$(inputs_hash "$src/.lutb-extracted" "${series_files[@]}" \
	"recipe=$RECIPE" "${CONFIGURE_ARGS[*]}" "${QTESTS[*]}" \
	"$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/qemu/$key"

if [ ! -f "$cache/.done" ]; then
	say "building QEMU (cache key $key); log: $cache/build.log"
	rm -rf "$cache" && mkdir -p "$cache"
	link_tree "$src" "$cache/src"
	"$LUTB_ROOT/scripts/apply-series.sh" "$series" "$cache/src"
	mkdir -p "$cache/build"
	start=$(date +%s)
	(
		cd "$cache/build"
		quietly "$cache/build.log" ../src/configure "${CONFIGURE_ARGS[@]}"
		say "QEMU configured; compiling (about 5 minutes on 2 cores)"
		quietly "$cache/build.log" ninja -j"$(nproc)" qemu-system-x86_64 \
			"${QTESTS[@]/#/tests/qtest/}"
	)
	echo $(($(date +%s) - start)) >"$cache/build-seconds"
	touch "$cache/.done"
	say "QEMU built in $(cat "$cache/build-seconds") s"
fi

# The +ds source ships no firmware blobs; a QEMU run from its build tree
# (qtests included) finds its data in qemu-bundle/, so give it Debian's.
datadir="$cache/build/qemu-bundle/usr/local/share/qemu"
for fw in /usr/share/seabios/* /usr/share/qemu/* /usr/lib/ipxe/qemu/*; do
	[ -f "$fw" ] || continue
	[ -e "$datadir/$(basename "$fw")" ] || ln -s "$fw" "$datadir/$(basename "$fw")"
done

mkdir -p "$out"
ln -sfn "$cache/build/qemu-system-x86_64" "$out/qemu-system-x86_64"
for t in "${QTESTS[@]}"; do
	ln -sfn "$cache/build/tests/qtest/$t" "$out/qtest-$t"
done
echo "$key" >"$out/qemu.key"
