import { describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import {
  confusionMatrix,
  genreMapping,
  homogeneityRanking,
  similarityBins,
  similarityHeatmap,
  similarityHistograms,
  topMatchesBar,
  uniqueLabels,
} from './charts.js';
import { externalReferences, markItems, svgTexts } from './inspect.js';
import { renderSvg, type VegaLiteSpec } from './render.js';
import {
  TRICKY_NAME,
  sampleArtistSimilarities,
  sampleConfusion,
  sampleGenreMapping,
  sampleHomogeneity,
  sampleSimilarityMatrix,
  sampleTopMatches,
} from '../../test/report-samples.js';
import { PALETTE } from './theme.js';

/** Renders and fails the test on any Vega(-Lite) warning: a silently dropped encoding is a bug. */
async function render(spec: VegaLiteSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (w) => warnings.push(w) });
  expect(warnings).toEqual([]);
  expect(externalReferences(svg)).toEqual([]);
  return svg;
}

type Row = Record<string, unknown>;
const rowsOf = (spec: VegaLiteSpec): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('similarityHistograms', () => {
  const artists = sampleArtistSimilarities();

  it('draws one panel per artist with the score in its title and shared bins', async () => {
    const spec = similarityHistograms(artists);
    const svg = await render(spec);
    const texts = svgTexts(svg);
    for (const a of artists) {
      expect(texts).toContain(a.artist);
      expect(texts.some((t) => t.startsWith(`score ${a.score!.toFixed(3)} \u00b7 ${a.matchedQueries}/39 queries`))).toBe(true);
    }
    expect(texts).toContain(TRICKY_NAME);
    expect(svg).toContain('>Tom &amp; "Jerry\'s" &lt;Band&gt;</tspan>');
    expect(texts.filter((t) => t === 'Cosine similarity')).toHaveLength(3); // bottom row of a 3-column grid
    expect(texts.filter((t) => t === 'Frequency')).toHaveLength(artists.length);
    // One bar per non-empty bin, and the bins hold every comparison exactly once.
    const bins = rowsOf(spec).filter((r) => r.count !== undefined);
    expect(markItems(svg, 'rect')).toHaveLength(bins.length);
    for (const a of artists) {
      const panel = bins.filter((r) => String(r.panel).startsWith(`${a.artist}\n`));
      expect(panel.reduce((s, r) => s + (r.count as number), 0)).toBe(a.similarities.length);
    }
    // Mean lines: one per artist.
    expect(markItems(svg, 'rule')).toHaveLength(artists.length);
  });

  it('shares one x domain [min..1] across panels', () => {
    const spec = similarityHistograms([
      { artist: 'A', similarities: [0.52, 0.9] },
      { artist: 'B', similarities: [0.31, 1] },
    ]);
    const json = JSON.stringify(spec);
    expect(json).toContain('"domain":[0.3,1]');
    const bins = rowsOf(spec).filter((r) => r.count !== undefined);
    expect(Math.min(...bins.map((r) => r.x0 as number))).toBe(0.3);
    expect(Math.max(...bins.map((r) => r.x1 as number))).toBe(1);
    // Without a score the title shows the mean.
    expect(String(rowsOf(spec)[0].panel)).toBe('A\nmean 0.710 \u00b7 n=2');
  });

  it('chooses sensible bins over [min..1]', () => {
    expect(similarityBins(0.3)).toEqual({ lo: 0.3, step: 0.05, count: 14 });
    expect(similarityBins(0.317)).toEqual({ lo: 0.3, step: 0.05, count: 14 });
    expect(similarityBins(0.9)).toEqual({ lo: 0.9, step: 0.005, count: 20 });
    expect(similarityBins(0.62)).toEqual({ lo: 0.62, step: 0.02, count: 19 });
    expect(similarityBins(-0.5)).toEqual({ lo: -0.5, step: 0.1, count: 15 });
    expect(similarityBins(1)).toEqual({ lo: 0.995, step: 0.005, count: 1 });
    expect(similarityBins(0.3, { binStep: 0.1 })).toEqual({ lo: 0.3, step: 0.1, count: 7 });
    expect(similarityBins(0.3, { maxBins: 100 })).toEqual({ lo: 0.3, step: 0.01, count: 70 });
  });

  it('puts 1.0 in the last bin and the minimum in the first', () => {
    const spec = similarityHistograms([{ artist: 'A', similarities: [0.3, 1, 1.0000001] }], { binStep: 0.1 });
    const bins = rowsOf(spec).filter((r) => r.count !== undefined);
    expect(bins).toEqual([
      expect.objectContaining({ x0: 0.3, x1: 0.4, count: 1 }),
      expect.objectContaining({ x0: 0.9, x1: 1, count: 2 }),
    ]);
  });

  it('names the bad value', () => {
    expect(() => similarityHistograms([])).toThrow(/artists must hold at least 1 item/);
    expect(() => similarityHistograms([{ artist: 'A', similarities: [0.5, 0.2, 1.5] }])).toThrow(/artists\[0\]\.similarities\[2\] must be a cosine similarity in \[-1, 1\], got 1\.5/);
    expect(() => similarityHistograms([{ artist: 'A', similarities: [NaN] }])).toThrow(ParameterError);
    expect(() => similarityHistograms([{ artist: 'A', similarities: [] }])).toThrow(/artists\[0\]\.similarities must hold at least 1/);
    expect(() => similarityHistograms([{ artist: 'A', similarities: [0.5] }], { columns: 0 })).toThrow(/columns must be a positive integer, got 0/);
  });
});

describe('topMatchesBar', () => {
  it('ranks by score, keeps the top k, prints scores and highlights', async () => {
    const items = sampleTopMatches();
    const spec = topMatchesBar([...items].reverse(), { k: 10 });
    const svg = await render(spec);
    const bars = markItems(svg, 'rect');
    expect(bars).toHaveLength(10);
    expect(bars.filter((b) => b.includes(`fill="${PALETTE.accent}"`))).toHaveLength(1);
    const texts = svgTexts(svg);
    expect(texts).toContain('1. Here Comes the Sun \u2014 The Beatles');
    expect(texts).toContain('0.812 \u00b7 12 queries');
    expect(texts).not.toContain('11. Sultans of Swing \u2014 Dire Straits');
    expect(texts).toContain('Similarity score');
    expect(texts).toContain('Top 10 of 12.');
    // The tricky label is escaped in the markup (and cut to the label limit).
    expect(texts.some((t) => t.startsWith('6. Sunday <Morning> & "Coffee"'))).toBe(true);
    expect(svg).toContain('6. Sunday &lt;Morning&gt; &amp;');
    expect(rowsOf(spec).map((r) => r.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a).slice(0, 10));
  });

  it('keeps duplicate labels apart and validates', () => {
    const spec = topMatchesBar([{ label: 'Intro', score: 0.5 }, { label: 'Intro', score: 0.4 }], { ranks: false });
    expect(rowsOf(spec).map((r) => r.label)).toEqual(['Intro', 'Intro (2)']);
    expect(() => topMatchesBar([{ label: 'x', score: Infinity }])).toThrow(/items\[0\]\.score must be a finite number/);
    expect(() => topMatchesBar([{ label: 'x', score: 1 }], { domain: [1, 0] })).toThrow(/domain must be \[low, high\]/);
  });
});

describe('similarityHeatmap', () => {
  it('draws n x n cells with a colour legend and every track on both axes', async () => {
    const { labels, matrix } = sampleSimilarityMatrix(12);
    const svg = await render(similarityHeatmap(labels, matrix));
    expect(markItems(svg, 'rect')).toHaveLength(144);
    const texts = svgTexts(svg);
    for (const l of labels) expect(texts.filter((t) => t === l)).toHaveLength(2);
    expect(texts).toContain('Cosine similarity');
    expect(markItems(svg, 'rect', 'legend-gradient')).toHaveLength(1);
    expect(svg).toContain('Rivers Run Red &lt;Live &amp; &quot;Loud&quot;&gt;');
  });

  it('stays readable at 60 tracks', async () => {
    const { labels, matrix } = sampleSimilarityMatrix(60);
    const svg = await render(similarityHeatmap(labels, matrix));
    expect(markItems(svg, 'rect')).toHaveLength(3600);
    const cell = /<path d="M0,0h([\d.]+)v([\d.]+)/.exec(markItems(svg, 'rect')[0])!;
    expect(Number(cell[1])).toBeGreaterThanOrEqual(11);
    const labelSizes = markItems(svg, 'text', 'axis-label').map((t) => Number(/font-size="([\d.]+)px"/.exec(t)![1]));
    expect(labelSizes).toHaveLength(120);
    expect(Math.min(...labelSizes)).toBeGreaterThanOrEqual(10);
  });

  it('uses viridis over [min..1], or a diverging scale around 0 when similarities go negative', () => {
    const positive = JSON.stringify(similarityHeatmap(['a', 'b'], [[1, 0.64], [0.64, 1]]));
    expect(positive).toContain('"scheme":"viridis"');
    expect(positive).toContain('"domain":[0.6,1]');
    const negative = JSON.stringify(similarityHeatmap(['a', 'b'], [[1, -0.2], [-0.2, 1]]));
    expect(negative).toContain('"scheme":"redblue"');
    expect(negative).toContain('"domain":[-1,1],"domainMid":0');
    expect(JSON.stringify(similarityHeatmap(['a', 'b'], [[1, 0.6], [0.6, 1]], { colorScale: 'diverging' }))).toContain('redblue');
  });

  it('checks the matrix against the labels', () => {
    expect(() => similarityHeatmap(['a', 'b'], [[1, 0.5]])).toThrow(/matrix must have 2 rows \(one per label\), got 1/);
    expect(() => similarityHeatmap(['a', 'b'], [[1, 0.5], [0.5]])).toThrow(/matrix\[1\] must have 2 values/);
    expect(() => similarityHeatmap(['a'], [[2]])).toThrow(/matrix\[0\]\[0\] must be a cosine similarity/);
    expect(() => similarityHeatmap(['a'], [[1]], { colorScale: 'rainbow' as 'auto' })).toThrow(/colorScale must be/);
  });
});

describe('homogeneityRanking', () => {
  it('sorts artists by mean similarity and highlights the AI artists in bold accent', async () => {
    const artists = sampleHomogeneity(20);
    const spec = homogeneityRanking(artists);
    const svg = await render(spec);
    expect(markItems(svg, 'symbol')).toHaveLength(artists.length);
    expect(markItems(svg, 'rule')).toHaveLength(artists.length);
    const labels = markItems(svg, 'text', 'axis-label');
    const bold = labels.filter((l) => l.includes('font-weight="bold"'));
    expect(bold).toHaveLength(2);
    for (const b of bold) expect(b).toContain(`fill="${PALETTE.accent}"`);
    const texts = svgTexts(svg);
    expect(texts).toContain('1. Breaking Rust');
    expect(texts).toContain('2. The Velvet Sundown');
    expect(texts).toContain('0.710 \u00b1 0.070 \u00b7 n=39');
    expect(texts.some((t) => t.endsWith(`. ${TRICKY_NAME}`))).toBe(true);
    const means = rowsOf(spec).map((r) => r.mean as number);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  it('samples long libraries by rank and keeps every highlighted artist', () => {
    const artists = sampleHomogeneity(400);
    artists.push({ artist: 'Lowest AI', meanSimilarity: -0.5, std: 0.1, n: 3, highlight: true });
    const spec = homogeneityRanking(artists, { maxRows: 30 });
    const rows = rowsOf(spec);
    expect(rows).toHaveLength(30);
    const labels = rows.map((r) => String(r.label));
    expect(labels[0]).toBe('1. Breaking Rust');
    expect(labels).toContain('2. The Velvet Sundown');
    expect(labels[labels.length - 1]).toBe(`${artists.length}. Lowest AI`);
    expect(JSON.stringify(spec)).toContain(`Showing 30 of ${artists.length} artists`);
  });

  it('validates', () => {
    expect(() => homogeneityRanking([{ artist: 'a', meanSimilarity: 0.5, std: -1, n: 3 }])).toThrow(/artists\[0\]\.std must be >= 0/);
    expect(() => homogeneityRanking([{ artist: 'a', meanSimilarity: 0.5, std: 0.1, n: 2.5 }])).toThrow(/artists\[0\]\.n must be an integer/);
  });
});

describe('confusionMatrix', () => {
  it('draws n x n cells with the counts as text and row-normalised colour', async () => {
    const { labels, counts } = sampleConfusion();
    const spec = confusionMatrix(labels, counts, { rowTitle: 'True genre', columnTitle: 'Nearest neighbour genre' });
    const svg = await render(spec);
    expect(markItems(svg, 'rect')).toHaveLength(100);
    const cellTexts = markItems(svg, 'text').map((t) => t);
    expect(cellTexts).toHaveLength(100);
    const texts = svgTexts(svg);
    for (const l of labels) expect(texts.filter((t) => t === l)).toHaveLength(2);
    expect(texts).toEqual(expect.arrayContaining(['True genre', 'Nearest neighbour genre', 'Share of row']));
    const correct = counts.reduce((s, r, i) => s + r[i], 0);
    expect(texts.some((t) => t.startsWith(`Accuracy ${(correct / 10).toFixed(1)}% (${correct}/1000).`))).toBe(true);
    for (const r of rowsOf(spec)) expect(r.share).toBeCloseTo((r.count as number) / 100, 9);
  });

  it('normalises each row on its own and tolerates an empty row', () => {
    const rows = rowsOf(confusionMatrix(['a', 'b'], [[3, 1], [0, 0]]));
    expect(rows.map((r) => r.share)).toEqual([0.75, 0.25, 0, 0]);
  });

  it('validates counts', () => {
    expect(() => confusionMatrix(['a', 'b'], [[1, -1], [0, 1]])).toThrow(/counts\[0\]\[1\] must be a count \(integer >= 0\), got -1/);
    expect(() => confusionMatrix(['a', 'b'], [[1, 0.5], [0, 1]])).toThrow(/counts\[0\]\[1\]/);
  });
});

describe('genreMapping', () => {
  it('draws one bar per mapping, labelled "genre → library genre", highest first', async () => {
    const genres = sampleGenreMapping();
    const spec = genreMapping(genres);
    const svg = await render(spec);
    expect(markItems(svg, 'rect')).toHaveLength(genres.length);
    const texts = svgTexts(svg);
    expect(texts).toContain('soul \u2192 blues');
    expect(texts).toContain('dub & <roots> \u2192 reggae');
    expect(texts).toContain('0.992');
    expect(texts).toContain('Cosine similarity of genre centroids');
    expect(rowsOf(spec)[0].label).toBe('progressive metal \u2192 metal');
  });
});

describe('uniqueLabels', () => {
  it('numbers repeats without colliding with existing labels', () => {
    expect(uniqueLabels(['a', 'a', 'a (2)', 'b', 'a'])).toEqual(['a', 'a (3)', 'a (2)', 'b', 'a (4)']);
  });
});

describe('every builder', () => {
  it('keeps data inline and has no URL in the spec', () => {
    const { labels, matrix } = sampleSimilarityMatrix(5);
    const conf = sampleConfusion();
    const specs = [
      similarityHistograms(sampleArtistSimilarities()),
      topMatchesBar(sampleTopMatches()),
      similarityHeatmap(labels, matrix),
      homogeneityRanking(sampleHomogeneity(10)),
      confusionMatrix(conf.labels, conf.counts),
      genreMapping(sampleGenreMapping()),
    ];
    for (const spec of specs) {
      expect(Array.isArray((spec as { data?: { values?: unknown } }).data?.values)).toBe(true);
      expect(JSON.stringify(spec)).not.toMatch(/https?:|"url"|"href"/);
      // Plain JSON: what the CLI's --json would print.
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    }
  });
});
