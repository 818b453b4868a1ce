#!/bin/sh
# A run's report.html must render in headless Chromium with a timeline on
# it: take a screenshot and count the pixels of the DMA progress colour.
# Usage: report-screenshot.sh LUTB PNG_COUNT_COLOR OUT_DIR
set -u
lutb=$1
count_color=$2
out=$3
progress_color=1a5fb4	# .progress in src/report/report_html.c
min_pixels=300

rm -rf "$out"
"$lutb" run --out "$out" >/dev/null	# any verdict will do: this tests the page
[ -s "$out/report.html" ] || { echo "no report.html in $out" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --window-size=1100,1400 \
	--screenshot="$out/report.png" "file://$out/report.html" >/dev/null 2>&1
[ -s "$out/report.png" ] || { echo "chromium took no screenshot" >&2; exit 1; }
pixels=$("$count_color" "$out/report.png" $progress_color) || exit 1
echo "screenshot $out/report.png: $pixels timeline pixels"
[ "$pixels" -ge $min_pixels ] ||
	{ echo "the timeline is empty (fewer than $min_pixels pixels)" >&2; exit 1; }
