#!/bin/bash
# Write out a file that a patch adds (a "new file" in git's format), so that
# a header kept in a patch for the kernel's sake has no second copy here.
# Usage: file-from-patch.sh PATCH PATH_IN_TREE OUT
set -euo pipefail
patch=$1
path=$2
out=$3
# The added file's hunk lines, without their "+"; nothing else of the patch.
awk -v want="b/$path" '
	/^diff --git / { in_file = ($4 == want); in_hunk = 0; next }
	in_file && /^new file mode/ { added = 1 }
	in_file && /^@@ / { in_hunk = 1; next }
	in_file && in_hunk && /^\+/ { print substr($0, 2) }
	END { exit added ? 0 : 1 }' "$patch" >"$out.tmp" || {
	rm -f "$out.tmp"
	echo "file-from-patch.sh: $patch adds no file $path" >&2
	exit 1
}
mv "$out.tmp" "$out"
