#!/bin/bash
# Print the README's sensitivity table from two `lutb matrix` runs of the
# mutant scenarios: one as they are (MUTANT_DIR) and one with
# `--unmutated` (UNMUTATED_DIR, the same kernel without lutb_mutant=).
# For each mutant: the scenario that exposes it, its fault if any, both
# verdicts, the checks that failed only with the mutant (the ones that
# name its bug) and those that failed on both (the fault's own), and
# whether the scenario told the two kernels apart (and, when not, why).
# Usage: scripts/sensitivity-table.sh MUTANT_DIR UNMUTATED_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mdir=${1:?usage: sensitivity-table.sh MUTANT_DIR UNMUTATED_DIR}
udir=${2:?usage: sensitivity-table.sh MUTANT_DIR UNMUTATED_DIR}
command -v jq >/dev/null || { echo "sensitivity-table.sh: needs jq" >&2; exit 1; }

echo "| mutant | scenario | verdict: mutant / unmutated | checks failed only with the mutant | failed with both | caught |"
echo "| --- | --- | --- | --- | --- | --- |"
for report in "$mdir"/*/report.json; do
	name=$(basename "$(dirname "$report")")
	run="$(dirname "$report")/run.json"
	mutant=$(jq -r '[.spec.generations[].cmdline | capture("lutb_mutant=(?<m>[^ ]+)").m] |
		unique | join(", ")' "$run")
	[ -n "$mutant" ] || continue
	fault=$(jq -r '.spec.fault // empty' "$run")
	unmutated="$udir/$name/report.json"
	if [ ! -f "$unmutated" ]; then
		echo "| \`$mutant\` | \`$name\` | (no unmutated run) | | | **no** |"
		continue
	fi
	# Caught: the mutant run met the scenario; the unmutated twin ran to
	# its end (a crash or timeout of the twin proves nothing), failed no
	# check the mutant run did not, and some check failed only with the
	# mutant. When not, the table says which of these is missing.
	# A scenario that names its twin (unmutated: NAME) had the unmutated
	# run judged against NAME instead (sensitivity.sh): NAME says what the
	# kernel without the mutant must do, a crash included.
	twin=$(cat "$udir/$name/twin" 2>/dev/null || true)
	jq -r -n --slurpfile m "$report" --slurpfile u "$unmutated" --arg twin "$twin" \
		--arg mutant "$mutant" --arg name "$name" --arg fault "$fault" "$JQ_KINDS
		def failed(r): [r.checks[] | select(.status == \"fail\")];
		def list(k): if (k | length) == 0 then \"none\" else (k | kinds) end;
		(failed(\$u[0]) | map(.name)) as \$uf |
		(failed(\$m[0]) | map(.name)) as \$mf |
		[failed(\$m[0])[] | select(.name as \$n | \$uf | index(\$n) | not) | .kind] as \$only |
		[failed(\$m[0])[] | select(.name as \$n | \$uf | index(\$n)) | .kind] as \$both |
		[failed(\$u[0])[] | select(.name as \$n | \$mf | index(\$n) | not) | .name] as \$twin_only |
		(if (\$m[0].scenario.met | not) then \"**no** (the mutant run did not meet the scenario)\"
		 elif \$twin != \"\" and (\$u[0].scenario.met | not) then
			\"**no** (the unmutated run did not meet its twin \\(\$twin))\"
		 elif \$twin != \"\" then (if (\$only | length) > 0 then \"yes\" else
			\"**no** (no check failed only with the mutant)\" end)
		 elif ([\"pass\", \"fail\"] | index(\$u[0].verdict) | not) then
			\"**no** (the unmutated run ended \\(\$u[0].verdict))\"
		 elif (\$twin_only | length) > 0 then
			\"**no** (the unmutated run failed \\(\$twin_only | join(\", \")), which the mutant run did not)\"
		 elif (\$only | length) == 0 then \"**no** (no check failed only with the mutant)\"
		 else \"yes\" end) as \$caught |
		\"| \`\\(\$mutant)\` | \`\\(\$name)\`\\(if \$fault != \"\" then \" (fault \`\\(\$fault)\`)\" else \"\" end) | \" +
		\"\\(\$m[0].verdict) / \\(\$u[0].verdict)\\(if \$twin != \"\" then \" (as \\(\$twin))\" else \"\" end) | \" +
		\"\\(list(\$only)) | \\(list(\$both)) | \\(\$caught) |\"
	"
done
