#!/bin/bash
# Print the series file and every patch it names, for cache keys.
set -euo pipefail
series=$1
dir=$(dirname "$series")
echo "$series"
while read -r patch _; do
	case "$patch" in '' | '#'*) continue ;; esac
	echo "$dir/$patch"
done <"$series"
