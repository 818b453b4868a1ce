#!/bin/bash
# Check that qemu-patches/series applies to another QEMU version the archive
# serves (applied to a scratch copy; nothing is built). Usage: check-qemu-series.sh VERSION
# e.g. check-qemu-series.sh 1:10.0.13+ds-0+deb13u1
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: $0 DEBIAN_QEMU_VERSION"
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
