#!/bin/sh
# A run that goes wrong must end in a verdict of its own kind, keep its
# logs, leave no QEMU behind, and exit non-zero.
#   timeout      the guest cannot finish in 1 s           -> 2, timeout
#   panic        init exits, kernel A panics              -> 3, crashed
#   qemu-killed  QEMU dies from SIGKILL mid-run           -> 3, crashed
#   no-kernel    --kernel-a names a missing file          -> 125, no run
#   two-at-once  two runs in parallel both pass, apart    -> 0, 0
#   odd-out-dir  --out holds a comma, a space, non-ASCII  -> 0, pass
#   first-use    the stock kernel is not built yet         -> built, a verdict
# Usage: robust.sh LUTB CASE OUT_DIR KERNEL_DIR
set -u
lutb=$1
case=$2
out=$3
kernel_dir=$4
rm -rf "$out"
mkdir -p "$out"

fail() { echo "robust($case): $*" >&2; exit 1; }

# No process may still name the run directory on its command line.
no_leftover() {
	sleep 0.2
	if pgrep -f "$1/" >/dev/null; then
		pgrep -af "$1/" >&2
		fail "processes left behind for $1"
	fi
}

expect_run() { # STATUS VERDICT DIR [lutb run args]
	want=$1 verdict=$2 dir=$3
	shift 3
	"$lutb" run --out "$dir" "$@" >"$dir.ktap" 2>"$dir.err"
	status=$?
	cat "$dir.ktap"
	[ "$status" = "$want" ] || fail "exit status $status, wanted $want"
	grep -q "^# verdict: $verdict:" "$dir.ktap" || fail "verdict is not $verdict"
	for f in run.json report.json console.log qmp.jsonl qemu-argv.txt; do
		[ -s "$dir/$f" ] || fail "$f was not kept"
	done
	no_leftover "$dir"
}

case "$case" in
timeout)
	expect_run 2 timeout "$out/run" --timeout 1
	;;
panic)
	expect_run 3 crashed "$out/run" --cmdline-a rdinit=/no-such-init
	grep -q '"GUEST_PANICKED"' "$out/run/qmp.jsonl" || fail "no GUEST_PANICKED event"
	;;
qemu-killed)
	# Kill QEMU once it runs the guest, however long it takes to start.
	(
		for _ in $(seq 200); do
			pgrep -f "$out/run/qmp.sock" >/dev/null && break
			sleep 0.1
		done
		sleep 1
		pkill -KILL -f "$out/run/qmp.sock"
	) &
	expect_run 3 crashed "$out/run"
	grep -q "QEMU died from a signal" "$out/run.ktap" || fail "the cause is not named"
	;;
no-kernel)
	"$lutb" run --out "$out/run" --kernel-a "$out/no-such-bzImage" >/dev/null 2>"$out/err"
	status=$?
	[ "$status" = 125 ] || fail "exit status $status, wanted 125 (setup error)"
	grep -q "no-such-bzImage does not exist" "$out/err" || fail "no clear message"
	no_leftover "$out"
	;;
first-use)
	# Setup leaves the stock kernel to its first use; lutb builds it then
	# (here from the cache, as the tests' build made it already).
	rm -f "$kernel_dir/bzImage-stock"
	"$lutb" run --out "$out/run" --kernel-a stock --kernel-b stock >"$out/run.ktap" 2>"$out/run.err"
	status=$?
	cat "$out/run.err" "$out/run.ktap"
	[ -e "$kernel_dir/bzImage-stock" ] || fail "the stock kernel was not built"
	grep -q "stock kernel is not built yet" "$out/run.err" || fail "no word of the build"
	# Stock fails the default topology's checks; what matters is a verdict.
	[ "$status" != 125 ] || fail "exit status 125: no run"
	grep -q "^# verdict: " "$out/run.ktap" || fail "no verdict"
	;;
odd-out-dir)
	# QEMU splits option values at commas; lutb must escape every path.
	expect_run 0 pass "$out/run, with späce"
	;;
two-at-once)
	"$lutb" run --out "$out/a" >"$out/a.ktap" 2>&1 &
	a=$!
	"$lutb" run --out "$out/b" >"$out/b.ktap" 2>&1 &
	b=$!
	wait $a || fail "run a failed: $(tail -3 "$out/a.ktap")"
	wait $b || fail "run b failed: $(tail -3 "$out/b.ktap")"
	# Each QEMU names files in its own run directory only (QMP socket,
	# console, report port, lu-dma logs).
	for r in a b; do
		other=b
		[ $r = b ] && other=a
		grep -q "$out/$r/qmp.sock" "$out/$r/qemu-argv.txt" ||
			fail "run $r's QEMU has no QMP socket in its own directory"
		! grep -q "$out/$other/" "$out/$r/qemu-argv.txt" ||
			fail "run $r's QEMU names a file of run $other"
	done
	no_leftover "$out"
	;;
*)
	fail "unknown case"
	;;
esac
echo "robust($case): ok"
