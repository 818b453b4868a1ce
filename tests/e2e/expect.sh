#!/bin/sh
# Run a lutb command and check how it ended, so that a test of a broken
# live update passes only when lutb fails it for the right reasons.
# Usage: expect.sh STATUS [--exactly] [FAILED_CHECK...] -- COMMAND...
#   STATUS        the exit status lutb must return (0 pass, 1 fail, ...)
#   FAILED_CHECK  an extended regex for a check that must appear as
#                 "not ok N CHECK ..." in the KTAP output; "ok:REGEX" is
#                 one that must pass ("ok N REGEX ...", not skipped)
#   --exactly     and no other check may fail
set -u
want_status=$1
shift
exactly=0
if [ "${1:-}" = "--exactly" ]; then
	exactly=1
	shift
fi
patterns=$(mktemp)
passes=$(mktemp)
ktap=$(mktemp)
trap 'rm -f "$patterns" "$passes" "$ktap"' EXIT
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	case "$1" in
	ok:*) printf '^ok [0-9]+ %s( |$)\n' "${1#ok:}" >>"$passes" ;;
	*) printf '^not ok [0-9]+ %s( |$)\n' "$1" >>"$patterns" ;;
	esac
	shift
done
[ "${1:-}" = "--" ] || { echo "usage: expect.sh STATUS [--exactly] [CHECK...] -- COMMAND..." >&2; exit 2; }
shift

"$@" >"$ktap"
status=$?
cat "$ktap"
if [ "$status" != "$want_status" ]; then
	echo "expect: lutb exited with $status, wanted $want_status" >&2
	exit 1
fi
while IFS= read -r pattern; do
	grep -qE "$pattern" "$ktap" || { echo "expect: no failed check matches /$pattern/" >&2; exit 1; }
done <"$patterns"
while IFS= read -r pattern; do
	grep -E "$pattern" "$ktap" | grep -vq ' # SKIP ' ||
		{ echo "expect: no passed check matches /$pattern/" >&2; exit 1; }
done <"$passes"
if [ $exactly = 1 ] && grep '^not ok ' "$ktap" | grep -vqEf "$patterns"; then
	echo "expect: other checks failed too:" >&2
	grep '^not ok ' "$ktap" | grep -vEf "$patterns" >&2
	exit 1
fi
exit 0
