/** Tells the audio format from a file's first bytes (magic numbers), never from its name. */
import { isMpegFrameChain } from './decoders/mpeg-header.js';

/**
 * The containers/codecs we recognise. The first six decode in-process (WASM); the rest go
 * through ffmpeg. 'mp3' covers all MPEG-1/2/2.5 audio layers (mpg123 decodes I, II and III).
 */
export type AudioFormat =
  | 'wav'
  | 'mp3'
  | 'flac'
  | 'ogg-vorbis'
  | 'ogg-opus'
  | 'ogg-flac'
  | 'ogg'
  | 'mp4'
  | 'aac'
  | 'aiff'
  | 'matroska'
  | 'asf'
  | 'caf'
  | 'ac3'
  | 'amr'
  | 'ape'
  | 'wavpack'
  | 'au'
  | 'w64'
  | 'mpc'
  | 'dsf'
  | 'tta';

/** Human names for messages and `sonicprint info`. */
export const FORMAT_NAMES: Readonly<Record<AudioFormat, string>> = Object.freeze({
  wav: 'WAV',
  mp3: 'MPEG audio (MP3)',
  flac: 'FLAC',
  'ogg-vorbis': 'Ogg Vorbis',
  'ogg-opus': 'Ogg Opus',
  'ogg-flac': 'Ogg FLAC',
  ogg: 'Ogg (other codec)',
  mp4: 'MP4/M4A',
  aac: 'AAC (ADTS)',
  aiff: 'AIFF',
  matroska: 'Matroska/WebM',
  asf: 'ASF/WMA',
  caf: 'Core Audio (CAF)',
  ac3: 'AC-3',
  amr: 'AMR',
  ape: "Monkey's Audio (APE)",
  wavpack: 'WavPack',
  au: 'Sun AU',
  w64: 'Sony Wave64',
  mpc: 'Musepack',
  dsf: 'DSD (DSF)',
  tta: 'True Audio (TTA)',
});

/** How far into the data we look for the first MPEG/ADTS frame when it does not start at byte 0. */
const FRAME_SCAN_LIMIT = 64 * 1024;

function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n && i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * Length of the ID3v2 tag at the start of `head` (header, body and footer), or 0 if none.
 * MP3s (and sometimes FLAC or AAC files) start with one; it can be megabytes of cover art,
 * so callers skip it by reading at this offset rather than searching through it.
 */
export function id3v2Length(head: Uint8Array): number {
  if (head.length < 10 || ascii(head, 0, 3) !== 'ID3' || head[3] === 0xff || head[4] === 0xff) return 0;
  if ((head[6] | head[7] | head[8] | head[9]) & 0x80) return 0; // sizes are 7-bit "syncsafe"
  const size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9];
  const footer = head[5] & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

function isAdtsHeader(b: Uint8Array, at: number): number {
  if (at + 7 > b.length || b[at] !== 0xff || (b[at + 1] & 0xf6) !== 0xf0) return 0;
  if (((b[at + 2] >> 2) & 0x0f) >= 13) return 0;
  const len = ((b[at + 3] & 3) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
  return len >= 7 ? len : 0;
}

function isAdtsChain(b: Uint8Array, at: number, loneOk: boolean): boolean {
  let pos = at;
  for (let i = 0; i < 3; i++) {
    if (pos + 7 > b.length) return i > 1 || (i === 1 && loneOk);
    const len = isAdtsHeader(b, pos);
    if (!len) return false;
    pos += len;
  }
  return true;
}

function sniffOgg(b: Uint8Array): AudioFormat {
  if (b.length < 27) return 'ogg';
  const packet = 27 + b[26];
  const sig = ascii(b, packet, 8);
  if (sig.startsWith('\x01vorbis')) return 'ogg-vorbis';
  if (sig === 'OpusHead') return 'ogg-opus';
  if (sig.startsWith('\x7fFLAC')) return 'ogg-flac';
  return 'ogg';
}

/** Formats identified by a fixed signature at byte 0 (after checks that need more bytes). */
function sniffMagic(b: Uint8Array): AudioFormat | undefined {
  const m4 = ascii(b, 0, 4);
  const at8 = ascii(b, 8, 4);
  if ((m4 === 'RIFF' || m4 === 'RF64' || m4 === 'BW64') && at8 === 'WAVE') return 'wav';
  if (m4 === 'riff' && b[4] === 0x2e && b[5] === 0x91 && b[6] === 0xcf && b[7] === 0x11) return 'w64';
  if (m4 === 'fLaC') return 'flac';
  if (m4 === 'OggS') return sniffOgg(b);
  if (m4 === 'FORM' && (at8 === 'AIFF' || at8 === 'AIFC')) return 'aiff';
  const at4 = ascii(b, 4, 4);
  if (at4 === 'ftyp' || at4 === 'moov') return 'mp4';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'matroska';
  if (b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75 && b[4] === 0x8e && b[5] === 0x66) return 'asf';
  if (m4 === 'caff') return 'caf';
  if (ascii(b, 0, 5) === '#!AMR') return 'amr';
  if (m4 === 'MAC ') return 'ape';
  if (m4 === 'wvpk') return 'wavpack';
  if (m4 === '.snd') return 'au';
  if (m4 === 'MPCK' || ascii(b, 0, 3) === 'MP+') return 'mpc';
  if (m4 === 'DSD ') return 'dsf';
  if (m4 === 'TTA1') return 'tta';
  return undefined;
}

/**
 * The format of the audio whose first bytes are `head`, or undefined if we do not recognise it.
 * Give it at least a few KiB: MPEG and ADTS streams are confirmed by finding three frame
 * headers in a row, and their first frame may come after junk or padding.
 * An ID3v2 tag is skipped when `head` holds what follows it; if it does not, the answer is
 * 'mp3' (an ID3 tag almost always means MP3) and callers wanting certainty re-sniff the bytes
 * at {@link id3v2Length}.
 */
export function sniffFormat(head: Uint8Array): AudioFormat | undefined {
  if (head.length < 4) return undefined;
  const tag = id3v2Length(head);
  if (tag > 0) return tag + 4 <= head.length ? (sniffFormat(head.subarray(tag)) ?? 'mp3') : 'mp3';
  const magic = sniffMagic(head);
  if (magic) return magic;
  if (isMpegFrameChain(head, 0, 2, true)) return 'mp3';
  if (isAdtsChain(head, 0, true)) return 'aac';
  if (head[0] === 0x0b && head[1] === 0x77) return 'ac3';
  // Some files have junk or zero padding before the first frame: look further, but demand a chain.
  const limit = Math.min(head.length - 4, FRAME_SCAN_LIMIT);
  for (let i = 1; i < limit; i++) {
    if (head[i] !== 0xff) continue;
    if (isMpegFrameChain(head, i, 2)) return 'mp3';
    if (isAdtsChain(head, i, false)) return 'aac';
  }
  return undefined;
}

function printableRatio(b: Uint8Array): number {
  let ok = 0;
  for (const c of b) if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d || c >= 0x80) ok++;
  return b.length === 0 ? 0 : ok / b.length;
}

/**
 * Says what unrecognised bytes look like, for error messages: "looks like an HTML page,
 * starts with '<html>'", "looks like a PNG image", "starts with bytes 3f 8a 00 12 ...".
 * Users who feed us the wrong file (a download that was really an error page, a cover image)
 * can see at once what they have.
 */
export function describeBytes(head: Uint8Array): string {
  if (head.length === 0) return 'is empty';
  const b = head.subarray(0, 512);
  const kinds: [boolean, string][] = [
    [b[0] === 0x89 && ascii(b, 1, 3) === 'PNG', 'a PNG image'],
    [b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, 'a JPEG image'],
    [ascii(b, 0, 4) === 'GIF8', 'a GIF image'],
    [ascii(b, 0, 4) === 'PK\x03\x04', 'a ZIP archive'],
    [b[0] === 0x1f && b[1] === 0x8b, 'a gzip archive'],
    [ascii(b, 0, 4) === '\x7fELF', 'a program (ELF executable)'],
    [ascii(b, 0, 4) === 'MThd', 'a MIDI file (notes, not audio)'],
    [ascii(b, 0, 5) === '%PDF-', 'a PDF document'],
  ];
  for (const [hit, what] of kinds) if (hit) return `looks like ${what}`;
  if (b.every((c) => c === 0)) return `starts with ${b.length} zero bytes`;
  if (!b.includes(0) && printableRatio(b) > 0.95) {
    let text = new TextDecoder('utf-8', { fatal: false }).decode(b).replace(/^\uFEFF/, '').trimStart();
    const lower = text.slice(0, 200).toLowerCase();
    const what = /^<!doctype html|^<html|<head>|<body/.test(lower)
      ? 'an HTML page'
      : lower.startsWith('<?xml')
        ? 'an XML document'
        : /^[[{]/.test(lower)
          ? 'JSON or other text'
          : 'text';
    text = text.split(/\r?\n/)[0].slice(0, 24);
    return `looks like ${what}, starts with '${text}'`;
  }
  const hex = Array.from(b.subarray(0, 8), (c) => c.toString(16).padStart(2, '0')).join(' ');
  return `starts with bytes ${hex}${b.length > 8 ? ' ...' : ''}`;
}
