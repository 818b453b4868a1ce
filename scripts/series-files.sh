#!/bin/bash
# Print the series file and the patch files applying it to a tree of
# RELEASE (MAJOR.MINOR) would use, compat/RELEASE replacements included:
# the inputs of that tree's cache key. Usage: series-files.sh SERIES [RELEASE]
set -euo pipefail
series=$1
release=${2:-}
dir=$(dirname "$series")
echo "$series"
while read -r patch _; do
	case "$patch" in '' | '#'*) continue ;; esac
	if [ -n "$release" ] && [ -f "$dir/compat/$release/$patch" ]; then
		echo "$dir/compat/$release/$patch"
	else
		echo "$dir/$patch"
	fi
done <"$series"
