#!/bin/bash
# Build the kernel's own Live Update selftests from the fetched Linux tree,
# the way its tools/testing/selftests/liveupdate/vmtest.sh builds them:
# static, against nolibc and the tree's exported user headers. Cached by
# the hash of the tree and this recipe; OUT_DIR/selftests links to the cache.
#
# OUT_DIR/selftests/manifest names each test and how it runs, taken from
# the tree rather than from a list of ours:
#   NAME once    TEST_GEN_PROGS of liveupdate/Makefile: one generation
#   NAME kexec   TEST_GEN_PROGS_EXTENDED: stage 1 before a kexec, 2 after
#   kho kernel   tools/testing/selftests/kho: lib/test_kho.c, built into the
#                guest kernel, saves at boot and checks after the kexec
# OUT_DIR/selftests/vmtest-init is the init of the tree's own harness
# (liveupdate/init.c, built as vmtest.sh builds it), which bench/ runs to
# compare lutb with that harness.
# Usage: build-selftests.sh LINUX_SRC OUT_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$1
out=$2
[ -f "$src/.lutb-extracted" ] || die "$src is not a fetched Linux tree (run scripts/fetch-sources.sh linux)"
tests="$src/tools/testing/selftests/liveupdate"
[ -f "$tests/Makefile" ] || die "$tests/Makefile missing: this Linux tree has no Live Update selftests"

RECIPE=2
key=$(inputs_hash "$src/.lutb-extracted" "$LUTB_ROOT/scripts/build-selftests.sh" "recipe=$RECIPE" "$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/selftests/$key"

# The programs a make variable of the Makefile lists ("VAR += prog" lines).
make_list() {
	awk -v var="$1" '$1 == var && $2 == "+=" { print $3 }' "$tests/Makefile"
}

if [ ! -f "$cache/.done" ]; then
	say "building the kernel's Live Update selftests (cache key $key); log: $cache/build.log"
	rm -rf "$cache" && mkdir -p "$cache"
	work=$(mktemp -d "$LUTB_CACHE/selftests/work.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	# The user headers (linux/liveupdate.h and what nolibc includes), from
	# this tree, exported into a scratch object directory.
	quietly "$cache/build.log" make -C "$src" O="$work/obj" ARCH=x86_64 \
		headers_install INSTALL_HDR_PATH="$work/usr"
	cc_tree=(gcc -static -O2 -nostdinc -nostdlib -I "$work/usr/include"
		-I "$src/tools/include/nolibc" -I "$tests/lib/include")
	manifest="$cache/manifest"
	echo "# name kind (once | kexec | kernel); see scripts/build-selftests.sh" >"$manifest"
	for kind in once kexec; do
		var=TEST_GEN_PROGS
		[ $kind = once ] || var=TEST_GEN_PROGS_EXTENDED
		for prog in $(make_list $var); do
			quietly "$cache/build.log" "${cc_tree[@]}" -o "$cache/$prog" \
				"$tests/$prog.c" "$tests/lib/lu_utils.c"
			echo "$prog $kind" >>"$manifest"
		done
	done
	quietly "$cache/build.log" "${cc_tree[@]}" -s -Os -fno-asynchronous-unwind-tables \
		-fno-ident -fno-stack-protector -o "$cache/vmtest-init" "$tests/init.c"
	if [ -d "$src/tools/testing/selftests/kho" ] && [ -f "$src/lib/test_kho.c" ]; then
		echo "kho kernel" >>"$manifest"
	fi
	touch "$cache/.done"
	say "selftests built: $(grep -vc '^#' "$manifest") tests"
fi

mkdir -p "$out"
ln -sfn "$cache" "$out/selftests"
