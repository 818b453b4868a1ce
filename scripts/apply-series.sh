#!/bin/bash
# Apply a quilt-style series file's patches (one per line, '#' comments) to a
# tree. For a tree of another upstream release, compat/MAJOR.MINOR/series
# (the release is read from the tree's .lutb-extracted) says what to apply
# instead: its own patches, which make that release look like the one the
# series was written on or adapt the series to it, and a line "@series"
# where the main series goes. The series itself is never copied.
# Usage: apply-series.sh SERIES_FILE TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=$1
tree=$2
apply() {
	[ -f "$1" ] || die "$2 names $(basename "$1"), which does not exist"
	patch -d "$tree" -p1 --batch --forward --quiet <"$1" ||
		die "$1 does not apply to $tree"
}
while read -r file; do
	case "$file" in
	*/compat/*/series) say "applying $(basename "$series") with the fix-ups in $(dirname "$file")"; from=$file ;;
	*/series) from=$file ;;
	*) apply "$file" "$from" ;;
	esac
done < <("$LUTB_ROOT/scripts/series-files.sh" "$series" "$(tree_release "$tree")")
