# Shared helpers for lutb's shell scripts. Source it; do not run it.

LUTB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LUTB_CACHE=${LUTB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lutb}

say() { printf 'lutb: %s\n' "$*" >&2; }
die() { printf 'lutb: error: %s\n' "$*" >&2; exit 1; }

# jq: a list of check kinds as the README's tables show it, "kunit,
# pci-lu-state ×2" (prepend to a jq program, then call `kinds`).
JQ_KINDS='def kinds: group_by(.) | map(if length > 1 then "\(.[0]) ×\(length)" else .[0] end) | join(", ");'

# setup-host.sh notes the suites it had to skip on this line of its sources
# file; fetch-sources.sh names them when a pinned version is not served.
LUTB_SKIPPED_MARK="# skipped (lists not usable at setup): "

# The archive URI configured for this machine: the first URIs: line of the
# deb822 sources file, so no registry host name is ever written in the repo.
debian_mirror() {
	local src=/etc/apt/sources.list.d/debian.sources
	[ -r "$src" ] || die "$src not found: cannot derive the Debian mirror"
	awk '/^URIs:/ { print $2; exit }' "$src"
}

# Hash of the given files' contents plus any extra strings, for cache keys.
# Paths are named relative to the repository or the cache, so that another
# clone or another HOME with the same cache finds the same keys.
inputs_hash() {
	local f name
	{
		for f in "$@"; do
			if [ -f "$f" ]; then
				name=${f#"$LUTB_ROOT"/}
				printf '%s\n' "${name#"$LUTB_CACHE"/}"
				cat "$f"
			else
				printf 'str:%s\n' "$f"
			fi
		done
	} | sha256sum | cut -c1-16
}

# Run "$@" with its output in LOG; show the log's tail only if it fails.
quietly() {
	local log=$1
	shift
	mkdir -p "$(dirname "$log")"
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "'$*' failed; full log: $log"
	fi
}

# MAJOR.MINOR of an extracted source tree, from its .lutb-extracted marker.
tree_release() {
	awk '{ print $NF }' "$1/.lutb-extracted" 2>/dev/null |
		sed -E 's/^[0-9]+://; s/^([0-9]+\.[0-9]+).*/\1/'
}

# The one work tree every guest kernel built from the Linux source SRC is
# built in (variants and posted series alike): they differ in a handful of
# files and CONFIG symbols, so switching the tree from one to another and
# letting kbuild rebuild what depends on them costs a minute, where a tree
# of its own costs the whole kernel. Its recipe number changes only when the
# tree's layout does.
kernel_work_tree() {
	echo "$LUTB_CACHE/kernel-tree/$(inputs_hash "$1/.lutb-extracted" "recipe=3" "$(gcc --version | head -n 1)")"
}

# Hold the work tree DIR for this build (fd 9, until the script exits),
# waiting for another build of it and saying so: "another WHAT is running".
lock_work_tree() {
	mkdir -p "$1"
	exec 9>"$1.lock"
	if ! flock -n 9; then
		say "another $2 is running; waiting for it"
		flock 9
	fi
}

# Copy the tree SRC to DST as hard links (cheap), or as a plain copy where
# links cannot cross filesystems (a cache spread over several mounts).
link_tree() {
	cp -al "$1" "$2" 2>/dev/null && return 0
	rm -rf "$2"
	cp -a "$1" "$2"
}

# Stop a background job and everything it started.
kill_tree() {
	local child
	for child in $(pgrep -P "$1"); do
		kill_tree "$child"
	done
	kill "$1" 2>/dev/null || true
}

# CPU seconds (user + system) of this shell's children that have ended:
# with a build's wall time, it shows whether the build kept the cores busy.
children_cpu_seconds() {
	awk '{ print int(($16 + $17) / 100) }' "/proc/$$/stat"
}

# The CONFIG_*=... lines of a config fragment (stdin) that Kconfig's
# dependency resolution did not keep in the .config at $1, one per line.
config_lines_lost() {
	local line
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$line" "$1" || printf '%s\n' "$line"
	done
}

# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs "$@" and prints its wall time in seconds.
seconds() {
	local start
	start=$(date +%s.%N)
	"$@"
	echo "$(date +%s.%N) - $start" | bc
}
