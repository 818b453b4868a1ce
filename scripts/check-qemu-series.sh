#!/bin/bash
# Check that qemu-patches/series applies to another QEMU version the archive
# serves (applied to a scratch copy; nothing is built), through that
# release's compat/ fix-ups if it has them.
# Usage: check-qemu-series.sh VERSION|RELEASE
# e.g. check-qemu-series.sh 1:10.0.13+ds-0+deb13u1, or 10.0 for the newest
# 10.0.x the archive serves (exit 77, a skip, when it serves none)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: $0 DEBIAN_QEMU_VERSION|MAJOR.MINOR"
version=$1
if [[ $version =~ ^[0-9]+\.[0-9]+$ ]]; then
	version=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ { print $2 }' |
		grep -E "^(1:)?${version//./\\.}\\." | sort -V | tail -n 1 || true)
	[ -n "$version" ] || { say "the archive serves no QEMU $1.x source: nothing to check"; exit 77; }
fi
set -- "$version"
src=$(LUTB_QEMU_VERSION=$1 "$LUTB_ROOT/scripts/fetch-sources.sh" qemu)
[ "$(cat "$src/.lutb-extracted")" = "$1" ] ||
	die "the archive does not serve qemu $1 (got $(cat "$src/.lutb-extracted"))"
series="$LUTB_ROOT/qemu-patches/series"
# Apply for real, in order, to a scratch copy (patch replaces files, so the
# hard links to the cached tree are never written through).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
link_tree "$src" "$scratch/tree"
src="$scratch/tree"
if "$LUTB_ROOT/scripts/apply-series.sh" "$series" "$src"; then
	echo "qemu-patches/series applies to qemu $1"
else
	exit 1
fi
