#!/usr/bin/env bash
# Builds the development corpus of real, human-made music used by `npm run bench` for retrieval
# quality: game soundtracks that Debian ships (GPL / CC licensed; not redistributed by us).
# One folder per soundtrack (used as the "genre" label); composers come from the files' tags.
#   usage: scripts/make-dev-corpus.sh [DIR]   (default /tmp/sonicprint-corpus; needs root for apt-get)
set -euo pipefail
out=${1:-/tmp/sonicprint-corpus}
apt-get install -y -qq ufoai-music nexuiz-music wesnoth-1.16-music >/dev/null
mkdir -p "$out/wesnoth" "$out/nexuiz" "$out/ufoai"
cp /usr/share/games/wesnoth/1.16/data/core/music/*.ogg "$out/wesnoth/"
tmp=$(mktemp -d)
unzip -q -o /usr/share/games/nexuiz/data/music.pk3 -d "$tmp/nexuiz"
unzip -q -o /usr/share/games/ufoai/base/0music.pk3 -d "$tmp/ufoai"
cp "$tmp"/nexuiz/sound/cdtracks/*.ogg "$out/nexuiz/"
cp "$tmp"/ufoai/music/*.ogg "$out/ufoai/"
rm -rf "$tmp"
echo "$(find "$out" -name '*.ogg' | wc -l) tracks in $out"
