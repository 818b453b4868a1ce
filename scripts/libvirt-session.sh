# A libvirt daemon of one's own, for tests and benchmarks. Source it, then
# call libvirt_session_start DIR [HIDDEN...]: libvirtd in session mode (as
# nobody, a user every Debian root has, in a user namespace of its own
# where nobody is root outside, so its QEMU reads lutb's artifacts and
# writes run directories as lutb does; libvirt wants the user in
# /etc/passwd), its log in DIR, its sockets and state in a directory of
# its own under /tmp, no system service touched. Each HIDDEN directory is
# out of the daemon's sight (an empty tmpfs over it, in a mount namespace
# of its own), as if the daemon ran on another host. It sets LIBVIRT_URI
# (for `lutb run --libvirt`) and LIBVIRT_PID, a child of the calling
# shell: libvirt_session_stop kills and reaps it and removes its
# directory.

libvirt_session_start() {
	local dir socket hide= path
	dir=$(realpath -m "$1")
	shift
	mkdir -p "$dir"
	for path in "$@"; do
		mkdir -p "$path"
		hide+="mount -t tmpfs lutb-hidden $(printf %q "$(realpath "$path")") && "
	done
	# Its sockets and state in a short directory of their own: libvirt
	# puts each domain's monitor socket below XDG_CONFIG_HOME, and a unix
	# socket's path must fit in 108 bytes.
	LIBVIRT_DIR=$(mktemp -d /tmp/lutb-libvirt.XXXXXX)
	mkdir -p "$LIBVIRT_DIR/run" "$LIBVIRT_DIR/config" "$LIBVIRT_DIR/cache"
	HOME=$LIBVIRT_DIR XDG_RUNTIME_DIR=$LIBVIRT_DIR/run \
		XDG_CONFIG_HOME=$LIBVIRT_DIR/config XDG_CACHE_HOME=$LIBVIRT_DIR/cache \
		unshare --mount --propagation private sh -c "$hide exec \"\$@\"" sh \
		unshare --user --map-user=65534 --map-group=65534 libvirtd --timeout 900 \
		>"$dir/libvirtd.log" 2>&1 </dev/null &
	LIBVIRT_PID=$!
	socket=$LIBVIRT_DIR/run/libvirt/libvirt-sock
	for _ in $(seq 100); do
		[ -S "$socket" ] && break
		kill -0 "$LIBVIRT_PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -S "$socket" ]; then
		echo "libvirtd never listened; see $dir/libvirtd.log" >&2
		return 1
	fi
	LIBVIRT_URI="qemu+unix:///session?socket=$socket"
}

libvirt_session_stop() {
	if [ -n "${LIBVIRT_PID:-}" ]; then
		kill "$LIBVIRT_PID" 2>/dev/null || true
		wait "$LIBVIRT_PID" 2>/dev/null || true
	fi
	[ -z "${LIBVIRT_DIR:-}" ] || rm -rf "$LIBVIRT_DIR"
	LIBVIRT_PID= LIBVIRT_DIR=
}
