#!/bin/sh
# Run a lutb command and check how it ended, so that a test of a broken
# live update passes only when lutb fails it for the right reason.
# Usage: expect.sh STATUS [FAILED_CHECK] -- COMMAND...
#   STATUS        the exit status lutb must return (0 pass, 1 fail, ...)
#   FAILED_CHECK  a check that must appear as "not ok" in the KTAP output
set -u
want_status=$1
shift
want_failed=
if [ "$1" != "--" ]; then
	want_failed=$1
	shift
fi
[ "$1" = "--" ] || { echo "usage: expect.sh STATUS [CHECK] -- COMMAND..." >&2; exit 2; }
shift

ktap=$(mktemp)
err=$(mktemp)
trap 'rm -f "$ktap" "$err"' EXIT
"$@" >"$ktap" 2>"$err"
status=$?
cat "$ktap"
cat "$err" >&2
# The default machine has lu-dma engines: until the QEMU with its patch is
# built there is nothing to run, which is a skip (77), not a failure.
if [ "$status" = 4 ] && grep -q "has no 'lu-dma' device" "$err"; then
	echo "expect: skipped: this QEMU has no lu-dma device yet" >&2
	exit 77
fi
if [ "$status" != "$want_status" ]; then
	echo "expect: lutb exited with $status, wanted $want_status" >&2
	exit 1
fi
if [ -n "$want_failed" ] && ! grep -qE "^not ok [0-9]+ $want_failed( |\$)" "$ktap"; then
	echo "expect: check '$want_failed' did not fail" >&2
	exit 1
fi
exit 0
