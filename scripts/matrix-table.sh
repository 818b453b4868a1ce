#!/bin/bash
# Print a markdown table of a `lutb matrix` run: for each scenario, its
# verdict, whether it met its expectations, and the checks that failed
# (by kind, with how many). The README's tables are made with this.
# --posted: runs of the catalog on posted series (lutb kernel build
# --series) and on lutb's own: a column per run (its verdict, and whether
# that met the scenario's expectations for those kernels), the checks that
# failed on the first posting, and what each scenario's file says of the
# postings (expect: posted: / postings: why), or "as lutb's series"
# (docs/posted-series.md). A run is DIR (labelled by its posting) or
# LABEL=DIR.
# Usage: scripts/matrix-table.sh MATRIX_DIR
#        scripts/matrix-table.sh --posted [LABEL=]MATRIX_DIR...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
posted=false
[ "${1:-}" != --posted ] || { posted=true; shift; }
[ $# -ge 1 ] || { echo "usage: matrix-table.sh [--posted] [LABEL=]MATRIX_DIR..." >&2; exit 2; }
$posted || [ $# = 1 ] || { echo "matrix-table.sh: one MATRIX_DIR without --posted" >&2; exit 2; }
command -v jq >/dev/null || { echo "matrix-table.sh: needs jq" >&2; exit 1; }
dirs=("$@")

if ! $posted; then
	echo "| scenario | verdict | as expected | checks that failed |"
	echo "| --- | --- | --- | --- |"
	for report in "${dirs[0]}"/*/report.json; do
		name=$(basename "$(dirname "$report")")
		jq -r --arg name "$name" "$JQ_KINDS"'
			([.checks[] | select(.status == "fail") | .kind] | kinds) as $failed |
			"| `\($name)` | \(.verdict) | \(if .scenario.met then "yes" else "**no**" end) | \(if $failed == "" then "none" else $failed end) |"
		' "$report"
	done
	exit 0
fi

# LABEL=DIR, or DIR labelled by the posting its runs were held to.
labels=() paths=()
for a in "${dirs[@]}"; do
	if [[ "$a" == *=* ]]; then
		labels+=("${a%%=*}") paths+=("${a#*=}")
	else
		labels+=("$(jq -r '.scenario.posting // "posted"' "$(ls "$a"/*/report.json | head -n 1)")")
		paths+=("$a")
	fi
done
# The checks that failed are those of the first matrix run on a posting.
first=0
for i in "${!paths[@]}"; do
	if jq -e '.scenario.posting' "$(ls "${paths[$i]}"/*/report.json | head -n 1)" >/dev/null; then
		first=$i
		break
	fi
done
header="| scenario |" rule="| --- |"
for l in "${labels[@]}"; do
	header+=" $l |" rule+=" --- |"
done
echo "$header checks that failed on ${labels[$first]} | on the posting |"
echo "$rule --- | --- |"
for report in "${paths[$first]}"/*/report.json; do
	name=$(basename "$(dirname "$report")")
	row="| \`$name\` |"
	why=""
	for d in "${paths[@]}"; do
		r=$d/$name/report.json
		if [ ! -f "$r" ]; then
			row+=" not run |"
			continue
		fi
		row+=$(jq -r '" \(.verdict)\(if .scenario.met then "" else " (**not as expected**)" end) |"' "$r")
		jq -e '.scenario.posting' "$r" >/dev/null || continue
		one=$(jq -r '.scenario.posted_why // "as lutb'"'"'s series" | gsub("\n"; " ")' "$r")
		if [ -z "$why" ]; then
			why=$one
		elif [ "$one" != "$why" ]; then
			why+="; on $(jq -r '.scenario.posting' "$r"): $one"
		fi
	done
	failed=$(jq -r "$JQ_KINDS"'[.checks[] | select(.status == "fail") | .kind] | kinds' "$report")
	echo "$row ${failed:-none} | $why |"
done
