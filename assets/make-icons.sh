#!/usr/bin/env bash
# Renders the app icon from its SVG sources into every file the installers use, and writes them beside this script:
#   icons/rnn-explorer-<N>.png  N = 16 24 32 48 64 128 256 512 (16 and 24 from icon-small.svg, the rest from icon.svg)
#   icons/rnn-explorer.ico      Windows (16-256 px)
#   icons/rnn-explorer.icns     macOS (16-512 px)
# The outputs are committed, so building an installer needs none of these tools. Needs rsvg-convert (Debian:
# librsvg2-bin), icotool (icoutils) and png2icns (icnsutils). On macOS without png2icns, make the .icns with
# iconutil instead: see installer/macos/README.md.
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || { echo "make-icons.sh: $tool not found (apt-get install librsvg2-bin icoutils icnsutils)" >&2; exit 1; }
done

mkdir -p icons
render() { # size source
    rsvg-convert --width "$1" --height "$1" --keep-aspect-ratio "$2" --output "icons/rnn-explorer-$1.png"
}
for size in 16 24; do render "$size" icon-small.svg; done
for size in 32 48 64 128 256 512; do render "$size" icon.svg; done

icotool --create --output icons/rnn-explorer.ico \
    icons/rnn-explorer-{16,24,32,48,64,128}.png --raw=icons/rnn-explorer-256.png
# png2icns picks each image's slot from its size; 16, 32, 48, 128, 256 and 512 are the sizes it knows.
png2icns icons/rnn-explorer.icns icons/rnn-explorer-{16,32,48,128,256,512}.png >/dev/null
ls -l icons
