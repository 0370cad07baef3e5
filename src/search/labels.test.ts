import { describe, expect, it } from 'vitest';
import { compareStrings, encodeLabels, rowDetails } from './labels.js';

describe('encodeLabels', () => {
  it('sorts distinct labels by code point, counts rows, and maps unknown to -1', () => {
    const e = encodeLabels(['b', 'a', null, 'b', '', 'B', undefined], 'artist', 7);
    expect(e.names).toEqual(['B', 'a', 'b']);
    expect(Array.from(e.ids)).toEqual([2, 1, -1, 2, -1, 0, -1]);
    expect(Array.from(e.counts)).toEqual([1, 1, 2]);
  });

  it('requires one label per row, naming the parameter', () => {
    expect(() => encodeLabels(['a'], 'labels.artist', 2)).toThrow(/labels.artist: has 1 entries, but the index has 2 rows/);
  });

  it('compareStrings is locale-independent', () => {
    expect(['é', 'z', 'a', 'Z'].sort(compareStrings)).toEqual(['Z', 'a', 'z', 'é']);
  });

  it('rowDetails copies only the fields present', () => {
    expect(rowDetails({ title: ['x', 'y'] }, 1)).toEqual({ title: 'y' });
    expect(rowDetails(undefined, 0)).toEqual({});
  });
});
