import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { toMono } from './mono.js';
import { PcmCollector, spanFrames, toTimeSpan } from './span.js';

describe('toTimeSpan', () => {
  it('defaults offset to 0 and duration to everything', () => {
    expect(toTimeSpan({})).toEqual({ offset: 0 });
    expect(toTimeSpan({ offset: 1.5, duration: 2 })).toEqual({ offset: 1.5, duration: 2 });
  });

  it.each([{ offset: -0.1 }, { offset: Number.NaN }, { offset: Infinity }, { duration: 0 }, { duration: -1 }, { duration: Number.NaN }])(
    'rejects %o',
    (opts) => {
      expect(() => toTimeSpan(opts)).toThrow(ParameterError);
    },
  );

  it('names the parameter and value', () => {
    expect(() => toTimeSpan({ duration: -3 })).toThrow('duration must be a finite number of seconds > 0, got -3');
  });
});

describe('spanFrames', () => {
  it('truncates like librosa (int(offset * sr)), tolerating binary rounding', () => {
    expect(spanFrames({ offset: 0.5, duration: 0.25 }, 44100)).toEqual({ start: 22050, end: 33075 });
    expect(spanFrames({ offset: 0.3333 }, 44100)).toEqual({ start: 14698, end: Infinity });
    expect(spanFrames({ offset: 0.29, duration: 0.29 }, 100)).toEqual({ start: 29, end: 58 });
  });
});

describe('PcmCollector', () => {
  const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);
  const feed = (c: PcmCollector, sizes: number[]) => {
    let at = 0;
    for (const n of sizes) {
      if (c.done) break;
      c.push([ramp(at, n), ramp(-at - n, n)], n, 10);
      at += n;
    }
  };

  it('keeps exactly the span across chunk boundaries', () => {
    const c = new PcmCollector({ offset: 0.75, duration: 1.2 });
    feed(c, [3, 4, 1, 7, 5, 9, 30]);
    expect(c.done).toBe(true);
    const [a, b] = c.finish();
    expect([...a]).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(b.length).toBe(12);
    expect(c.sampleRate).toBe(10);
  });

  it('is not done without a duration, and keeps everything from the offset', () => {
    const c = new PcmCollector({ offset: 0 });
    feed(c, Array(100).fill(1000));
    expect(c.done).toBe(false);
    const [a] = c.finish();
    expect(a.length).toBe(100_000);
    expect(a[99_999]).toBe(99_999);
  });

  it('sizes the output exactly when the total is known, and still copes if it was wrong', () => {
    const exact = new PcmCollector({ offset: 0 }, { expectedFrames: () => 50 });
    feed(exact, [20, 20, 10]);
    expect(exact.finish()[0].length).toBe(50);
    const wrong = new PcmCollector({ offset: 0 }, { expectedFrames: () => 10 });
    feed(wrong, [20, 20, 10]);
    expect([...wrong.finish()[0]]).toEqual([...ramp(0, 50)]);
  });

  it('lets callers skip converting frames before the span', () => {
    const c = new PcmCollector({ offset: 2.5, duration: 0.3 });
    expect(c.skip(20, 1, 10)).toBe(true);
    expect(c.skip(10, 1, 10)).toBe(false); // frames 25.. are wanted
    c.push([ramp(20, 10)], 10, 10);
    expect(c.framesSeen).toBe(30);
    expect([...c.finish()[0]]).toEqual([25, 26, 27]);
  });

  it('mono: mixes each chunk as it comes, exactly as toMono mixes the planar result', () => {
    for (const channels of [1, 2, 3, 8]) {
      // Non-integer samples, so the mean rounds (the ramp alone would mix exactly).
      const chunk = (at: number, n: number) => Array.from({ length: channels }, (_, c) => ramp(at, n).map((x) => Math.sin(x * (c + 1)) / 3));
      const planar = new PcmCollector({ offset: 0.75, duration: 1.2 });
      const mixed = new PcmCollector({ offset: 0.75, duration: 1.2 }, { mono: true, expectedFrames: () => 40 });
      let at = 0;
      for (const n of [3, 4, 1, 7, 5, 9, 30]) {
        planar.push(chunk(at, n), n, 10);
        mixed.push(chunk(at, n), n, 10);
        at += n;
      }
      expect(mixed.channelCount).toBe(channels);
      const out = mixed.finish();
      expect(out.length).toBe(1);
      expect(out[0]).toEqual(toMono({ channels: planar.finish(), sampleRate: 10 }));
    }
  });

  it('ignores empty chunks and rejects a format change', () => {
    const c = new PcmCollector({ offset: 0 });
    c.push([], 0, 0);
    c.push([ramp(0, 4)], 4, 8000);
    expect(() => c.push([ramp(0, 4), ramp(0, 4)], 4, 8000)).toThrow(/changes format/);
  });
});
