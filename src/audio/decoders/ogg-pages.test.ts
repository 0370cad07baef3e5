import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODEC_FIXTURES } from '../../../test/audio-gen.js';
import { lastOggGranule, oggPageLength, OggStreamTracker } from './ogg-pages.js';
import { UnitWalker } from './unit-walker.js';

const opus = new Uint8Array(readFileSync(join(CODEC_FIXTURES, 'sine-440-660-stereo-48000.opus')));

/** The page lengths of a whole Ogg file. */
function pages(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at < b.length; ) {
    const n = oggPageLength(b, at);
    if (n <= 0) break;
    out.push(n);
    at += n;
  }
  return out;
}

describe('oggPageLength', () => {
  it('walks a whole file page by page', () => {
    const lengths = pages(opus);
    expect(lengths.length).toBeGreaterThan(5);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(opus.length);
  });

  it('asks for more bytes, or rejects what is not a page', () => {
    expect(oggPageLength(opus.subarray(0, 20), 0)).toBe(-1);
    expect(oggPageLength(Uint8Array.from({ length: 40 }, () => 7), 0)).toBe(0);
  });
});

describe('OggStreamTracker', () => {
  const feed = (bytes: Uint8Array, chunk: number) => {
    const t = new OggStreamTracker();
    const released: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += chunk) released.push(t.push(bytes.subarray(i, i + chunk)));
    return { released: released.reduce((n, r) => n + r.length, 0), end: t.end() };
  };

  it('releases every byte of a whole file and finds it complete', () => {
    for (const chunk of [1, 100, 4096, opus.length]) expect(feed(opus, chunk)).toEqual({ released: opus.length, end: undefined });
  });

  it('holds back a cut last page and reports the cut', () => {
    const cut = opus.subarray(0, opus.length - 500);
    const r = feed(cut, 333);
    const whole = pages(opus);
    const completeBytes = whole.slice(0, -1).reduce((a, b) => a + b, 0);
    expect(r.released).toBeLessThanOrEqual(completeBytes);
    expect(r.end).toMatch(/^truncated: the file ends inside Ogg page \d+ \(byte \d+, \d+ bytes missing\)$/);
  });

  it('reports a file cut between pages (no end-of-stream page)', () => {
    const whole = pages(opus);
    const cut = opus.subarray(0, whole.slice(0, -2).reduce((a, b) => a + b, 0));
    expect(feed(cut, 4096).end).toBe('truncated: the Ogg stream ends without its end-of-stream page');
  });
});

describe('lastOggGranule', () => {
  it('reads the length from the last page', () => {
    // Opus granules count 48 kHz samples including the encoder's pre-skip (312 for libopus).
    expect(lastOggGranule(opus.subarray(opus.length - 2000))).toBe(48000 + 312);
  });
});

describe('UnitWalker', () => {
  // Units of the form [length, ...length-1 bytes].
  const unit = (b: Uint8Array, at: number) => (at >= b.length ? -1 : b[at]);
  const stream = Uint8Array.of(3, 0, 0, 2, 0, 4, 0, 0, 0, 1);

  it('follows units across any chunking', () => {
    for (const size of [1, 2, 3, 10]) {
      const w = new UnitWalker(unit);
      for (let i = 0; i < stream.length; i += size) w.push(stream.subarray(i, i + size));
      expect(w.end()).toEqual({ kind: 'complete', units: 4 });
    }
  });

  it('tells a cut unit from junk', () => {
    const cut = new UnitWalker(unit);
    cut.push(stream.subarray(0, 7));
    expect(cut.end()).toEqual({ kind: 'partial', units: 3, missing: 2, unitAt: 5 });
    expect(cut.completeEnd).toBe(5);
    const junk = new UnitWalker(unit);
    junk.push(Uint8Array.of(2, 0, 0, 9));
    expect(junk.end()).toEqual({ kind: 'lost', units: 1, at: 2 });
  });
});
