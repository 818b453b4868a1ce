#!/bin/bash
# Install the host packages lutb needs, adding the extra Debian suites it
# takes packages and sources from. Idempotent: does nothing when everything
# is present. An extra suite whose lists cannot be had (expired, missing,
# unreachable) is reported and skipped; setup fails only when something it
# requires comes from nowhere else.
# Usage: setup-host.sh [--build|--test]: only what the builds need (apt
# lists included), or only what the tests add; both by default.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Packages from bookworm itself: the builds, the tool, and every test.
BUILD_PKGS=(
	build-essential pkg-config ninja-build dpkg-dev ca-certificates
	bc bison flex libelf-dev libssl-dev cpio xz-utils zstd kmod rsync
	libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev python3-venv
	seabios qemu-system-data ipxe-qemu
	libjansson-dev libfyaml-dev libarchive-dev libpng-dev
	libvirt-dev            # lutb run --libvirt (libvirt's C API)
)
TEST_PKGS=(
	libcmocka-dev          # unit, topology suites
	jq                     # e2e scripts read agent reports
	chromium               # report-renders-in-chromium
	libvirt-clients        # virt-xml-validate: topology suite; virsh: libvirt test
	libvirt-daemon libvirt-daemon-driver-qemu # libvirt test: its own session libvirtd
	dropbear-bin openssh-client netcat-openbsd # libvirt test: qemu+ssh:// on loopback
	libxml2-utils          # xmllint, used by virt-xml-validate
	clang libclang-rt-14-dev # fuzz suite (libFuzzer, sanitizers)
	debootstrap            # fresh-machine suite: a clean Debian 12 root
)
# Packages taken from bookworm-backports (QEMU 10.x needs meson >= 1.5).
BACKPORTS_PKGS=(meson python3-pycotap)

# The extra suites and what each is for. Only bookworm-backports is
# required: bookworm's meson is too old for QEMU 10. The others serve the
# pinned sources; scripts/fetch-sources.sh falls back to what the remaining
# suites serve when one is skipped.
declare -A SUITE_FOR=(
	[bookworm-backports]="meson >= 1.5 and python3-pycotap for QEMU's build"
	[trixie-backports]="linux-source-7.3 (the pinned guest kernel source)"
	[sid]="QEMU 1:10.2.2 source (the pinned one) and newer linux-source-7.x"
	[trixie]="QEMU 10.0.x source (the fallback when sid is skipped)"
)
SUITES=(bookworm-backports trixie-backports sid trixie)
# Binary lists (deb) where lutb installs or downloads packages, source lists
# (deb-src) where it fetches a source package: no more, since every list
# costs download and parsing time on a fresh machine.
declare -A SUITE_TYPES=(
	[bookworm-backports]="deb"
	[trixie-backports]="deb"
	[sid]="deb deb-src"
	[trixie]="deb-src"
)
# The list types of suite $1 (both for a suite a test adds).
suite_types() { echo "${SUITE_TYPES[$1]:-deb deb-src}"; }
# A test can name a suite the archive does not have, to see it skipped.
# shellcheck disable=SC2206
SUITES+=(${LUTB_EXTRA_SUITES:-})

apt_suites_file=/etc/apt/sources.list.d/lutb.sources
apt_pin_file=/etc/apt/preferences.d/lutb

# The sources file's first line: which suites were wanted when it was made.
wanted_line="# Written by lutb's scripts/setup-host.sh; suites wanted:$(
	for s in "${SUITES[@]}"; do printf ' %s (%s)' "$s" "$(suite_types "$s")"; done)"

# deb822 stanzas for SUITES "$@", each with the list types it serves.
sources_text() {
	local mirror=$1 s
	shift
	echo "$wanted_line"
	for s in "$@"; do
		cat <<EOT

Types: $(suite_types "$s")
URIs: $mirror
Suites: $s
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	done
}

# Newer suites are only for sources and explicit picks, never upgrades.
write_apt_pins() {
	local s
	for s in trixie trixie-backports sid; do
		printf 'Package: *\nPin: release n=%s\nPin-Priority: 50\n\n' "$s"
	done >"$apt_pin_file"
}

# apt-get update's errors and warnings in LOG that name SUITE.
suite_errors() {
	grep -E "^[EW]: .*(dists/$2/| $2 (In)?Release)" "$1"
}

# The extra suites named in apt-get update's errors and warnings in LOG.
failed_suites() {
	local log=$1 s
	for s in "${SUITES[@]}"; do
		suite_errors "$log" "$s" >/dev/null && echo "$s"
	done
	return 0
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
part=${1:-all}

# The tests' packages, once the lists are there (scripts/setup.sh installs
# them while the first builds run).
if [ "$part" = --test ]; then
	mapfile -t missing < <(missing_packages "${TEST_PKGS[@]}")
	[ ${#missing[@]} -gt 0 ] || exit 0
	[ "$(id -u)" = 0 ] || die "missing test packages (${missing[*]}); run as root once: sudo $0"
	mkdir -p "$LUTB_CACHE/logs"
	quietly "$LUTB_CACHE/logs/apt-test.log" apt-get install -y --no-install-recommends "${TEST_PKGS[@]}"
	exit 0
fi
# What this call installs from bookworm: the build's packages, and the
# tests' unless only the build was asked for.
PKGS=("${BUILD_PKGS[@]}")
[ "$part" = --build ] || PKGS+=("${TEST_PKGS[@]}")
ALL_PKGS=("${PKGS[@]}" "${BACKPORTS_PKGS[@]}")

if [ "$(id -u)" != 0 ]; then
	mapfile -t missing < <(missing_packages "${ALL_PKGS[@]}")
	[ ${#missing[@]} -eq 0 ] && meson_is_new_enough && exit 0
	die "missing host packages (${missing[*]:-meson >= 1.5}); run this as root once: sudo $0"
fi

mirror=$(debian_mirror)
[ -n "$mirror" ] || die "no URIs: line in /etc/apt/sources.list.d/debian.sources"
mapfile -t missing < <(missing_packages "${ALL_PKGS[@]}")
meson_is_new_enough || missing+=(meson-from-backports)
# Update the lists when the wanted suites changed or packages are missing.
if [ ${#missing[@]} -eq 0 ] && grep -qxF "$wanted_line" "$apt_suites_file" 2>/dev/null; then
	exit 0
fi

mkdir -p "$LUTB_CACHE/logs"
log="$LUTB_CACHE/logs/apt.log"
say "installing host packages: ${missing[*]:-(apt lists only)}"
write_apt_pins
usable=("${SUITES[@]}")
skipped=()
for attempt in 1 2 3; do
	sources_text "$mirror" "${usable[@]}" >"$apt_suites_file"
	status=0
	apt-get update >"$log" 2>&1 || status=$?
	mapfile -t bad < <(failed_suites "$log")
	[ ${#bad[@]} -gt 0 ] || break
	for s in "${bad[@]}"; do
		why=$(suite_errors "$log" "$s" | head -n 1 | cut -c1-160)
		say "skipping suite $s (it was for: ${SUITE_FOR[$s]:-a test}): $why"
		mapfile -t usable < <(printf '%s\n' "${usable[@]}" | grep -vxF "$s")
		skipped+=("$s")
	done
done
if [ "$status" != 0 ]; then
	grep -E '^[EW]: ' "$log" >&2 || tail -n 20 "$log" >&2
	die "'apt-get update' failed on suites lutb did not add (see above); full log: $log"
fi
[ ${#skipped[@]} -eq 0 ] ||
	sed -i "1a $LUTB_SKIPPED_MARK${skipped[*]}" "$apt_suites_file"
printf '%s\n' "${usable[@]}" | grep -qxF bookworm-backports ||
	die "bookworm-backports is required (${SUITE_FOR[bookworm-backports]}) and its lists could not be had; see $log"

quietly "$log" apt-get install -y --no-install-recommends "${PKGS[@]}"
quietly "$log" apt-get install -y --no-install-recommends \
	-t bookworm-backports "${BACKPORTS_PKGS[@]}"
meson_is_new_enough || die "meson >= 1.5 is required (bookworm-backports)"
say "host packages ready"
