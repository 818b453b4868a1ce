#!/bin/sh
# A run's report.html must render in headless Chromium with a timeline on
# it: take a screenshot and count the pixels of the DMA progress colour.
# A failing run's report (stock kernels) must show the answer without
# scrolling at 1400x900: the failed checks and the fabric picture, whose
# bridges that cleared Bus Master Enable are tagged in their own colour.
# Usage: report-screenshot.sh LUTB PNG_COUNT_COLOR OUT_DIR
set -u
lutb=$1
count_color=$2
out=$3
progress_color=1a5fb4	# .progress in src/report/report_html.c
min_pixels=300
bme_tag_color=ffe5cc	# .tag.bme in src/report/report_fabric.c
failed_color=fbe4e2	# .verdict.fail in src/report/report_html.c

rm -rf "$out"
"$lutb" run --out "$out" >/dev/null	# any verdict will do: this tests the page
[ -s "$out/report.html" ] || { echo "no report.html in $out" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
screenshot() { # RUN_DIR WIDTH,HEIGHT
	rm -f "$1/report.png"
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --window-size="$2" \
		--screenshot="$1/report.png" "file://$1/report.html" >/dev/null 2>&1
	[ -s "$1/report.png" ] || { echo "chromium took no screenshot of $1" >&2; exit 1; }
}
screenshot "$out" 1100,1400
pixels=$("$count_color" "$out/report.png" $progress_color) || exit 1
echo "screenshot $out/report.png: $pixels timeline pixels"
[ "$pixels" -ge $min_pixels ] ||
	{ echo "the timeline is empty (fewer than $min_pixels pixels)" >&2; exit 1; }

stock=$out-stock
rm -rf "$stock"
"$lutb" run --out "$stock" --kernel-a stock --kernel-b stock >/dev/null
[ -s "$stock/report.html" ] || { echo "no report.html in $stock" >&2; exit 1; }
screenshot "$stock" 1400,900
failed=$("$count_color" "$stock/report.png" $failed_color) || exit 1
tags=$("$count_color" "$stock/report.png" $bme_tag_color) || exit 1
echo "screenshot $stock/report.png (1400x900): $failed failed-verdict pixels, $tags Bus Master tag pixels"
[ "$failed" -ge 500 ] || { echo "the failing verdict is not on the first screen" >&2; exit 1; }
[ "$tags" -ge 500 ] ||
	{ echo "the fabric picture's Bus Master Enable tags are not on the first screen" >&2; exit 1; }
