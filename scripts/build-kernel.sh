#!/bin/bash
# Build one guest kernel variant (bzImage) from Debian's Linux source, cached
# by the hash of everything that goes into it. Variants differ only in their
# patch series and config fragment, so identical inputs share one build.
# Usage: build-kernel.sh [--if-used] patched|stock|mutant|debug LINUX_SRC OUT_DIR
#   --if-used: do nothing unless OUT_DIR already has this variant, so that
#   a variant built on first use is kept current by every later build
#   mutant: the patched series plus guest-kernel/mutants/ (test-only bugs,
#   one chosen at boot with lutb_mutant=NAME), with the patched config
#   debug: the patched series with config/debug.config (lockdep, KASAN,
#   UBSAN, debug objects, kmemleak, slub debug), in a work tree of its own
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if_used=0
[ "${1:-}" != --if-used ] || { if_used=1; shift; }
variant=$1
src=$2
out=$3
[ $if_used = 0 ] || [ -e "$out/bzImage-$variant" ] || exit 0
gk="$LUTB_ROOT/guest-kernel"
[ -f "$src/.lutb-extracted" ] || die "$src is not a fetched Linux tree (run scripts/fetch-sources.sh linux)"
config=$variant
# The lu_dma guest driver (a patch of its own) goes into every variant.
case "$variant" in
patched) series=("$gk/patches/series" "$gk/driver/series") ;;
stock) series=("$gk/driver/series") ;;
mutant) series=("$gk/patches/series" "$gk/mutants/series" "$gk/driver/series") config=patched ;;
debug) series=("$gk/patches/series" "$gk/driver/series") ;;
*) die "unknown kernel variant '$variant' (patched|stock|mutant|debug)" ;;
esac

series_files=()
for s in "${series[@]}"; do
	mapfile -t -O ${#series_files[@]} series_files < <("$LUTB_ROOT/scripts/series-files.sh" "$s")
done
# Variant files are hashed by content only, so equal variants share a key.
fragment_text=$(grep -hv '^#' "$gk/config/base.config" "$gk/config/$config.config")
# Bump when the build steps below change in a way that changes the result.
RECIPE=3
key=$(inputs_hash "$src/.lutb-extracted" "${series_files[@]}" \
	"str:$fragment_text" "recipe=$RECIPE" "$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/kernel/$key"

# Every variant is built in one tree per Linux source (kernel_work_tree);
# rsync --checksum gives a new mtime only to files whose content changes,
# which is what kbuild's dependency tracking needs.
work=$(kernel_work_tree "$src")
# Its config changes every object file: switching the shared tree to it and
# back would rebuild everything twice.
[ "$variant" != debug ] || work=$work-debug
mkdir -p "$LUTB_CACHE/kernel"
lock_work_tree "$work" "kernel build in $work"

if [ ! -f "$cache/.done" ]; then
	say "building the $variant kernel (cache key $key); log: $cache/build.log"
	rm -rf "$cache" "$work/stage" && mkdir -p "$cache"
	link_tree "$src" "$work/stage"
	for s in "${series[@]}"; do
		"$LUTB_ROOT/scripts/apply-series.sh" "$s" "$work/stage"
	done
	if [ -d "$work/src" ]; then
		quietly "$cache/build.log" rsync -rlp --checksum --delete "$work/stage/" "$work/src/"
		rm -rf "$work/stage"
	else
		mv "$work/stage" "$work/src"
	fi
	printf '%s\n' "$fragment_text" >"$cache/fragment.config"
	# No ccache: the shared tree already rebuilds only what changed, and on
	# a cold tree ccache's misses cost a fifth of the build (511 s without,
	# 646 s with, on 2 cores).
	kmake() { make -C "$work/src" O="$work/build" ARCH=x86_64 "$@"; }
	start=$(date +%s)
	quietly "$cache/build.log" kmake allnoconfig \
		KCONFIG_ALLCONFIG="$cache/fragment.config"
	# Every option we ask for must survive Kconfig's dependency resolution.
	lost=$(config_lines_lost "$work/build/.config" <"$cache/fragment.config")
	[ -z "$lost" ] ||
		die "kernel config: '${lost%%$'\n'*}' did not stick (dependency missing?); see $work/build/.config"
	if [ -f "$work/build/vmlinux" ]; then
		say "kernel configured; compiling what differs from the last variant built"
	else
		say "kernel configured; compiling (about 7 minutes on 2 cores$([ "$variant" != debug ] || echo ", more with the debug options"))"
	fi
	quietly "$cache/build.log" kmake -j"$(nproc)" bzImage
	cp "$work/build/arch/x86/boot/bzImage" "$cache/bzImage"
	cp "$work/build/.config" "$cache/config"
	echo "$variant" >"$cache/variant"
	echo $(($(date +%s) - start)) >"$cache/build-seconds"
	children_cpu_seconds >"$cache/build-cpu-seconds"
	touch "$cache/.done"
	say "$variant kernel built in $(cat "$cache/build-seconds") s ($(cat "$cache/build-cpu-seconds") CPU-s)"
fi

mkdir -p "$out"
ln -sfn "$cache/bzImage" "$out/bzImage-$variant"
echo "$key" >"$out/kernel-$variant.key"
