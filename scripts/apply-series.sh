#!/bin/bash
# Apply a quilt-style series file's patches (one per line, '#' comments) to a
# tree. A patch rebased for another upstream release lives beside the series
# as compat/MAJOR.MINOR/<same name> and replaces the main one on a tree of
# that release (the release is read from the tree's .lutb-extracted).
# Usage: apply-series.sh SERIES_FILE TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=$1
tree=$2
dir=$(dirname "$series")
release=$(tree_release "$tree")
while read -r patch _; do
	case "$patch" in '' | '#'*) continue ;; esac
	file="$dir/$patch"
	if [ -n "$release" ] && [ -f "$dir/compat/$release/$patch" ]; then
		file="$dir/compat/$release/$patch"
		say "using $patch rebased for $release"
	fi
	[ -f "$file" ] || die "$series names $patch, which does not exist"
	patch -d "$tree" -p1 --batch --forward --quiet <"$file" ||
		die "$file does not apply to $tree"
done <"$series"
