#!/bin/bash
# Runs started from a saved VM (lutb run --fork) against the same
# scenarios booted cold: the same exit status, verdict and status of every
# check, for scenarios that between them carry every part of a run the
# agent receives at the fork point (settings, kernels B and C and their
# command lines, selftests, a hotplug, a mutant kernel, an IOMMU) and a
# machine QEMU cannot save (nvme), which must boot cold.
# Then the comparison's own known-bad: a forked run whose console lost
# kernel A's boot (what a run that did not carry the saved VM's logs over
# would have) must be judged differently.
# Usage: fork.sh LUTB SCENARIO_DIR OUT_DIR
set -euo pipefail
lutb=$1
scenarios=$2
out=$3

fail() { echo "fork: $*" >&2; exit 1; }
# Every check's status but those the scenario leaves open (expects `any`
# of: they depend on timing, so two cold runs may differ there too).
statuses() {
	jq -r '(.scenario.left_open // []) as $open | .verdict,
		(.checks[] | select(.name as $n | $open | index($n) | not) |
		 "\(.name) \(.status)")' "$1/report.json"
}

rm -rf "$out"
mkdir -p "$out/cold" "$out/fork"
compared=0
for s in default default-stock three-kexecs selftests hotplug-edu \
	mutant-clear-bridge-master machine-iommu assign-busses-stock machine-mixed; do
	cold_rc=0 fork_rc=0
	"$lutb" run --scenario "$scenarios/$s.yaml" --out "$out/cold/$s" \
		>"$out/cold/$s.log" 2>&1 || cold_rc=$?
	"$lutb" run --fork --scenario "$scenarios/$s.yaml" --out "$out/fork/$s" \
		>"$out/fork/$s.log" 2>&1 || fork_rc=$?
	[ "$cold_rc" = "$fork_rc" ] ||
		fail "$s: exit status $fork_rc forked, $cold_rc cold (logs in $out)"
	diff -u <(statuses "$out/cold/$s") <(statuses "$out/fork/$s") >"$out/$s.diff" ||
		fail "$s: check statuses differ between the cold and the forked run: $out/$s.diff"
	[ ! -e "$out/cold/$s/saved-vm.txt" ] || fail "$s: the cold run started from a saved VM"
	if [ "$s" = machine-mixed ]; then
		[ ! -e "$out/fork/$s/saved-vm.txt" ] ||
			fail "$s: QEMU cannot save nvme, yet the run started from a saved VM"
		grep -q "booting kernel A: QEMU cannot save this machine" "$out/fork/$s.log" ||
			fail "$s: the forked run did not say why it booted kernel A"
	else
		[ -e "$out/fork/$s/saved-vm.txt" ] || fail "$s: the forked run booted kernel A"
	fi
	echo "ok: $s: exit $fork_rc, $(statuses "$out/fork/$s" | tail -n +2 | wc -l) checks with the same status forked and cold" \
		"($(jq '.scenario.left_open | length' "$out/fork/$s/report.json") left open by the scenario)"
	compared=$((compared + 1))
done

# Kernel A's boot cut from the forked default run's console: judged again,
# it must not look the same as the cold run.
cp -r "$out/fork/default" "$out/lost-prefix"
sed -i '/lutb-agent: at the fork point/,$!d' "$out/lost-prefix/console.log"
"$lutb" report "$out/lost-prefix" >"$out/lost-prefix.log" 2>&1 || true
if diff -q <(statuses "$out/cold/default") <(statuses "$out/lost-prefix") >/dev/null; then
	fail "a forked run without kernel A's boot in its console compares equal to the cold run"
fi
echo "ok: a forked run that lost kernel A's boot log differs: $(diff <(statuses "$out/cold/default") \
	<(statuses "$out/lost-prefix") | grep -c '^>') statuses"
echo "fork: $compared scenarios with the same outcome forked and cold"
