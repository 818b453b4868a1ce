#!/bin/bash
# Apply a quilt-style series file's patches (one per line, '#' comments) to a
# tree. Usage: apply-series.sh SERIES_FILE TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=$1
tree=$2
dir=$(dirname "$series")
while read -r patch _; do
	case "$patch" in '' | '#'*) continue ;; esac
	[ -f "$dir/$patch" ] || die "$series names $patch, which does not exist"
	patch -d "$tree" -p1 --batch --forward --quiet <"$dir/$patch" ||
		die "$dir/$patch does not apply to $tree"
done <"$series"
