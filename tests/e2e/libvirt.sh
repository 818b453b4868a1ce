#!/bin/bash
# lutb run --libvirt against a libvirt daemon of the test's own
# (scripts/libvirt-session.sh: session mode, no system service touched)
# that cannot see OUT_DIR, where the runs and their kernel are: as with a
# qemu+ssh:// host, the kernel and initramfs must go there through libvirt,
# and the console, the agent's port, QMP and the lu-dma logs come back
# through it.
#   1. the default scenario run directly and through libvirt, over the
#      daemon's socket and over qemu+ssh:// (an ssh server of the test's
#      own on loopback): the same verdict and every check with the same
#      status; nothing of the run left on the host
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

# An ssh server of the test's own on loopback, for qemu+ssh:// (dropbear,
# which runs no service): root's home, for it alone, a directory holding a
# throwaway key. Its keys and that home are in a directory under /tmp, not
# under the output directory, which may itself be under root's home. Sets
# SSH_PORT and SSH_COMMAND, an ssh that uses that key.
ssh_start() { # LOG_DIR
	local log=$1/dropbear.log dir home
	mkdir -p "$1"
	SSH_DIR=$(mktemp -d /tmp/lutb-ssh.XXXXXX)
	dir=$SSH_DIR
	mkdir -p "$dir/home/.ssh"
	chmod 700 "$dir/home" "$dir/home/.ssh"
	home=$(getent passwd root | cut -d: -f6)
	dropbearkey -t ed25519 -f "$dir/host_key" >/dev/null 2>&1
	ssh-keygen -q -t ed25519 -N '' -f "$dir/id"
	cp "$dir/id.pub" "$dir/home/.ssh/authorized_keys"
	chmod 600 "$dir/home/.ssh/authorized_keys"
	cat >"$dir/ssh" <<-EOS
		#!/bin/sh
		exec ssh -i $dir/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "\$@"
	EOS
	chmod +x "$dir/ssh"
	SSH_COMMAND=$dir/ssh
	for _ in 1 2 3 4 5; do
		SSH_PORT=$((20000 + RANDOM % 20000))
		unshare --mount --propagation private sh -c \
			"mount --bind $(printf %q "$dir/home") $(printf %q "$home") && exec dropbear -F -E -s -p 127.0.0.1:$SSH_PORT -r $(printf %q "$dir/host_key")" \
			>>"$log" 2>&1 </dev/null &
		SSH_PID=$!
		for _ in $(seq 50); do
			"$SSH_COMMAND" -p "$SSH_PORT" root@127.0.0.1 true 2>>"$log" && return 0
			kill -0 "$SSH_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$SSH_PID" 2>/dev/null || true
		wait "$SSH_PID" 2>/dev/null || true
	done
	tail -n 5 "$log" >&2
	return 1
}
ssh_stop() {
	[ -z "${SSH_PID:-}" ] || { kill "$SSH_PID" 2>/dev/null || true; wait "$SSH_PID" 2>/dev/null || true; }
	[ -z "${SSH_DIR:-}" ] || rm -rf "$SSH_DIR"
}

rm -rf "$out"
trap 'ssh_stop; libvirt_session_stop' EXIT
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

# 1. The same verdict, check by check, over the daemon's socket and over
# ssh. Kernel A from a path the host cannot see (kernel B rides in the
# initramfs).
"$lutb" run --scenario "$scenarios/default.yaml" --out "$out/direct" >"$out/direct.log" 2>&1 ||
	fail "the direct run did not meet default.yaml; see $out/direct.log"
mkdir -p "$out/kernel"
cp "$(jq -r '.spec.generations[0].kernel' "$out/direct/run.json")" "$out/kernel/bzImage"
statuses() { jq -r '.verdict, (.checks[] | "\(.name) \(.status)")' "$1/report.json"; }
same_as_direct() { # NAME URI
	local run=$out/$1
	"$lutb" run --scenario "$scenarios/default.yaml" --libvirt "$2" --out "$run" \
		--kernel-a "$out/kernel/bzImage" >"$run.log" 2>&1 ||
		{ tail_of "$run.log"; fail "the $1 run did not meet default.yaml; see $run.log"; }
	diff -u <(statuses "$out/direct") <(statuses "$run") >"$run.diff" ||
		fail "check statuses differ between the direct and the $1 run: $run.diff"
	jq -e --arg uri "$2" '.spec.libvirt == $uri' "$run/run.json" >/dev/null ||
		fail "$1: run.json does not name the libvirt URI"
	[ -f "$run/domain.xml" ] || fail "$1: the run kept no domain.xml"
	echo "ok: $1: $(jq '.checks | length' "$run/report.json") checks, the same status as the direct run"
	[ -z "$(domains)" ] || fail "domains left after the $1 run: $(domains)"
	[ -z "$(staged)" ] || fail "files left on the host after the $1 run: $(staged)"
}
same_as_direct libvirt "$uri"
ssh_start "$out/ssh" || fail "no ssh server on loopback; see $out/ssh/dropbear.log"
same_as_direct libvirt-ssh \
	"qemu+ssh://root@127.0.0.1:$SSH_PORT/session?socket=$LIBVIRT_DIR/run/libvirt/libvirt-sock&command=$SSH_COMMAND"

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
