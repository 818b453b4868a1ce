#!/bin/bash
# Install the host packages lutb needs, adding the extra Debian suites it
# takes sources from. Idempotent: does nothing when everything is present.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Packages from bookworm itself.
BASE_PKGS=(
	build-essential pkg-config ninja-build dpkg-dev ca-certificates
	bc bison flex libelf-dev libssl-dev cpio xz-utils zstd kmod
	libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev python3-venv
	seabios qemu-system-data ipxe-qemu busybox-static kexec-tools
	libjansson-dev libfyaml-dev libcmocka-dev libarchive-dev ccache
	libpng-dev chromium
	libvirt-clients libxml2-utils clang libclang-rt-14-dev
)
# Packages taken from bookworm-backports (QEMU 10.x needs meson >= 1.5).
BACKPORTS_PKGS=(meson python3-pycotap)

apt_suites_file=/etc/apt/sources.list.d/lutb.sources
apt_pin_file=/etc/apt/preferences.d/lutb

write_apt_sources() {
	local mirror
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || die "no URIs: line in /etc/apt/sources.list.d/debian.sources"
	cat >"$apt_suites_file.new" <<EOT
# Written by lutb's scripts/setup-host.sh: extra suites for QEMU and Linux.
Types: deb deb-src
URIs: $mirror
Suites: bookworm-backports trixie trixie-backports sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $mirror
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	# Newer suites are only for sources and explicit picks, never upgrades.
	cat >"$apt_pin_file.new" <<EOT
Package: *
Pin: release n=trixie
Pin-Priority: 50

Package: *
Pin: release n=trixie-backports
Pin-Priority: 50

Package: *
Pin: release n=sid
Pin-Priority: 50
EOT
	local changed=0
	cmp -s "$apt_suites_file.new" "$apt_suites_file" || changed=1
	cmp -s "$apt_pin_file.new" "$apt_pin_file" || changed=1
	mv "$apt_suites_file.new" "$apt_suites_file"
	mv "$apt_pin_file.new" "$apt_pin_file"
	return $((1 - changed))
}

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || echo "$p"
	done
}

meson_is_new_enough() {
	command -v meson >/dev/null &&
		dpkg --compare-versions "$(meson --version)" ge 1.5
}

export DEBIAN_FRONTEND=noninteractive

need_update=0
if [ "$(id -u)" != 0 ]; then
	mapfile -t missing < <(missing_packages "${BASE_PKGS[@]}" "${BACKPORTS_PKGS[@]}")
	[ ${#missing[@]} -eq 0 ] && meson_is_new_enough && exit 0
	die "missing host packages (${missing[*]:-meson >= 1.5}); run this as root once: sudo $0"
fi
write_apt_sources && need_update=1
# A machine that never updated has no lists for the added suites.
ls /var/lib/apt/lists/*trixie-backports*Sources* >/dev/null 2>&1 || need_update=1

mapfile -t missing < <(missing_packages "${BASE_PKGS[@]}" "${BACKPORTS_PKGS[@]}")
meson_is_new_enough || missing+=(meson-from-backports)
if [ ${#missing[@]} -eq 0 ] && [ $need_update = 0 ]; then
	exit 0
fi

mkdir -p "$LUTB_CACHE/logs"
log="$LUTB_CACHE/logs/apt.log"
say "installing host packages: ${missing[*]:-(apt lists only)}"
quietly "$log" apt-get update
if [ ${#missing[@]} -gt 0 ]; then
	quietly "$log" apt-get install -y --no-install-recommends "${BASE_PKGS[@]}"
	quietly "$log" apt-get install -y --no-install-recommends \
		-t bookworm-backports "${BACKPORTS_PKGS[@]}"
fi
meson_is_new_enough || die "meson >= 1.5 is required (bookworm-backports)"
say "host packages ready"
