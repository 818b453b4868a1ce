#!/bin/bash
# The README's two commands on a new machine: a clean Debian 12 root
# (debootstrap minbase + git, build-essential, python3), a fresh HOME and a
# fresh clone of this tree. Only the built artifacts (QEMU, kernels)
# are bind-mounted from the host's cache, so that the test costs minutes
# rather than a cold build; packages, sources and the rest of the build are
# done from nothing. Passes when, there,
#   1. `scripts/setup.sh && build/src/lutb run` passes, with a suite the
#      archive does not have reported and skipped, and
#   2. `scripts/test.sh` ends in "N passed, 0 failed" (unless --setup-only).
# --cold shares nothing with the host's cache (every download and build
# done there, as on a newcomer's machine: bench/bench.sh --fresh), then
# makes lutb build the stock and mutant kernels on first use, and keeps
# each artifact's build time in OUT_DIR/build-seconds (name, wall and CPU
# seconds, tab-separated).
# Logs stay in OUT_DIR. Needs root (debootstrap, chroot, mounts).
# Usage: fresh-machine.sh OUT_DIR [--setup-only|--cold]
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

out=${1:?usage: fresh-machine.sh OUT_DIR [--setup-only|--cold]}
mode=${2:-full}
case "$mode" in full | --setup-only | --cold) ;; *) die "unknown option $mode" ;; esac
FAKE_SUITE=lutb-no-such-suite

[ "$(id -u)" = 0 ] || die "the fresh-machine test needs root (debootstrap, chroot); run it as root or leave out --suite fresh"
command -v debootstrap >/dev/null || die "debootstrap is missing (scripts/setup-host.sh installs it)"

rm -rf "$out" && mkdir -p "$out"
root=$(mktemp -d /var/tmp/lutb-fresh.XXXXXX)
# The mounts live in the namespace of the unshare below and die with it, so
# removing the root can never reach into the host's cache.
cleanup() {
	if grep -qF " $root" /proc/self/mountinfo; then
		say "something is still mounted under $root; left in place"
	else
		rm -rf "$root"
	fi
}
trap cleanup EXIT

mirror=$(debian_mirror)
step() { say "[$(date +%T)] fresh machine: $*"; }

step "debootstrap bookworm (minbase + git, build-essential, python3) into $root"
mkdir -p "$LUTB_CACHE/fresh/debs"
start=$(date +%s)
quietly "$out/debootstrap.log" debootstrap --variant=minbase \
	--include=git,build-essential,python3 \
	--cache-dir="$LUTB_CACHE/fresh/debs" bookworm "$root" "$mirror"
echo $(($(date +%s) - start)) >"$out/debootstrap-seconds"
# A Debian 12 machine names its archive in deb822 form; lutb reads it there.
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
cp /etc/resolv.conf "$root/etc/resolv.conf"

step "cloning $LUTB_ROOT (with its uncommitted changes)"
git clone -q "$LUTB_ROOT" "$root/root/lutb"
git -C "$LUTB_ROOT" diff HEAD --binary | git -C "$root/root/lutb" apply --allow-empty
git -C "$LUTB_ROOT" ls-files --others --exclude-standard -z |
	(cd "$LUTB_ROOT" && xargs -0r cp --parents -t "$root/root/lutb")

# Built artifacts only: packages, sources, initramfs and tool are new.
# Downloaded .debs are kept between runs like a local apt cache would.
shared=(qemu kernel kernel-tree)
[ "$mode" != --cold ] || shared=()
for d in "${shared[@]}"; do
	mkdir -p "$LUTB_CACHE/$d" "$root/root/.cache/lutb/$d"
done
mkdir -p "$LUTB_CACHE/fresh/apt-archives/partial"

run_in_root() {
	local log=$1
	shift
	unshare --mount --propagation private /bin/bash -c '
		set -e
		root=$1 cache=$2 shared=$3
		shift 3
		# The root becomes this namespace'"'"'s own (pivot_root, not a
		# chroot): in a chroot the kernel refuses user namespaces, which
		# the libvirt test gives its libvirtd.
		mount --bind "$root" "$root"
		mount -t proc proc "$root/proc"
		mount --rbind /sys "$root/sys"
		mount --rbind /dev "$root/dev"
		for d in $shared; do
			mount --bind "$cache/$d" "$root/root/.cache/lutb/$d"
		done
		[ -z "$shared" ] ||
			mount --bind "$cache/fresh/apt-archives" "$root/var/cache/apt/archives"
		mkdir -p "$root/.old-root"
		cd "$root"
		pivot_root . .old-root
		umount -l /.old-root
		exec chroot . /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			"$@"' lutb-fresh "$root" "$LUTB_CACHE" "${shared[*]}" "$@" >"$log" 2>&1
}

step "scripts/setup.sh && build/src/lutb run (log: $out/setup-and-run.log)"
start=$(date +%s)
status=0
run_in_root "$out/setup-and-run.log" LUTB_EXTRA_SUITES=$FAKE_SUITE /bin/bash -c \
	'cd /root/lutb && scripts/setup.sh && build/src/lutb run --out /root/first-run' || status=$?
step "setup and first run took $(($(date +%s) - start)) s, exit status $status"
cp -r "$root/root/first-run" "$out/first-run" 2>/dev/null || true
cp -r "$root/root/.cache/lutb/logs" "$out/setup-logs" 2>/dev/null || true
if [ $status != 0 ]; then
	tail -n 30 "$out/setup-and-run.log" >&2
	die "setup or the first lutb run did not succeed in a fresh root (exit $status); logs in $out"
fi
grep -q "skipping suite $FAKE_SUITE" "$out/setup-and-run.log" ||
	die "setup did not report the missing suite $FAKE_SUITE as skipped; see $out/setup-and-run.log"
grep -q '^# verdict: pass' "$out/setup-and-run.log" ||
	die "the first run printed no passing verdict; see $out/setup-and-run.log"
grep 'lutb: setup took' "$out/setup-and-run.log" >&2 || true
if [ "$mode" = --cold ]; then
	# Setup leaves the stock and mutant kernels to their first use: time it.
	step "first use of the stock and mutant kernels (log: $out/first-use.log)"
	status=0
	run_in_root "$out/first-use.log" /bin/bash -c \
		'cd /root/lutb && build/src/lutb run --kernel-a stock --kernel-b mutant --unmutated --out /root/first-use' ||
		status=$?
	[ $status != 125 ] || die "lutb could not build the stock and mutant kernels; see $out/first-use.log"
	for f in "$root"/root/.cache/lutb/{qemu,kernel}/*/build-seconds; do
		[ -f "$f" ] || continue
		kind=$(basename "$(dirname "$(dirname "$f")")")
		[ "$kind" = kernel ] && kind="kernel $(cat "$(dirname "$f")/variant")"
		cpu=$(cat "$(dirname "$f")/build-cpu-seconds" 2>/dev/null || echo "?")
		printf '%s\t%s\t%s\n' "$kind" "$(cat "$f")" "$cpu"
	done >"$out/build-seconds"
fi

if [ "$mode" = full ]; then
	step "scripts/test.sh (log: $out/test.log)"
	start=$(date +%s)
	status=0
	run_in_root "$out/test.log" LUTB_IN_FRESH_ROOT=1 /bin/bash -c \
		'cd /root/lutb && scripts/test.sh' || status=$?
	last=$(tail -n 1 "$out/test.log")
	step "scripts/test.sh took $(($(date +%s) - start)) s: $last"
	cp "$root/root/lutb/build/meson-logs/testlog.txt" "$out/" 2>/dev/null || true
	[[ $status = 0 && $last =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] ||
		die "scripts/test.sh did not pass in a fresh root: '$last'; see $out/test.log"
fi
step "passed"
