#!/bin/bash
# Print a markdown table of a `lutb matrix` run: for each scenario, its
# verdict, whether it met its expectations, and the checks that failed
# (by kind, with how many). The README's tables are made with this.
# Usage: scripts/matrix-table.sh MATRIX_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dir=${1:?usage: matrix-table.sh MATRIX_DIR}
command -v jq >/dev/null || { echo "matrix-table.sh: needs jq" >&2; exit 1; }

echo "| scenario | verdict | as expected | checks that failed |"
echo "| --- | --- | --- | --- |"
for report in "$dir"/*/report.json; do
	name=$(basename "$(dirname "$report")")
	jq -r --arg name "$name" "$JQ_KINDS"'
		([.checks[] | select(.status == "fail") | .kind] | kinds) as $failed |
		"| `\($name)` | \(.verdict) | \(if .scenario.met then "yes" else "**no**" end) | \(if $failed == "" then "none" else $failed end) |"
	' "$report"
done
