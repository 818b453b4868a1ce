#!/bin/bash
# What running through libvirt costs: `lutb run` on the default machine
# directly and with --libvirt through a libvirt daemon of the bench's own
# (scripts/libvirt-session.sh), interleaved, N runs each; prints both
# medians and their ratio.
# Usage: bench/libvirt-vs-direct.sh [--runs N]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$LUTB_ROOT/scripts/libvirt-session.sh"

runs=5
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=$2; shift ;;
	-h | --help) sed -n '2,6p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done
lutb=$LUTB_ROOT/build/src/lutb
[ -x "$lutb" ] || die "$lutb missing: run scripts/setup.sh first"

work=$(mktemp -d /var/tmp/lutb-bench-libvirt.XXXXXX)
trap 'libvirt_session_stop; rm -rf "$work"' EXIT
libvirt_session_start "$work/daemon" || die "no libvirt daemon"

lutb_run() {
	"$lutb" run --accel tcg --out "$work/$1" "${@:2}" >/dev/null 2>&1 ||
		die "run $1 failed: see $work/$1"
}
one_run() { seconds lutb_run "$@"; }

: >"$work/direct.s"
: >"$work/libvirt.s"
for i in $(seq "$runs"); do
	one_run "direct-$i" >>"$work/direct.s"
	one_run "libvirt-$i" --libvirt "$LIBVIRT_URI" >>"$work/libvirt.s"
	say "run $i of $runs: direct $(tail -n 1 "$work/direct.s" | cut -c1-5) s, libvirt $(tail -n 1 "$work/libvirt.s" | cut -c1-5) s"
done
direct=$(median <"$work/direct.s")
libvirt=$(median <"$work/libvirt.s")
echo "== lutb run, default machine, patched kernel, TCG, median of $runs =="
printf '%-32s %6.2f s\n' "direct (QEMU a child of lutb)" "$direct" "libvirt (a transient domain)" "$libvirt"
printf '%-32s %6.2fx\n' "ratio (libvirt / direct)" "$(echo "$libvirt / $direct" | bc -l)"
