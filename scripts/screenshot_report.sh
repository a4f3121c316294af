#!/bin/sh
# Render an HTML report in headless Chromium and save a PNG screenshot.
#
#   scripts/screenshot_report.sh build/report.html /tmp/report.png [WIDTHxHEIGHT]
#
# Offline by construction: no network features, a throw-away profile, file:// only.
# Exit codes: 0 screenshot written, 1 Chromium failed or wrote nothing, 2 usage.
set -eu

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
    exit 2
fi
report=$1
out=$2
size=$(printf '%s' "${3:-1200x1600}" | tr 'x' ',')

if [ ! -f "$report" ]; then
    echo "$0: $report: no such file" >&2
    exit 2
fi
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for candidate in chromium chromium-browser google-chrome; do
        if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "$0: chromium is not installed (apt-get install chromium)" >&2
    exit 1
fi

report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
case "$out" in /*) out_abs=$out ;; *) out_abs=$(pwd)/$out ;; esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
rm -f "$out_abs"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --screenshot="$out_abs" --window-size="$size" \
    "file://$report_abs" >/dev/null 2>&1 || true

if [ ! -s "$out_abs" ]; then
    echo "$0: chromium wrote no screenshot to $out_abs" >&2
    exit 1
fi
echo "$out_abs"
