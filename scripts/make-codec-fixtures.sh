#!/usr/bin/env bash
# Regenerates test/fixtures/codecs/: tiny FLAC, Ogg FLAC, Opus, AAC (M4A and ADTS) and AIFF files of generated tones, made with ffmpeg.
# The decoder tests read these; WAV, MP3 and Ogg Vorbis test audio is generated inside the tests instead. See the README there.
# Usage: scripts/make-codec-fixtures.sh   (needs ffmpeg on PATH; output is deterministic for one ffmpeg version)
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/codecs"
mkdir -p "$out"

# -bitexact and -map_metadata -1 keep encoder version strings and dates out of the files.
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
common=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)

# 1.0 s, 440 Hz left / 660 Hz right, 44.1 kHz stereo, 16-bit FLAC.
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*660*t):s=44100:d=1" \
  "${common[@]}" -c:a flac -sample_fmt s16 -compression_level 8 "$out/sine-440-660-stereo-44100.flac"

# 1.0 s, 440 Hz, 22.05 kHz mono, 24-bit FLAC inside Ogg, 100 ms pages (so a cut file still has whole pages).
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=22050:d=1" \
  "${common[@]}" -c:a flac -sample_fmt s32 -bits_per_raw_sample 24 -f ogg -page_duration 100000 "$out/sine-440-mono-22050.oga"

# 1.0 s, 440 Hz left / 660 Hz right, 48 kHz stereo Opus at 64 kb/s, 100 ms pages.
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*660*t):s=48000:d=1" \
  "${common[@]}" -c:a libopus -b:a 64k -page_duration 100000 "$out/sine-440-660-stereo-48000.opus"

# 1.0 s, 440 Hz left / 660 Hz right, 44.1 kHz stereo AAC-LC in M4A (decoded through ffmpeg).
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t)|0.5*sin(2*PI*660*t):s=44100:d=1" \
  "${common[@]}" -c:a aac -b:a 96k "$out/sine-440-660-stereo-44100.m4a"

# The same AAC as a raw ADTS stream (sniffed as 'aac', decoded through ffmpeg).
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=1" \
  "${common[@]}" -c:a aac -b:a 64k -f adts "$out/sine-440-mono-44100.aac"

# 1.0 s, 440 Hz, 16 kHz mono, 16-bit big-endian AIFF (sniffed as 'aiff', decoded through ffmpeg).
ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*440*t):s=16000:d=1" \
  "${common[@]}" -c:a pcm_s16be "$out/sine-440-mono-16000.aiff"

ls -l "$out"
