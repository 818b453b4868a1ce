#!/bin/bash
# lutb run --libvirt against a libvirt daemon of the test's own
# (scripts/libvirt-session.sh: session mode, no system service touched)
# that cannot see OUT_DIR, where the runs and their kernel are: as with a
# qemu+ssh:// host, the kernel and initramfs must go there through libvirt,
# and the console, the agent's port, QMP and the lu-dma logs come back
# through it.
#   1. the default scenario run directly and through libvirt: the same
#      verdict and every check with the same status; nothing of the run
#      left on the host
#   2. a hung guest (--timeout 1) leaves no domain behind
#   3. lutb killed with SIGKILL mid-run leaves no domain behind (libvirt
#      destroys a domain created with AUTODESTROY when lutb's connection
#      closes)
# Usage: libvirt.sh LUTB SCENARIO_DIR OUT_DIR
set -euo pipefail
lutb=$1
scenarios=$2
out=$3

fail() { echo "libvirt: $*" >&2; exit 1; }
# The verdict lines of a run's log, so that CI's output says why.
tail_of() { grep -E '^# verdict|lutb run:|^lutb: error' "$1" | tail -n 3 >&2 || true; }

. "$(dirname "$0")/../../scripts/libvirt-session.sh"

rm -rf "$out"
trap libvirt_session_stop EXIT
libvirt_session_start "$out/daemon" "$out" || fail "no libvirt daemon"
uri=$LIBVIRT_URI
# The host's staging pool in the daemon's own directory, removed with it.
virsh -c "$uri" pool-create-as lutb-staging dir --target "$LIBVIRT_DIR/staging" \
	--build >/dev/null || fail "no staging pool"

# The premise: the daemon, and the QEMU it starts, see none of it.
[ -z "$(nsenter --target "$LIBVIRT_PID" --mount ls -A "$out")" ] ||
	fail "the daemon sees $out; it should be hidden from it"

domains() { virsh -c "$uri" list --all --name | grep -v '^$' || true; }
staged() { virsh -c "$uri" vol-list lutb-staging | awk 'NR > 2 && $1 { print $1 }'; }

# 1. The same verdict, check by check. Kernel A from a path the host
# cannot see (kernel B rides in the initramfs).
"$lutb" run --scenario "$scenarios/default.yaml" --out "$out/direct" >"$out/direct.log" 2>&1 ||
	fail "the direct run did not meet default.yaml; see $out/direct.log"
mkdir -p "$out/kernel"
cp "$(jq -r '.spec.generations[0].kernel' "$out/direct/run.json")" "$out/kernel/bzImage"
"$lutb" run --scenario "$scenarios/default.yaml" --libvirt "$uri" --out "$out/libvirt" \
	--kernel-a "$out/kernel/bzImage" >"$out/libvirt.log" 2>&1 ||
	{ tail_of "$out/libvirt.log"; fail "the libvirt run did not meet default.yaml; see $out/libvirt.log"; }
statuses() { jq -r '.verdict, (.checks[] | "\(.name) \(.status)")' "$1/report.json"; }
diff -u <(statuses "$out/direct") <(statuses "$out/libvirt") >"$out/statuses.diff" ||
	fail "check statuses differ between the direct and the libvirt run: $out/statuses.diff"
grep -q '"libvirt": "qemu+unix' "$out/libvirt/run.json" || fail "run.json does not name the libvirt URI"
[ -f "$out/libvirt/domain.xml" ] || fail "the run kept no domain.xml"
echo "ok: $(jq '.checks | length' "$out/libvirt/report.json") checks, the same status in both runs"
[ -z "$(domains)" ] || fail "domains left after a finished run: $(domains)"
[ -z "$(staged)" ] || fail "files left on the host after a finished run: $(staged)"

# 2. A guest that does not finish in time.
status=0
"$lutb" run --libvirt "$uri" --timeout 1 --out "$out/timeout" >"$out/timeout.log" 2>&1 || status=$?
[ "$status" = 2 ] || fail "a timed-out libvirt run exited $status, not 2; see $out/timeout.log"
[ -z "$(domains)" ] || fail "domains left after a timeout: $(domains)"
[ -z "$(staged)" ] || fail "files left on the host after a timeout: $(staged)"
echo "ok: a timeout ends in verdict timeout and leaves no domain"

# 3. lutb itself killed, with no chance to clean up.
"$lutb" run --libvirt "$uri" --out "$out/killed" >"$out/killed.log" 2>&1 &
run=$!
for _ in $(seq 200); do
	[ -n "$(domains)" ] && break
	sleep 0.1
done
[ -n "$(domains)" ] || fail "the killed run's domain never appeared; see $out/killed.log"
echo "domain of the run to kill: $(domains)"
kill -KILL "$run"
wait "$run" 2>/dev/null || true
for _ in $(seq 100); do
	[ -z "$(domains)" ] && break
	sleep 0.1
done
[ -z "$(domains)" ] || fail "domains left after lutb was killed: $(domains)"
! pgrep -f "guest=lutb-killed-" >/dev/null ||
	fail "processes of the killed run left: $(pgrep -af "guest=lutb-killed-")"
echo "ok: lutb killed mid-run leaves no domain (its files on the host stay: $(staged | tr '\n' ' '))"
