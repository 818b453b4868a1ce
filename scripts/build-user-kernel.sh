#!/bin/bash
# Build a guest kernel from a user's Linux tree (a git checkout or an
# unpacked source) for lutb: the testbed's config fragments, the lu_dma
# driver patch, out of tree, so the user's tree is never written to. Cached
# by the tree's content (commit and uncommitted changes, or every file's
# size and time outside git) and everything else that goes in; a tree seen
# before is rebuilt incrementally in a work tree of its own.
# Usage: build-user-kernel.sh TREE NAME
# Leaves $LUTB_CACHE/named-kernels/NAME, a link to the bzImage, and prints
# its path. Exit status: 0 built or cached, 125 when the tree does not
# build or cannot be used (git bisect run then skips the commit).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/named-kernel.sh"
set -e
trap 'exit 125' ERR
trap named_kernel_cleanup EXIT

[ $# = 2 ] || skip "usage: build-user-kernel.sh TREE NAME"
tree=$(realpath -e "$1" 2>/dev/null) || skip "$1: no such directory"
name=$2
gk="$LUTB_ROOT/guest-kernel"
[ -f "$tree/Makefile" ] && [ -f "$tree/Kconfig" ] && [ -d "$tree/arch/x86" ] ||
	skip "$tree is not a Linux source tree (no Makefile, Kconfig and arch/x86)"
# kbuild refuses an out-of-tree build from a source tree built in place.
[ ! -e "$tree/.config" ] && [ ! -e "$tree/include/config" ] ||
	skip "$tree has been built in place (.config): lutb builds out of tree, which kbuild refuses from a source tree that is not clean; run 'make mrproper' there or give a clean 'git worktree'"

# What the tree holds: for git, the commit and a digest of every change not
# committed (untracked files included); otherwise every file's size and time.
tree_identity() {
	if [ "$(git -C "$tree" rev-parse --show-toplevel 2>/dev/null)" = "$tree" ]; then
		printf 'git %s\n' "$(git -C "$tree" rev-parse HEAD)"
		{
			git -C "$tree" diff HEAD --binary
			git -C "$tree" ls-files --others --exclude-standard -z |
				(cd "$tree" && xargs -0r sha256sum)
		} | sha256sum
	else
		printf 'files\n'
		(cd "$tree" && find . -type f -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum)
	fi
}

mapfile -t driver_files < <("$LUTB_ROOT/scripts/series-files.sh" "$gk/driver/series")
# The patched variant's fragment: its options that this tree lacks (no
# preservation series) are reported, not fatal; the base's are required.
base_text=$(grep -hv '^#' "$gk/config/base.config")
optional_text=$(grep -hv '^#' "$gk/config/patched.config")
# Bump when the build steps change what a build leaves in the cache.
RECIPE=3
identity=$(tree_identity)
key=$(inputs_hash "str:$identity" "${driver_files[@]}" "str:$base_text" "str:$optional_text" \
	"recipe=$RECIPE" "$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/kernel/user-$key"
named="$LUTB_CACHE/named-kernels/$name"
mkdir -p "$LUTB_CACHE/named-kernels" "$LUTB_CACHE/kernel"

if [ -f "$cache/.done" ]; then
	say "kernel '$name' from the cache: $tree ($(head -n 1 <<<"$identity")) was built before"
	named_kernel_notes
	named_kernel_publish
	exit 0
fi

# One work tree per user tree, kept between builds: the next commit of a
# bisect rebuilds only what it changed.
# (Its key has a recipe of its own: a work tree stays usable when only what
# a build leaves in the cache changes.)
work="$LUTB_CACHE/user-tree/$(inputs_hash "str:$tree" "recipe=1")"
lock_work_tree "$work" "build of $tree"
say "building kernel '$name' from $tree; log: $cache/build.log"
rm -rf "$cache" "$work/stage" && mkdir -p "$cache"
printf '%s\n%s\n' "$tree" "$identity" >"$cache/tree"
# The stage is hard links to the user's files (patch replaces the files it
# changes, never writes into them); rsync --checksum then gives a new time
# only to what differs from the last build, which is what kbuild needs.
rsync -a --exclude=/.git --link-dest="$tree" "$tree/" "$work/stage/"
"$LUTB_ROOT/scripts/apply-series.sh" "$gk/driver/series" "$work/stage" ||
	skip "the lu_dma driver patch does not apply to $tree"
rsync -rlp --checksum --delete "$work/stage/" "$work/src/"
rm -rf "$work/stage"

printf '%s\n%s\n' "$base_text" "$optional_text" >"$cache/fragment.config"
start=$(date +%s)
named_kernel_kmake allnoconfig KCONFIG_ALLCONFIG="$cache/fragment.config" >"$cache/build.log" 2>&1 ||
	{ tail -n 20 "$cache/build.log" >&2; skip "configuring $tree failed; log: $cache/build.log"; }
lacking=$(named_kernel_lost_options <<<"$base_text")
[ -z "$lacking" ] ||
	skip "$tree cannot be configured for lutb: $lacking did not stick (a tree without Kexec HandOver and the Live Update Orchestrator, or an option's dependency is missing); see $work/build/.config"
# What the driver finds in the tree's headers, not our series' KUnit option
# (the posted series has none), says which series the tree has.
read -r family api_text < <(named_kernel_family)
echo "$family" >"$cache/family"
if [ "$family" = none ]; then
	echo "no PCI preservation series in $tree: lu_dma will preserve through LUO only" >"$cache/notes"
else
	echo "lu_dma preserves through $api_text" >"$cache/notes"
fi
named_kernel_notes
named_kernel_compile "$tree" "$start"
