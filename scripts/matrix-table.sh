#!/bin/bash
# Print a markdown table of a `lutb matrix` run: for each scenario, its
# verdict, whether it met its expectations, and the checks that failed
# (by kind, with how many). The README's tables are made with this.
# --posted: a run on a posted series (lutb kernel build --series), with a
# column for what each scenario's file says of the posting (expect:
# posted: why), or "as lutb's series" (docs/posted-series.md).
# Usage: scripts/matrix-table.sh [--posted] MATRIX_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
posted=false
[ "${1:-}" != --posted ] || { posted=true; shift; }
dir=${1:?usage: matrix-table.sh [--posted] MATRIX_DIR}
command -v jq >/dev/null || { echo "matrix-table.sh: needs jq" >&2; exit 1; }

if $posted; then
	echo "| scenario | verdict | as expected | checks that failed | on the posting |"
	echo "| --- | --- | --- | --- | --- |"
else
	echo "| scenario | verdict | as expected | checks that failed |"
	echo "| --- | --- | --- | --- |"
fi
for report in "$dir"/*/report.json; do
	name=$(basename "$(dirname "$report")")
	jq -r --arg name "$name" --argjson posted "$posted" "$JQ_KINDS"'
		([.checks[] | select(.status == "fail") | .kind] | kinds) as $failed |
		(.scenario.posted_why // "as lutb'"'"'s series" | gsub("\n"; " ")) as $why |
		"| `\($name)` | \(.verdict) | \(if .scenario.met then "yes" else "**no**" end) | \(if $failed == "" then "none" else $failed end) |" +
		(if $posted then " \($why) |" else "" end)
	' "$report"
done
