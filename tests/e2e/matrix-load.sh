#!/bin/bash
# lutb matrix with more runs side by side than cores: each run's timeout
# grows by runs / cores (a TCG guest that shares its core is that much
# slower, and must not be taken for a hung one), and every scenario is
# still met. With no more runs than cores, the scenario's own timeout
# stands.
# Usage: matrix-load.sh LUTB SCENARIO_DIR OUT_DIR
set -euo pipefail
lutb=$1
scenarios=$2
out=$3

fail() { echo "matrix-load: $*" >&2; exit 1; }

# Every run's timeout under matrix directory $1 must be $2 seconds.
timeouts_are() {
	local run got
	for run in "$1"/*/run.json; do
		got=$(jq -r .spec.timeout_s "$run")
		[ "$got" = "$2" ] || fail "$run: timeout $got s, wanted $2 s"
	done
}

cores=$(nproc)
rm -rf "$out"
mkdir -p "$out/scenarios"
for i in $(seq 1 $((2 * cores))); do
	{ cat "$scenarios/default.yaml"; echo "timeout: 40"; } >"$out/scenarios/load-$i.yaml"
done

"$lutb" matrix --jobs $((2 * cores)) --out "$out/over" "$out/scenarios" >"$out/over.ktap" ||
	fail "$((2 * cores)) runs on $cores cores: not every scenario met (see $out/over)"
timeouts_are "$out/over" 80

# shellcheck disable=SC2046 # one file name per word
"$lutb" matrix --jobs "$cores" --out "$out/fit" \
	$(seq -f "$out/scenarios/load-%g.yaml" 1 "$cores") >"$out/fit.ktap" ||
	fail "$cores runs on $cores cores: not every scenario met (see $out/fit)"
timeouts_are "$out/fit" 40
echo "ok: $((2 * cores)) runs on $cores cores ran with 80 s timeouts, $cores with the scenario's 40 s; all met"
