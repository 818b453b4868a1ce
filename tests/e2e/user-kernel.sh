#!/bin/bash
# A kernel developer's own tree through `lutb kernel build`, then
# `git bisect run` with it. The tree is a git repository of the Linux source
# setup fetched (kept in the cache between runs, with fixed commit dates, so
# that a rerun finds its kernels built):
#   1. lutb's series applied with git am: the default scenario passes, the
#      driver naming lutb's series; a second build comes from the cache;
#   2. the same tree without the series: the stock kernel's outcome, the
#      driver saying it preserves through LUO only;
#   3. a commit that takes the Live Update Orchestrator out: exit 125, the
#      missing options named;
#   4. three commits on top of the series, the second of which breaks
#      bus-number inheritance: git bisect run finds it with one scenario.
# Usage: user-kernel.sh LUTB LINUX_SRC SCENARIO_DIR OUT_DIR
set -euo pipefail
lutb=$(realpath "$1")
linux_src=$2
scenarios=$3
out=$4
. "$(dirname "$0")/../../scripts/lib.sh"
rm -rf "$out" && mkdir -p "$out"

fail() { echo "user-kernel: $*" >&2; exit 1; }
step() { echo "# user-kernel: $*"; }
export GIT_AUTHOR_NAME="Kernel Developer" GIT_AUTHOR_EMAIL="dev@localhost"
export GIT_COMMITTER_NAME="Kernel Developer" GIT_COMMITTER_EMAIL="dev@localhost"
export GIT_AUTHOR_DATE="2026-11-01T12:00:00Z" GIT_COMMITTER_DATE="2026-11-01T12:00:00Z"

repo="$LUTB_CACHE/test-user-tree/linux"
base_id=$(inputs_hash "$linux_src/.lutb-extracted" "recipe=1")
if [ "$(cat "$repo/.git/lutb-base-id" 2>/dev/null)" != "$base_id" ]; then
	step "making a git tree of $linux_src (once per Linux source)"
	rm -rf "$repo" && mkdir -p "$repo"
	rsync -a --exclude=/.lutb-extracted "$linux_src/" "$repo/"
	git -C "$repo" init -q -b master
	# -f: Debian's .gitignore ignores everything at the top of the tree.
	git -C "$repo" -c core.compression=1 add -A -f
	git -C "$repo" commit -q -m "Linux as setup fetched it"
	git -C "$repo" tag base
	echo "$base_id" >"$repo/.git/lutb-base-id"
fi
git -C "$repo" bisect reset >/dev/null 2>&1 || true
git -C "$repo" checkout -q -f base
git -C "$repo" clean -q -fdx
for b in $(git -C "$repo" for-each-ref --format='%(refname:short)' refs/heads/); do
	[ "$b" = master ] || git -C "$repo" branch -q -D "$b"
done

# lutb kernel build NAME [expected status]; its output is kept.
build() {
	local name=$1 want=${2:-0} status=0
	(cd "$repo" && "$lutb" kernel build . --name "$name") >"$out/build-$name.out" 2>&1 ||
		status=$?
	cat "$out/build-$name.out"
	[ "$status" = "$want" ] || fail "lutb kernel build --name $name exited $status, wanted $want"
}
run_scenario() { # NAME KERNEL
	"$lutb" run --scenario "$scenarios/$1.yaml" --kernel-a "$2" --kernel-b "$2" \
		--out "$out/run-$1" >"$out/run-$1.ktap" 2>"$out/run-$1.err" ||
		{ cat "$out/run-$1.ktap"; fail "scenario $1 on kernel $2 was not met"; }
	grep '^# verdict' "$out/run-$1.ktap"
}

step "1. lutb's series applied with git am"
git -C "$repo" checkout -q -b with-series base
# series-files.sh prints the series file, then its patches.
mapfile -t patches < <("$LUTB_ROOT/scripts/series-files.sh" "$LUTB_ROOT/guest-kernel/patches/series" |
	tail -n +2)
git -C "$repo" am -q "${patches[@]}"
git -C "$repo" tag -f series >/dev/null
build series-user
[ -z "$(git -C "$repo" status --porcelain)" ] || fail "lutb kernel build wrote into the user's tree"
run_scenario default series-user
start=$(date +%s.%N)
build series-user
echo "# second build of an unchanged tree: $(echo "$(date +%s.%N) - $start" | bc) s"
grep -q "from the cache" "$out/build-series-user.out" || fail "the unchanged tree was built again"

step "2. the same tree without the series"
git -C "$repo" checkout -q base
build stock-user
grep -q "no PCI preservation series" "$out/build-stock-user.out" || fail "the build did not say the tree has no preservation series"
run_scenario default-stock stock-user

step "3. a tree without the Live Update Orchestrator"
git -C "$repo" checkout -q -b no-luo base
sed -i 's/^config LIVEUPDATE$/config LIVEUPDATE_REMOVED/' "$repo/kernel/liveupdate/Kconfig"
git -C "$repo" commit -q -am "liveupdate: remove the orchestrator (test tree)"
build no-luo 125
grep -q "CONFIG_LIVEUPDATE\b.*did not stick" "$out/build-no-luo.out" || fail "the missing option is not named"

step "4. git bisect run finds the commit that breaks bus-number inheritance"
git -C "$repo" checkout -q -b bisect series
sed -i 's/^ \* While a device is preserved across Live Update/ * While any device is preserved across Live Update/' "$repo/drivers/pci/probe.c"
git -C "$repo" commit -q -am "PCI: reword the bus-inheritance comment"
sed -i 's/^\tif (!pci_liveupdate_inherit_buses() && !pci_liveupdate_took_over())$/\tif (pcibios_assign_all_busses())/' "$repo/drivers/pci/probe.c"
git -C "$repo" diff --quiet HEAD && fail "the breaking edit did not apply"
git -C "$repo" commit -q -am "PCI: let pci=assign-busses win over Live Update"
bad=$(git -C "$repo" rev-parse HEAD)
sed -i 's/^\tpr_info("all incoming devices finished\\n");/\tpr_info("all incoming devices have finished\\n");/' \
	"$repo/drivers/pci/liveupdate.c"
git -C "$repo" diff --quiet HEAD && fail "the third edit did not apply"
git -C "$repo" commit -q -am "PCI: liveupdate: reword the finish message"
git -C "$repo" bisect start HEAD series >/dev/null
git -C "$repo" bisect run sh -c '
	"$1" kernel build . --name bisect-user || exit 125
	exec "$1" run --scenario "$2/assign-busses.yaml" --kernel-a bisect-user \
		--kernel-b bisect-user --out "$3/bisect-$(git rev-parse --short HEAD)" >/dev/null' \
	bisect-step "$lutb" "$scenarios" "$out" >"$out/bisect.out" 2>&1 || true
git -C "$repo" bisect log >"$out/bisect.log" 2>&1 || true
git -C "$repo" bisect reset >/dev/null 2>&1 || true
grep "is the first bad commit" "$out/bisect.out" || { cat "$out/bisect.out"; fail "git bisect run found nothing"; }
grep -q "^$bad is the first bad commit" "$out/bisect.out" ||
	fail "git bisect run named another commit than $bad (see $out/bisect.out)"
echo "# user-kernel: all steps passed"
