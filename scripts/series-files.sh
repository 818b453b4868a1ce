#!/bin/bash
# Print, in the order they apply, the series files and the patches a tree of
# RELEASE (MAJOR.MINOR) gets: the main series, or compat/RELEASE/series with
# the main series where it says "@series". They are the inputs of that
# tree's cache key. Usage: series-files.sh SERIES [RELEASE]
set -euo pipefail
series=$1
release=${2:-}
dir=$(dirname "$series")

# The patch names of one series file, as paths beside it.
patches() {
	local s=$1 patch
	while read -r patch _; do
		case "$patch" in '' | '#'*) continue ;; esac
		echo "$(dirname "$s")/$patch"
	done <"$s"
}

compat="$dir/compat/$release/series"
if [ -z "$release" ] || [ ! -f "$compat" ]; then
	echo "$series"
	patches "$series"
	exit 0
fi
grep -qx '@series' "$compat" || { echo "$compat has no '@series' line" >&2; exit 1; }
echo "$compat"
patches "$compat" | while read -r p; do
	if [ "$(basename "$p")" = @series ]; then
		echo "$series"
		patches "$series"
	else
		echo "$p"
	fi
done
