#!/bin/bash
# Fetch and extract the Debian sources lutb builds: QEMU (source package,
# Debian's patches applied by dpkg-source) and Linux (linux-source-X.Y).
# Prints the extracted tree's path. Usage: fetch-sources.sh qemu|linux
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Pins: what the series in qemu-patches/ and guest-kernel/ were written on.
QEMU_PIN=${LUTB_QEMU_VERSION:-1:10.2.2+ds-1}
QEMU_SERIES=10
LINUX_PIN=${LUTB_LINUX_VERSION:-7.3.4-1~bpo13+1}
LINUX_SERIES=7

newest() { sort -V | tail -n 1; }

# Why a pin may be missing: the suites setup-host.sh had to skip.
skipped_note() {
	local line
	line=$(sed -n "s/^$LUTB_SKIPPED_MARK//p" /etc/apt/sources.list.d/lutb.sources 2>/dev/null)
	[ -z "$line" ] || printf ' (suites skipped at setup: %s)' "$line"
}

qemu_versions() {
	apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -u
}

# "PACKAGE VERSION" lines for every linux-source-7.* the archive serves.
linux_versions() {
	local pkg
	apt-cache search --names-only "^linux-source-$LINUX_SERIES\.[0-9]+\$" |
		awk '{ print $1 }' | while read -r pkg; do
		apt-cache madison "$pkg" | awk -v p="$pkg" '{ print p, $3 }'
	done
}

pick_qemu() {
	local all
	all=$(qemu_versions)
	if grep -qxF "$QEMU_PIN" <<<"$all"; then
		echo "$QEMU_PIN"
		return
	fi
	local alt
	alt=$(grep -E "^(1:)?$QEMU_SERIES\." <<<"$all" | newest || true)
	[ -n "$alt" ] || die "no QEMU $QEMU_SERIES.x source in the archive (pinned $QEMU_PIN); run scripts/setup-host.sh"
	say "QEMU $QEMU_PIN is not served$(skipped_note); falling back to $alt (the patch series may need a rebase)"
	echo "$alt"
}

pick_linux() {
	local all
	all=$(linux_versions)
	if awk '{ print $2 }' <<<"$all" | grep -qxF "$LINUX_PIN"; then
		grep -F " $LINUX_PIN" <<<"$all" | head -n 1
		return
	fi
	local alt
	alt=$(awk '{ print $2, $1 }' <<<"$all" | sort -V | tail -n 1 | awk '{ print $2, $1 }')
	[ -n "$alt" ] || die "no linux-source-$LINUX_SERIES.x in the archive (pinned $LINUX_PIN); run scripts/setup-host.sh"
	say "Linux $LINUX_PIN is not served$(skipped_note); falling back to $alt (the patch series may need a rebase)"
	echo "$alt"
}

fetch_qemu() {
	local ver up dir
	# The pinned tree, once extracted, needs no question to the archive.
	dir="$LUTB_CACHE/src/qemu-${QEMU_PIN#*:}"
	if [ -f "$dir/.lutb-extracted" ]; then
		echo "$dir"
		return
	fi
	ver=$(pick_qemu)
	up=${ver#*:}
	dir="$LUTB_CACHE/src/qemu-$up"
	if [ ! -f "$dir/.lutb-extracted" ]; then
		say "fetching QEMU source $ver"
		mkdir -p "$LUTB_CACHE/src/dl" && rm -rf "$dir"
		(cd "$LUTB_CACHE/src/dl" &&
			quietly "$LUTB_CACHE/src/dl/qemu-fetch.log" \
				apt-get source --download-only "qemu=$ver")
		say "extracting QEMU source (dpkg-source -x applies Debian's patches)"
		quietly "$LUTB_CACHE/src/dl/qemu-extract.log" \
			dpkg-source -x "$LUTB_CACHE/src/dl/qemu_$up.dsc" "$dir"
		echo "$ver" >"$dir/.lutb-extracted"
	fi
	echo "$dir"
}

fetch_linux() {
	local pkg ver dir deb
	dir="$LUTB_CACHE/src/linux-$LINUX_PIN"
	if [ -f "$dir/.lutb-extracted" ]; then
		echo "$dir"
		return
	fi
	read -r pkg ver < <(pick_linux)
	dir="$LUTB_CACHE/src/linux-$ver"
	if [ ! -f "$dir/.lutb-extracted" ]; then
		say "fetching $pkg $ver"
		mkdir -p "$LUTB_CACHE/src/dl" && rm -rf "$dir" "$dir.deb"
		(cd "$LUTB_CACHE/src/dl" &&
			quietly "$LUTB_CACHE/src/dl/linux-fetch.log" \
				apt-get download "$pkg=$ver")
		deb=$(ls "$LUTB_CACHE/src/dl/${pkg}_"*"${ver#*:}"*_all.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || deb=$(ls -t "$LUTB_CACHE/src/dl/${pkg}_"*.deb | head -n 1)
		say "extracting $pkg"
		mkdir -p "$dir.deb"
		dpkg-deb -x "$deb" "$dir.deb"
		mkdir -p "$dir"
		tar -C "$dir" --strip-components=1 -xf "$dir.deb/usr/src/$pkg.tar.xz"
		rm -rf "$dir.deb"
		echo "$pkg $ver" >"$dir/.lutb-extracted"
	fi
	echo "$dir"
}

case "${1:-}" in
qemu) fetch_qemu ;;
linux) fetch_linux ;;
*) die "usage: $0 qemu|linux" ;;
esac
