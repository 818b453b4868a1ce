#!/bin/bash
# Print the README's sensitivity table from two `lutb matrix` runs of the
# mutant scenarios: one as they are (MUTANT_DIR) and one with
# `--unmutated` (UNMUTATED_DIR, the same kernel without lutb_mutant=).
# For each mutant: the scenario that exposes it, its fault if any, both
# verdicts, the checks that failed only with the mutant (the ones that
# name its bug) and those that failed on both (the fault's own), and
# whether the scenario told the two kernels apart.
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
	# Caught: the scenario's expectations hold with the mutant and not
	# without it, and some check fails only with the mutant.
	jq -r -n --slurpfile m "$report" --slurpfile u "$unmutated" \
		--arg mutant "$mutant" --arg name "$name" --arg fault "$fault" "$JQ_KINDS
		def failed(r): [r.checks[] | select(.status == \"fail\")];
		def list(k): if (k | length) == 0 then \"none\" else (k | kinds) end;
		(failed(\$u[0]) | map(.name)) as \$uf |
		[failed(\$m[0])[] | select(.name as \$n | \$uf | index(\$n) | not) | .kind] as \$only |
		[failed(\$m[0])[] | select(.name as \$n | \$uf | index(\$n)) | .kind] as \$both |
		\"| \`\(\$mutant)\` | \`\(\$name)\`\(if \$fault != \"\" then \" (fault \`\(\$fault)\`)\" else \"\" end) | \" +
		\"\(\$m[0].verdict) / \(\$u[0].verdict) | \(list(\$only)) | \(list(\$both)) | \" +
		\"\(if \$m[0].scenario.met and (\$u[0].scenario.met | not) and (\$only | length) > 0 then \"yes\" else \"**no**\" end) |\"
	"
done
