#!/bin/bash
# Set up (as scripts/setup.sh) and run every test suite: unit, topology,
# qtest, fuzz, e2e, debug (scenarios on the debug kernel) and fresh (setup
# in a clean Debian 12 root, where the others but debug run again: the
# debug kernel is no part of a newcomer's setup). A suite that
# ran no test counts as a failure. Ends with "N passed, N failed".
# Usage: scripts/test.sh [meson test args, e.g. --suite unit]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

SUITES=(unit topology qtest fuzz e2e debug fresh)
# Inside the fresh-machine test's own root, its suite would start another.
if [ -n "${LUTB_IN_FRESH_ROOT:-}" ]; then
	SUITES=(unit topology qtest fuzz e2e)
	set -- --no-suite fresh --no-suite debug "$@"
fi

builddir=$LUTB_ROOT/build
if ! "$LUTB_ROOT/scripts/setup.sh" "$builddir"; then
	echo "lutb: setup failed; no test ran" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# The suites this call asks for: every one, or those named by --suite.
wanted=()
args=("$@")
for i in "${!args[@]}"; do
	[ "${args[$i]}" = --suite ] && wanted+=("${args[$((i + 1))]:-}")
done
[ ${#wanted[@]} -gt 0 ] || wanted=("${SUITES[@]}")

# The posted series are test input beside the clone, not part of it.
upstream=$(meson introspect "$builddir" --buildoptions 2>/dev/null |
	jq -r '.[] | select(.name == "upstream_dir") | .value' 2>/dev/null)
[ -n "$upstream" ] || upstream=$LUTB_ROOT/../shared/upstream
[ -d "$upstream/pci-v7" ] ||
	say "no postings of the PCI series in $upstream: the posted-series test is not registered (not a failure)"
meson test -C "$builddir" --print-errorlogs "$@"
status=$?
log="$builddir/meson-logs/testlog.json"
# A missing or cut-off log (meson stopped before running anything) counts 0.
count() {
	local n
	n=$(jq -s "[.[] | select($1)] | length" "$log" 2>/dev/null) && [[ $n =~ ^[0-9]+$ ]] || n=0
	echo "$n"
}
passed=$(count '.result == "OK" or .result == "EXPECTEDFAIL"')
failed=$(count '.result != "OK" and .result != "EXPECTEDFAIL" and .result != "SKIP"')
skipped=$(count '.result == "SKIP"')
for suite in "${wanted[@]}"; do
	# testlog.json names a test "PROJECT:SUITE / NAME".
	ran=$(count "(.name | startswith(\"lutb:$suite / \")) and .result != \"SKIP\"")
	if [ "$ran" = 0 ]; then
		say "suite '$suite' ran no test: counted as a failure"
		failed=$((failed + 1))
		status=1
	fi
done
[ "$skipped" = 0 ] || say "$skipped test(s) skipped: a skip is not a pass; see $log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || status=1
exit $status
