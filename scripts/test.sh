#!/bin/bash
# Set up (as scripts/setup.sh) and run every test suite: unit, qtest, e2e.
# Ends with "N passed, N failed". Usage: scripts/test.sh [meson test args]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

builddir=$LUTB_ROOT/build
if ! "$LUTB_ROOT/scripts/setup.sh" "$builddir"; then
	echo "lutb: setup failed; no test ran" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
meson test -C "$builddir" --print-errorlogs "$@"
status=$?
log="$builddir/meson-logs/testlog.json"
passed=$(grep -cE '"result": "(OK|EXPECTEDFAIL)"' "$log" 2>/dev/null)
failed=$(grep -cvE '"result": "(OK|EXPECTEDFAIL|SKIP)"' "$log" 2>/dev/null)
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${passed:-0}" -gt 0 ] || status=1
exit $status
