# What building a named kernel (`lutb kernel build`) shares, whether from a
# user's tree (build-user-kernel.sh) or from a posted series
# (build-series-kernel.sh). Source it after lib.sh; the functions read the
# caller's $name, $cache (its cache entry), $named (its link in
# named-kernels/) and $work (its work tree: src/ and build/).

# Exit status 125: `git bisect run` skips the commit; lutb says setup error.
skip() { printf 'lutb: error: %s\n' "$*" >&2; exit 125; }

# What the build said about the tree, said again whenever the cache has it.
named_kernel_notes() { [ ! -s "$cache/notes" ] || sed 's/^/lutb: /' "$cache/notes" >&2; }

named_kernel_publish() {
	ln -sfn "$cache/bzImage" "$named"
	echo "$named"
}

# The option names of a fragment's lines (stdin) that did not stick in the
# work tree's .config, on one line.
named_kernel_lost_options() { config_lines_lost "$work/build/.config" | sed 's/=.*//' | paste -sd ' '; }

# The family (lutb, posted or none) and the PCI preservation API of the
# configured work tree, as the lu_dma driver's Makefile reads its headers
# ("FAMILY words..."; kernel_family() in src/cmd reads the family back from
# the cache). A series whose option did not stick (bisected before its
# Kconfig) preserves nothing.
named_kernel_family() {
	local inc=$work/src/include/linux
	if ! grep -qx 'CONFIG_PCI_LIVEUPDATE=y' "$work/build/.config"; then
		echo "none LUO only"
	elif [ -f "$inc/pci-liveupdate.h" ]; then
		echo "lutb lutb's series (<linux/pci-liveupdate.h>)"
	elif [ -f "$inc/pci_liveupdate.h" ]; then
		echo "posted the posted series' API (<linux/pci_liveupdate.h>)"
	elif grep -qs 'int pci_liveupdate_preserve(' "$inc/pci.h"; then
		echo "posted the posted series' API (<linux/pci.h>, before v5)"
	else
		echo "none LUO only"
	fi
}

named_kernel_kmake() { make -C "$work/src" O="$work/build" ARCH=x86_64 "$@"; }

# The heartbeat below, if a build is under way; callers' EXIT traps call it.
heartbeat=
named_kernel_cleanup() { [ -z "$heartbeat" ] || kill "$heartbeat" 2>/dev/null || true; }

# Compiles the configured work tree into the cache entry, saying every 30 s
# that it is alive, and keeps the figures. $1 names the source in the
# message when it does not build; $2 is when configuring began (date +%s).
named_kernel_compile() {
	local what=$1 start=$2 status=0
	(
		while sleep 30; do
			say "still compiling kernel '$name': $(grep -c '^  CC ' "$cache/build.log") objects so far"
		done
	) &
	heartbeat=$!
	named_kernel_kmake -j"$(nproc)" bzImage >>"$cache/build.log" 2>&1 || status=$?
	named_kernel_cleanup
	wait "$heartbeat" 2>/dev/null || true
	heartbeat=
	if [ $status != 0 ]; then
		grep -E 'error|Error' "$cache/build.log" | tail -n 15 >&2 || true
		skip "$what does not build (make exited $status); log: $cache/build.log"
	fi
	cp "$work/build/arch/x86/boot/bzImage" "$cache/bzImage"
	cp "$work/build/.config" "$cache/config"
	echo $(($(date +%s) - start)) >"$cache/build-seconds"
	children_cpu_seconds >"$cache/build-cpu-seconds"
	touch "$cache/.done"
	say "kernel '$name' built in $(cat "$cache/build-seconds") s ($(cat "$cache/build-cpu-seconds") CPU-s)"
	named_kernel_publish
}
