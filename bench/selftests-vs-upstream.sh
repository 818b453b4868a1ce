#!/bin/bash
# What running a kernel selftest in lutb costs over the Linux tree's own
# harness: one two-stage selftest (default luo_kexec_simple) on the same
# kernel (patched) and the same machine (bench/no-devices.yaml), run
#   - as tools/testing/selftests/liveupdate/vmtest.sh runs it: its init
#     loads the next kernel, runs stage 1, kexecs, runs stage 2; the serial
#     console is grepped for "TEST PASSED" (QEMU started as vmtest.sh
#     starts it, on q35 and with kho=on, which its kernel config has built in)
#   - as `lutb run --selftests NAME`, verdict, report.json and report.html
#     included
# interleaved, N runs each; prints both medians and their ratio.
# Usage: bench/selftests-vs-upstream.sh [--runs N] [--test NAME]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

runs=5
test=luo_kexec_simple
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=$2; shift ;;
	--test) test=$2; shift ;;
	-h | --help) sed -n '2,13p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done

build=$LUTB_ROOT/build
selftests=$build/initramfs/selftests
kernel=$build/guest-kernel/bzImage-patched
qemu=$build/qemu-patches/qemu-system-x86_64
lutb=$build/src/lutb
for f in "$selftests/$test" "$selftests/vmtest-init" "$kernel" "$qemu" "$lutb"; do
	[ -e "$f" ] || die "$f missing: run scripts/setup.sh first"
done
grep -qx "$test kexec" "$selftests/manifest" || die "$test is not a two-stage selftest"
firmware=()
for d in $(meson introspect "$build" --buildoptions |
	jq -r '.[] | select(.name == "firmware_dirs") | .value' | tr ':' ' '); do
	firmware+=(-L "$d")
done

work=$(mktemp -d /var/tmp/lutb-bench-selftests.XXXXXX)
trap 'rm -rf "$work"' EXIT

# vmtest.sh's two archives: the outer one boots kernel A, the inner one is
# what its init hands to kernel B.
cpio_list() {
	printf '%s\n' "dir /dev 0755 0 0" "dir /proc 0755 0 0" "dir /debugfs 0755 0 0" \
		"nod /dev/console 0600 0 0 c 5 1" \
		"file /init $selftests/vmtest-init 0755 0 0" \
		"file /test_binary $selftests/$test 0755 0 0" "$@"
}
cpio_list >"$work/inner.list"
"$build/initramfs/gen_init_cpio" "$work/inner.list" >"$work/inner.cpio"
cpio_list "file /kernel $kernel 0644 0 0" "file /initrd.img $work/inner.cpio 0644 0 0" \
	>"$work/outer.list"
"$build/initramfs/gen_init_cpio" "$work/outer.list" >"$work/initrd.cpio"

upstream_run() {
	local serial=$work/serial-$1
	timeout 60s "$qemu" -M q35 -m 1G -smp 2 -no-reboot -nographic -nodefaults \
		-accel tcg "${firmware[@]}" -serial file:"$serial" \
		-append "console=ttyS0 kho=on liveupdate=on panic=-1" \
		-kernel "$kernel" -initrd "$work/initrd.cpio" </dev/null >/dev/null 2>&1 || true
	grep -q "TEST PASSED" "$serial" || die "the upstream harness's run $1 failed: see $serial"
}

lutb_run() {
	"$lutb" run "$LUTB_ROOT/bench/no-devices.yaml" --accel tcg --selftests "$test" \
		--out "$work/lutb-$1" >/dev/null 2>&1 ||
		die "lutb run $1 failed: see $work/lutb-$1"
}


: >"$work/upstream.s"
: >"$work/lutb.s"
for i in $(seq "$runs"); do
	seconds upstream_run "$i" >>"$work/upstream.s"
	seconds lutb_run "$i" >>"$work/lutb.s"
	say "run $i of $runs: upstream $(tail -n 1 "$work/upstream.s" | cut -c1-5) s, lutb $(tail -n 1 "$work/lutb.s" | cut -c1-5) s"
done
up=$(median <"$work/upstream.s")
lu=$(median <"$work/lutb.s")
echo "== $test, patched kernel, q35 1 GiB 2 CPUs without devices, TCG, median of $runs =="
printf '%-44s %6.2f s\n' "upstream harness (vmtest.sh's way)" "$up" "lutb run --selftests $test" "$lu"
printf '%-44s %6.2fx\n' "ratio (lutb / upstream)" "$(echo "$lu / $up" | bc -l)"
