# A libvirt daemon of one's own, for tests and benchmarks. Source it, then
# call libvirt_session_start DIR: libvirtd in session mode (as nobody, a
# user every Debian root has, in a user namespace of its own where nobody
# is root outside, so its QEMU reads lutb's artifacts and writes run
# directories as lutb does; libvirt wants the user in /etc/passwd), its
# sockets, config and logs under DIR, no system service touched. It sets
# LIBVIRT_URI (for `lutb run --libvirt`) and LIBVIRT_PID, a child of the
# calling shell: libvirt_session_stop kills and reaps it.

libvirt_session_start() {
	local dir socket
	dir=$(realpath -m "$1")
	mkdir -p "$dir/run" "$dir/config" "$dir/cache"
	HOME=$dir XDG_RUNTIME_DIR=$dir/run XDG_CONFIG_HOME=$dir/config \
		XDG_CACHE_HOME=$dir/cache \
		unshare --user --map-user=65534 --map-group=65534 libvirtd --timeout 900 \
		>"$dir/libvirtd.log" 2>&1 </dev/null &
	LIBVIRT_PID=$!
	socket=$dir/run/libvirt/libvirt-sock
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
	[ -n "${LIBVIRT_PID:-}" ] || return 0
	kill "$LIBVIRT_PID" 2>/dev/null || true
	wait "$LIBVIRT_PID" 2>/dev/null || true
	LIBVIRT_PID=
}
