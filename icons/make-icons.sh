#!/usr/bin/env bash
# Draws the application icon (a deep red shield with a gold rim and a yellow star) and
# writes every size Tauri's bundler needs into this folder. Needs ImageMagick 6
# (`convert`) and python3 (only for icon.icns, written by hand: no png2icns here).
# The results are committed; run this again only to change the drawing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The star: ten points alternating between the outer and inner radius.
star=$(python3 -c '
import math
cx, cy, R = 512, 500, 250
r = R * 0.382
print(" ".join(f"{cx + (R if i % 2 == 0 else r) * math.cos(-math.pi / 2 + i * math.pi / 5):.1f},"
               f"{cy + (R if i % 2 == 0 else r) * math.sin(-math.pi / 2 + i * math.pi / 5):.1f}"
               for i in range(10)))')

convert -size 1024x1024 xc:none -stroke none \
    -fill '#FFC107' -draw "path 'M 140,170 Q 512,40 884,170 L 884,520 Q 884,820 512,990 Q 140,820 140,520 Z'" \
    -fill '#B71C1C' -draw "path 'M 180,200 Q 512,90 844,200 L 844,520 Q 844,790 512,945 Q 180,790 180,520 Z'" \
    -fill '#FFD600' -draw "polygon $star" \
    -depth 8 "PNG32:$tmp/1024.png"

size() { convert "$tmp/1024.png" -filter Lanczos -resize "$1x$1" -depth 8 \
    -define png:compression-level=9 "PNG32:$2"; }

for s in 16 24 32 48 64 128 256 512; do size "$s" "$tmp/$s.png"; done
cp "$tmp/32.png" 32x32.png
cp "$tmp/128.png" 128x128.png
cp "$tmp/256.png" 128x128@2x.png
cp "$tmp/512.png" icon.png
# Windows: one .ico with 16 to 256 pixels (the 256 one stored as PNG).
convert "$tmp"/{16,24,32,48,64,128,256}.png icon.ico

# macOS: an .icns is a header and a list of (type, length, PNG) entries.
python3 - "$tmp" <<'PY'
import struct, sys
tmp = sys.argv[1]
entries = [("icp4", 16), ("icp5", 32), ("ic07", 128), ("ic08", 256), ("ic09", 512), ("ic10", 1024)]
body = b""
for kind, px in entries:
    data = open(f"{tmp}/{px}.png", "rb").read()
    body += kind.encode() + struct.pack(">I", len(data) + 8) + data
open("icon.icns", "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
echo "icons written: $(ls)"
