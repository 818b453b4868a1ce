#!/bin/bash
# Build a guest kernel from a patch series as posted to a mailing list (a
# folder of mails, or one mbox as `b4 am` writes it) applied with `git am`'s
# patch engine onto the pinned Linux source, then as every lutb kernel: the
# lu_dma driver, the testbed's config, in the shared work tree so that only
# what the series changes is rebuilt. Cached by the series' content.
# Usage: build-series-kernel.sh [--on BASE]... [--fixups DIR] [--config FILE]... [--faults] LINUX_SRC SERIES NAME
#   --on BASE: a series SERIES applies on top of (e.g. the PCI posting the
#     VFIO series names), applied first, with its own rebased-VERSION/
#   --fixups DIR: patches named as the series' own replace them (a context
#     refresh onto the pinned Linux); default SERIES/rebased-VERSION/ when the
#     series ships one for the pinned version
#   --config FILE: an extra config fragment (e.g. CONFIG_VFIO_PCI_LIVEUPDATE=y)
#   --faults: add lutb's test-only faults (guest-kernel/posted-faults/), so
#     that lutb.fault= can be asked of the posting
# Leaves $LUTB_CACHE/named-kernels/NAME, a link to the bzImage, and prints
# its path. Exit status: 0 built or cached, 125 when the series does not
# apply or build (git bisect run skips it), 2 usage.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/named-kernel.sh"
usage() { printf 'lutb: %s\nusage: build-series-kernel.sh [--on BASE]... [--fixups DIR] [--config FILE]... [--faults] LINUX_SRC SERIES NAME\n' "$*" >&2; exit 2; }

fixups=
faults=0
extra_configs=()
bases=()
while [ $# -gt 0 ]; do
	case "$1" in
	--fixups) [ $# -ge 2 ] || usage "--fixups needs a folder"; fixups=$2; shift 2 ;;
	--config) [ $# -ge 2 ] || usage "--config needs a file"; extra_configs+=("$2"); shift 2 ;;
	--on)
		[ $# -ge 2 ] || usage "--on needs a series"
		base=$(realpath -e "$2" 2>/dev/null) || skip "--on $2: no such file or folder"
		bases+=("$base")
		shift 2
		;;
	--faults) faults=1; shift ;;
	--*) usage "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# = 3 ] || usage "expected LINUX_SRC SERIES NAME"
src=$1
series=$(realpath -e "$2" 2>/dev/null) || skip "$2: no such file or folder"
name=$3
gk="$LUTB_ROOT/guest-kernel"
[ -f "$src/.lutb-extracted" ] || skip "$src is not a fetched Linux tree (run scripts/setup.sh)"
version=$(awk '{ print $2 }' "$src/.lutb-extracted" | sed -E 's/^[0-9]+://; s/-.*//')
for c in "${extra_configs[@]}"; do
	[ -f "$c" ] || skip "--config $c: no such file"
done

# The mails of one series in order, appended to mails: a folder's `series`
# file or its *.patch files (not those of subfolders such as rebased-*/),
# or the mails of one mbox; fix-ups (FIXUPS, else the series' own
# rebased-VERSION/) replace the mails they are named after, and one that
# names no mail of the series is a mistake worth stopping for.
tmp=$(mktemp -d)
trap 'named_kernel_cleanup; rm -rf "$tmp"' EXIT
mails=()
collect_mails() {
	local series=$1 fixups=$2 one=() f found i split
	if [ -d "$series" ]; then
		if [ -f "$series/series" ]; then
			while read -r f; do
				[ -f "$series/$f" ] || skip "$series/series names $f, which does not exist"
				one+=("$series/$f")
			done < <(grep -v '^[[:space:]]*\(#\|$\)' "$series/series")
		else
			mapfile -t one < <(find "$series" -maxdepth 1 -name '*.patch' -type f | LC_ALL=C sort)
		fi
	else
		split=$(mktemp -d "$tmp/split.XXXX")
		git mailsplit -o"$split" "$series" >/dev/null 2>&1 || true
		mapfile -t one < <(find "$split" -type f | LC_ALL=C sort)
	fi
	[ ${#one[@]} -gt 0 ] || skip "$series holds no patches (*.patch files, a series file, or an mbox)"
	if [ -z "$fixups" ] && [ -d "$series/rebased-$version" ]; then
		fixups=$series/rebased-$version
		say "using the series' own context refresh for Linux $version: $fixups"
	fi
	if [ -n "$fixups" ]; then
		[ -d "$fixups" ] || skip "--fixups $fixups: no such folder"
		for f in "$fixups"/*.patch; do
			[ -e "$f" ] || continue
			found=0
			for i in "${!one[@]}"; do
				if [ "$(basename "${one[$i]}")" = "$(basename "$f")" ]; then
					one[i]=$f
					found=1
				fi
			done
			[ $found = 1 ] || skip "fix-up $f replaces no patch of $series (a fix-up is named as the patch it replaces)"
		done
	fi
	mails+=("${one[@]}")
}
for b in "${bases[@]}"; do
	collect_mails "$b" ""
done
collect_mails "$series" "$fixups"

mapfile -t driver_files < <("$LUTB_ROOT/scripts/series-files.sh" "$gk/driver/series")
fault_files=()
[ $faults = 0 ] || mapfile -t fault_files < <("$LUTB_ROOT/scripts/series-files.sh" "$gk/posted-faults/series")
fragment_text=$(grep -hv '^#' "$gk/config/base.config" "$gk/config/posted.config")
extra_text=$(cat /dev/null "${extra_configs[@]}" | grep -v '^#')
# Bump when the build steps change what a build leaves in the cache.
RECIPE=1
# The mails by content only: an mbox is split into a new temporary folder
# each time, and a posting copied elsewhere is the same posting.
mapfile -t mail_digests < <(for m in "${mails[@]}"; do sha256sum <"$m" | sed 's/ .*//; s/^/str:/'; done)
key=$(inputs_hash "$src/.lutb-extracted" "${mail_digests[@]}" "${fault_files[@]}" "${driver_files[@]}" \
	"str:$fragment_text" "str:$extra_text" "recipe=$RECIPE" "$(gcc --version | head -n 1)")
cache="$LUTB_CACHE/kernel/series-$key"
named="$LUTB_CACHE/named-kernels/$name"
mkdir -p "$LUTB_CACHE/named-kernels" "$LUTB_CACHE/kernel"

if [ -f "$cache/.done" ]; then
	say "kernel '$name' from the cache: ${bases[*]/%/ + }$series (${#mails[@]} patches) was built before"
	named_kernel_notes
	named_kernel_publish
	exit 0
fi

# Why a patch does not apply, and what would help: GNU patch's fuzz finds
# context that merely moved or changed a little; --3way needs the blobs the
# patch's index lines name, which no Debian source package has.
explain_failure() {
	local mail=$1 patch=$2 log=$3 stage=$4 hint
	local first
	first=$(grep -m1 -E '^error: patch failed:' "$log" | sed 's/^error: patch failed: //')
	printf 'lutb: error: %s does not apply to Linux %s%s\n' "$(basename "$mail")" "$version" \
		"${first:+: first failing hunk at $first}" >&2
	sed -n '/^error: while searching for:/,/^error: patch failed/p' "$log" | head -n 12 | sed 's/^/lutb:   /' >&2
	grep -E '^error: ' "$log" | grep -v 'while searching\|patch failed' | head -n 3 | sed 's/^/lutb:   /' >&2
	if patch -d "$stage" -p1 --dry-run --batch --forward -F3 <"$patch" >"$tmp/fuzz" 2>&1; then
		hint="GNU patch applies it with fuzz (hunks fuzzed: $(grep -c 'with fuzz' "$tmp/fuzz")): only context differs, so a copy with refreshed context in a --fixups folder, named as the patch, would help"
	else
		hint="not even with fuzz: the code it changes differs in Linux $version; a --fixups patch must rebase it by hand"
	fi
	printf 'lutb: %s. --3way would not help: the pinned Linux is a source package, without the git objects the patch'"'"'s index lines name.\n' "$hint" >&2
	exit 125
}

# Each mail through git am's own steps: mailinfo splits message from diff,
# apply applies the diff (whole or not at all, as git am does).
apply_mails() {
	local stage=$1 n=0 mail subject msgid
	: >"$tmp/applied"
	for mail in "${mails[@]}"; do
		n=$((n + 1))
		git mailinfo "$tmp/msg" "$tmp/patch" <"$mail" >"$tmp/info" 2>/dev/null ||
			skip "$(basename "$mail") is not a mail git am can read"
		subject=$(sed -n 's/^Subject: //p' "$tmp/info")
		msgid=$(grep -m1 -i '^Message-ID:' "$mail" | sed 's/^[^:]*: *//')
		[ -s "$tmp/patch" ] || { printf '%s\t%s\t(no diff)\n' "$subject" "$msgid" >>"$tmp/applied"; continue; }
		if ! (cd "$stage" && GIT_CEILING_DIRECTORIES=$(dirname "$stage") \
			git apply --verbose --whitespace=nowarn "$tmp/patch") >"$tmp/apply.log" 2>&1; then
			explain_failure "$mail" "$tmp/patch" "$tmp/apply.log" "$stage"
		fi
		printf '%s\t%s\t%s\n' "$subject" "$msgid" "$(basename "$mail")" >>"$tmp/applied"
	done
}

work=$(kernel_work_tree "$src")
lock_work_tree "$work" "kernel build in $work"
say "building kernel '$name' from ${bases[*]/%/ + }$series (${#mails[@]} patches) on Linux $version; log: $cache/build.log"
rm -rf "$cache" "$work/stage" && mkdir -p "$cache"
link_tree "$src" "$work/stage"
apply_mails "$work/stage"
cp "$tmp/applied" "$cache/series.tsv"
say "applied ${#mails[@]} patches: $(head -n 1 "$tmp/applied" | cut -f1) ... $(tail -n 1 "$tmp/applied" | cut -f1)"
[ $faults = 0 ] || "$LUTB_ROOT/scripts/apply-series.sh" "$gk/posted-faults/series" "$work/stage" ||
	skip "lutb's test-only faults (guest-kernel/posted-faults/) do not apply on top of $series"
"$LUTB_ROOT/scripts/apply-series.sh" "$gk/driver/series" "$work/stage" ||
	skip "the lu_dma driver patch does not apply on top of $series"
if [ -d "$work/src" ]; then
	quietly "$cache/build.log" rsync -rlp --checksum --delete "$work/stage/" "$work/src/"
	rm -rf "$work/stage"
else
	mv "$work/stage" "$work/src"
fi

printf '%s\n%s\n' "$fragment_text" "$extra_text" >"$cache/fragment.config"
start=$(date +%s)
named_kernel_kmake allnoconfig KCONFIG_ALLCONFIG="$cache/fragment.config" >"$cache/build.log" 2>&1 ||
	{ tail -n 20 "$cache/build.log" >&2; skip "configuring failed; log: $cache/build.log"; }
lacking=$(grep -hv '^#' "$gk/config/base.config" | named_kernel_lost_options)
[ -z "$lacking" ] || skip "cannot configure for lutb: $lacking did not stick; see $work/build/.config"
lacking=$(named_kernel_lost_options <<<"$extra_text")
[ -z "$lacking" ] || skip "--config: $lacking did not stick (not in this tree, or a dependency is missing); see $work/build/.config"
# A series bisected before its Kconfig option exists is still a kernel.
read -r family api_text < <(named_kernel_family)
echo "$family" >"$cache/family"
# Scenarios name a posting by its folder's (or mbox's) name: expect: postings:.
posting=$(basename "$series")
posting=${posting%.mbx}
echo "${posting%.mbox}" >"$cache/posting"
echo "series ${bases[*]/%/ + }$series: ${#mails[@]} patches on Linux $version$([ $faults = 0 ] || echo ", with lutb's test-only faults"); lu_dma preserves through $api_text" >"$cache/notes"
printf '%s\n%s\n' "$series" "$(head -n 1 "$tmp/applied" | cut -f2) .. $(tail -n 1 "$tmp/applied" | cut -f2)" >"$cache/tree"
named_kernel_notes
named_kernel_compile "$series" "$start"
