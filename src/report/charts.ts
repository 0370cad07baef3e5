/** Chart builders: pure functions from plain result data to Vega-Lite specs (data inline, no URLs). */
import { ParameterError } from '../errors.js';
import type { VegaLiteSpec } from './render.js';
import { PALETTE, SIZES } from './theme.js';
import { textWidth } from './text-metrics.js';

/** Title and subtitle every builder accepts. */
export interface ChartTextOptions {
  /** Chart title; each builder has a default. */
  title?: string;
  /** One line or several under the title. */
  subtitle?: string | string[];
}

// ---------------------------------------------------------------------------------------------
// validation and small helpers

function fail(message: string): never {
  throw new ParameterError(message);
}

function checkArray(name: string, value: unknown, minLength = 1): asserts value is unknown[] {
  if (!Array.isArray(value)) fail(`${name} must be an array, got ${value === null ? 'null' : typeof value}`);
  if (value.length < minLength) fail(`${name} must hold at least ${minLength} item${minLength === 1 ? '' : 's'}, got ${value.length}`);
}

function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${name} must be a finite number, got ${String(value)}`);
  return value;
}

function checkLabel(name: string, value: unknown): string {
  if (typeof value !== 'string') fail(`${name} must be a string, got ${value === null ? 'null' : typeof value}`);
  // Newlines would split a label over lines in some marks and not others; one line everywhere.
  return value.replace(/\s+/g, ' ').trim();
}

function checkPositiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** Cosine similarities may overshoot 1 by rounding; anything further out is a caller's bug. */
function checkCosine(name: string, value: unknown): number {
  const v = checkFinite(name, value);
  if (v < -1 - 1e-3 || v > 1 + 1e-3) fail(`${name} must be a cosine similarity in [-1, 1], got ${v}`);
  return Math.min(1, Math.max(-1, v));
}

/** Makes labels unique ("Intro", "Intro (2)") so nominal scales keep one row per item. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(labels);
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    if (count === 1) return label;
    let k = count;
    let candidate = `${label} (${k})`;
    while (taken.has(candidate)) candidate = `${label} (${++k})`;
    taken.add(candidate);
    return candidate;
  });
}

const fixed = (x: number, decimals: number) => x.toFixed(decimals);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** Rounds away float noise in computed bin edges and domains (0.30000000000000004 -> 0.3). */
const tidy = (x: number) => Math.round(x * 1e9) / 1e9;

function titleOf(opts: ChartTextOptions, fallback: string, subtitle?: string | string[]) {
  const sub = opts.subtitle ?? subtitle;
  return sub === undefined || (Array.isArray(sub) && sub.length === 0) ? { text: opts.title ?? fallback } : { text: opts.title ?? fallback, subtitle: sub };
}

/** Widest label in px at the axis font size, capped at the label limit. */
function labelExtent(labels: readonly string[], fontSize = SIZES.labelFontSize): number {
  return Math.min(SIZES.labelLimit, Math.max(0, ...labels.map((l) => textWidth(l, fontSize))));
}

// ---------------------------------------------------------------------------------------------
// similarity histograms (seed 000: one per top artist)

/** One top artist: the cosine similarities between the AI artist's tracks and this artist's tracks. */
export interface ArtistSimilarities {
  artist: string;
  /** Cosine similarities in [-1, 1], one per (query track, artist track) comparison. */
  similarities: readonly number[];
  /** The artist's final score (e.g. mean similarity x consistency weight), shown in the panel title. */
  score?: number;
  /** Query tracks that matched this artist, shown as `matched/queries` beside the score. */
  matchedQueries?: number;
  totalQueries?: number;
}

export interface SimilarityHistogramOptions extends ChartTextOptions {
  /** Panels per row (default 3). */
  columns?: number;
  /** Bin width; default: the smallest of 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5 giving <= maxBins bins. */
  binStep?: number;
  /** Most bins over [min, 1] when binStep is not given (default 25). */
  maxBins?: number;
  /** One y scale for all panels (default false: each artist's counts fill its own panel). */
  sharedY?: boolean;
  /** Panel size in px (default 220 x 120). */
  panelWidth?: number;
  panelHeight?: number;
  /** Decimals of scores in titles (default 3). */
  decimals?: number;
  xTitle?: string;
  yTitle?: string;
}

const BIN_STEPS = [0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5];

/** Bin edges over [lo, 1]: lo is the data minimum floored to the step, so every panel shares one x domain. */
export function similarityBins(min: number, opts: { binStep?: number; maxBins?: number } = {}): { lo: number; step: number; count: number } {
  const maxBins = opts.maxBins === undefined ? 25 : checkPositiveInt('maxBins', opts.maxBins);
  const floorTo = (x: number, s: number) => tidy(Math.floor(x / s + 1e-9) * s);
  let step: number;
  if (opts.binStep !== undefined) {
    step = checkFinite('binStep', opts.binStep);
    if (step <= 0 || step > 2) fail(`binStep must be in (0, 2], got ${step}`);
  } else {
    step = BIN_STEPS.find((s) => Math.round((1 - Math.min(floorTo(min, s), 1 - s)) / s) <= maxBins) ?? 0.5;
  }
  const lo = Math.max(-1, Math.min(floorTo(min, step), tidy(1 - step)));
  return { lo, step, count: Math.max(1, Math.ceil(tidy((1 - lo) / step))) };
}

/**
 * Small multiples, one histogram per top artist (seed 000): x is the cosine similarity between each AI
 * track and each of the artist's tracks, y how many comparisons fall in each bin. All panels share the
 * x domain [min..1] and the bins; a dashed line marks each artist's mean; panel titles carry the score.
 */
export function similarityHistograms(artists: readonly ArtistSimilarities[], opts: SimilarityHistogramOptions = {}): VegaLiteSpec {
  checkArray('artists', artists);
  const decimals = opts.decimals ?? 3;
  const columns = opts.columns === undefined ? Math.min(3, artists.length) : checkPositiveInt('columns', opts.columns);
  const width = opts.panelWidth === undefined ? 220 : checkPositiveInt('panelWidth', opts.panelWidth);
  const height = opts.panelHeight === undefined ? 120 : checkPositiveInt('panelHeight', opts.panelHeight);

  const clean = artists.map((a, i) => {
    const artist = checkLabel(`artists[${i}].artist`, a?.artist);
    checkArray(`artists[${i}].similarities`, a.similarities);
    const sims = a.similarities.map((v, j) => checkCosine(`artists[${i}].similarities[${j}]`, v));
    if (a.score !== undefined) checkFinite(`artists[${i}].score`, a.score);
    return { ...a, artist, sims };
  });
  const names = uniqueLabels(clean.map((a) => a.artist));
  const min = Math.min(...clean.map((a) => a.sims.reduce((m, v) => Math.min(m, v), 1)));
  const { lo, step, count } = similarityBins(min, opts);

  const rows: Record<string, string | number>[] = [];
  clean.forEach((a, order) => {
    const mean = a.sims.reduce((s, v) => s + v, 0) / a.sims.length;
    const facts: string[] = [];
    if (a.score !== undefined) facts.push(`score ${fixed(a.score, decimals)}`);
    else facts.push(`mean ${fixed(mean, decimals)}`);
    if (a.matchedQueries !== undefined && a.totalQueries !== undefined) facts.push(`${a.matchedQueries}/${a.totalQueries} queries`);
    facts.push(`n=${a.sims.length}`);
    // Name and facts on two lines: the header label is split on the newline (names have none, see checkLabel).
    const panel = `${names[order]}\n${facts.join(' \u00b7 ')}`;
    const counts = new Array<number>(count).fill(0);
    for (const v of a.sims) counts[clamp(Math.floor((v - lo) / step + 1e-9), 0, count - 1)]++;
    counts.forEach((c, k) => {
      if (c > 0) rows.push({ panel, order, x0: tidy(lo + k * step), x1: tidy(Math.min(1, lo + (k + 1) * step)), count: c });
    });
    rows.push({ panel, order, mean: tidy(mean) });
  });

  const xTitle = opts.xTitle ?? 'Cosine similarity';
  const x = { field: 'x0', type: 'quantitative' as const, title: xTitle, scale: { domain: [lo, 1], nice: false, zero: false } };
  return {
    description: `Histograms of cosine similarity for ${clean.length} artists`,
    title: titleOf(opts, 'Similarity to the top matching artists', [
      `Each panel: cosine similarity of every AI track to every track by that artist (bins of ${step}); dashed line: mean.`,
    ]),
    data: { values: rows },
    columns,
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: { field: 'order', op: 'min' },
      header: { title: null, labelExpr: "split(datum.value, '\\n')", labelAnchor: 'start', labelAlign: 'left', labelLimit: width, labelPadding: 6 },
    },
    spec: {
      width,
      height,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.count)' }],
          // rect, not bar: a bar with x and x2 would be read as a horizontal range bar.
          mark: { type: 'rect', color: PALETTE.bar, stroke: PALETTE.background, strokeWidth: 0.5 },
          encoding: {
            x: { ...x, axis: { tickCount: 5, grid: false } },
            x2: { field: 'x1' },
            y: { field: 'count', type: 'quantitative', title: opts.yTitle ?? 'Frequency', axis: { tickCount: 4, grid: true, tickMinStep: 1 } },
            y2: { datum: 0 },
          },
        },
        {
          transform: [{ filter: 'isValid(datum.mean)' }],
          mark: { type: 'rule', color: PALETTE.accent, strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: { x: { ...x, field: 'mean' } },
        },
      ],
    },
    resolve: { scale: { y: opts.sharedY ? 'shared' : 'independent' } },
  };
}

// ---------------------------------------------------------------------------------------------
// ranked bars (top matches, genre mapping)

export interface RankedItem {
  /** Track ("Landslide — Fleetwood Mac") or artist name. */
  label: string;
  score: number;
  /** Short text after the score, e.g. "38/39 queries". */
  detail?: string;
  /** Draw this bar in the accent colour. */
  highlight?: boolean;
}

export interface RankedBarOptions extends ChartTextOptions {
  /** Keep the first k after sorting by score (default: all). */
  k?: number;
  xTitle?: string;
  /** Decimals of the score labels (default 3). */
  decimals?: number;
  /** Plot width in px (default 420). */
  width?: number;
  /** x domain; default [min(0, lowest score), max(1, highest score)] so bars start at zero. */
  domain?: [number, number];
  /** Prefix labels with their rank ("1. ") (default true). */
  ranks?: boolean;
}

function rankedBars(items: readonly RankedItem[], opts: RankedBarOptions, defaults: { title: string; xTitle: string; subtitle?: string[] }): VegaLiteSpec {
  checkArray('items', items);
  const decimals = opts.decimals ?? 3;
  const width = opts.width === undefined ? 420 : checkPositiveInt('width', opts.width);
  const clean = items.map((it, i) => ({
    label: checkLabel(`items[${i}].label`, it?.label),
    score: checkFinite(`items[${i}].score`, it.score),
    detail: it.detail === undefined ? undefined : checkLabel(`items[${i}].detail`, it.detail),
    highlight: it.highlight === true,
  }));
  // Stable: ties keep the caller's order.
  const sorted = clean.map((it, i) => ({ it, i })).sort((a, b) => b.it.score - a.it.score || a.i - b.i).map((x) => x.it);
  const k = opts.k === undefined ? sorted.length : checkPositiveInt('k', opts.k);
  const top = sorted.slice(0, k);
  const labels = uniqueLabels(top.map((it, r) => (opts.ranks === false ? it.label : `${r + 1}. ${it.label}`)));
  const rows = top.map((it, r) => ({
    label: labels[r],
    score: it.score,
    text: fixed(it.score, decimals) + (it.detail ? ` \u00b7 ${it.detail}` : ''),
    highlight: it.highlight,
  }));
  const lowest = Math.min(...top.map((it) => it.score));
  const highest = Math.max(...top.map((it) => it.score));
  let domain = opts.domain ?? [Math.min(0, lowest), Math.max(1, highest)];
  if (!Array.isArray(domain) || domain.length !== 2 || !(checkFinite('domain[0]', domain[0]) < checkFinite('domain[1]', domain[1]))) {
    fail(`domain must be [low, high] with low < high, got ${JSON.stringify(domain)}`);
  }
  domain = [domain[0], domain[1]];
  const xTitle = opts.xTitle ?? defaults.xTitle;
  const x = { field: 'score', type: 'quantitative' as const, title: xTitle, scale: { domain, nice: false } };
  const y = {
    field: 'label',
    type: 'nominal' as const,
    sort: null,
    axis: { title: null, labelLimit: SIZES.labelLimit, ticks: false, labelPadding: 6, domain: false },
  };
  const subtitle = top.length < sorted.length ? [...(defaults.subtitle ?? []), `Top ${top.length} of ${sorted.length}.`] : defaults.subtitle;
  return {
    description: `${opts.title ?? defaults.title}: ${top.length} ranked bars`,
    title: titleOf(opts, defaults.title, subtitle),
    data: { values: rows },
    width,
    height: { step: 22 },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.72 } },
        encoding: {
          x: { ...x, axis: { grid: true, tickCount: 5 } },
          color: { condition: { test: 'datum.highlight', value: PALETTE.accent }, value: PALETTE.bar },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, color: PALETTE.ink },
        encoding: { x, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}

/** Ranked horizontal bars of the top-k tracks or artists by score, best on top, scores printed at the bar ends. */
export function topMatchesBar(items: readonly RankedItem[], opts: RankedBarOptions = {}): VegaLiteSpec {
  return rankedBars(items, opts, { title: 'Closest matches', xTitle: 'Similarity score' });
}

/** One AI genre and the library genre its centroid is closest to (seed 002, figure 4). */
export interface GenreMappingItem {
  genre: string;
  /** Cosine similarity between the genre centroids. */
  similarity: number;
  /** The library genre it maps to; the bar is labelled "genre → mappedTo". */
  mappedTo?: string;
  highlight?: boolean;
}

/** Bar chart of the cosine similarity of each genre mapping (seed 002, figure 4), highest first. */
export function genreMapping(genres: readonly GenreMappingItem[], opts: RankedBarOptions = {}): VegaLiteSpec {
  checkArray('genres', genres);
  const items = genres.map((g, i) => {
    const genre = checkLabel(`genres[${i}].genre`, g?.genre);
    const target = g.mappedTo === undefined ? undefined : checkLabel(`genres[${i}].mappedTo`, g.mappedTo);
    return { label: target === undefined ? genre : `${genre} \u2192 ${target}`, score: checkCosine(`genres[${i}].similarity`, g.similarity), highlight: g.highlight };
  });
  return rankedBars(items, { ranks: false, ...opts }, {
    title: 'Closest genre mapping',
    xTitle: 'Cosine similarity of genre centroids',
  });
}

// ---------------------------------------------------------------------------------------------
// matrices (homogeneity heatmap, confusion matrix)

function checkSquare(name: string, matrix: unknown, n: number, check: (name: string, v: unknown) => number): number[][] {
  checkArray(name, matrix);
  if (matrix.length !== n) fail(`${name} must have ${n} rows (one per label), got ${matrix.length}`);
  return matrix.map((row, i) => {
    if (!Array.isArray(row)) fail(`${name}[${i}] must be an array, got ${row === null ? 'null' : typeof row}`);
    if (row.length !== n) fail(`${name}[${i}] must have ${n} values (one per label), got ${row.length}`);
    return row.map((v, j) => check(`${name}[${i}][${j}]`, v));
  });
}

/** Cell size in px: the matrix fits ~660 px, cells stay between 11 px (60 labels) and 32 px. */
function cellSize(n: number, target = 660, min = 11, max = 32): number {
  return clamp(Math.floor(target / n), min, max);
}

export interface SimilarityHeatmapOptions extends ChartTextOptions {
  /** 'sequential' (viridis over [min..1]), 'diverging' (red-blue over [-1..1], 0 white) or 'auto' (default: diverging only if a value < 0). */
  colorScale?: 'auto' | 'sequential' | 'diverging';
  /** Cell size in px (default: fit about 660 px, 11..32). */
  cellSize?: number;
  legendTitle?: string;
}

/**
 * The homogeneity heatmap (seed 000): cosine similarity between every pair of one artist's tracks,
 * tracks in the given order on both axes, with a colour legend. Readable up to ~60 tracks.
 */
export function similarityHeatmap(labels: readonly string[], matrix: readonly (readonly number[])[], opts: SimilarityHeatmapOptions = {}): VegaLiteSpec {
  checkArray('labels', labels);
  const names = uniqueLabels(labels.map((l, i) => checkLabel(`labels[${i}]`, l)));
  const n = names.length;
  const m = checkSquare('matrix', matrix, n, checkCosine);
  const cell = opts.cellSize === undefined ? cellSize(n) : checkPositiveInt('cellSize', opts.cellSize);
  const fontSize = Math.min(SIZES.labelFontSize, Math.max(8, cell - 1));

  let offMin = Infinity;
  let offSum = 0;
  let allMin = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      allMin = Math.min(allMin, m[i][j]);
      if (i !== j) {
        offMin = Math.min(offMin, m[i][j]);
        offSum += m[i][j];
      }
    }
  }
  const mode = opts.colorScale ?? 'auto';
  if (mode !== 'auto' && mode !== 'sequential' && mode !== 'diverging') fail(`colorScale must be 'auto', 'sequential' or 'diverging', got ${JSON.stringify(mode)}`);
  const diverging = mode === 'diverging' || (mode === 'auto' && allMin < 0);
  // Sequential: start at the lowest pair (floored to 0.1) so the 0.6-0.9 band the seed describes keeps its contrast.
  const seqLo = Number.isFinite(offMin) ? Math.min(tidy(Math.floor(offMin * 10) / 10), 0.9) : 0;
  const color = {
    type: 'linear' as const,
    scheme: diverging ? ('redblue' as const) : ('viridis' as const),
    domain: diverging ? [-1, 1] : [Math.max(-1, Math.min(seqLo, allMin)), 1],
    ...(diverging ? { domainMid: 0 } : {}),
    clamp: true,
  };

  const rows: { row: string; col: string; v: number }[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows.push({ row: names[i], col: names[j], v: m[i][j] });
  const pairs = (n * (n - 1)) / 2;
  const subtitle = pairs > 0 ? [`${n} tracks; mean of the ${pairs} distinct pairs ${fixed(offSum / (2 * pairs), 3)}; the diagonal is each track with itself.`] : undefined;
  const rotate = n > 6 || labelExtent(names, fontSize) > cell;
  const axis = { title: null, labelFontSize: fontSize, ticks: false, domain: false, labelPadding: 4 };
  return {
    description: `Track by track cosine similarity heatmap of ${n} tracks`,
    title: titleOf(opts, 'Track-to-track similarity', subtitle),
    data: { values: rows },
    width: { step: cell },
    height: { step: cell },
    // No per-cell aria labels: thousands of them help no screen reader; the table beside the chart does.
    mark: { type: 'rect', aria: false, stroke: PALETTE.background, strokeWidth: cell >= 16 ? 1 : 0.25 },
    encoding: {
      x: { field: 'col', type: 'nominal', sort: names, axis: { ...axis, labelAngle: rotate ? -90 : 0, labelAlign: rotate ? 'right' : 'center', labelBaseline: 'middle' } },
      y: { field: 'row', type: 'nominal', sort: names, axis },
      color: {
        field: 'v',
        type: 'quantitative',
        scale: color,
        legend: { title: opts.legendTitle ?? 'Cosine similarity', format: '.2f', gradientLength: Math.max(120, Math.min(260, cell * n)) },
      },
    },
  };
}

export interface ConfusionMatrixOptions extends ChartTextOptions {
  /** Axis titles (default "True label", "Predicted label"). */
  rowTitle?: string;
  columnTitle?: string;
  /** Cell size in px (default: fit about 480 px, 22..56). */
  cellSize?: number;
}

/**
 * Confusion matrix (seed 002, figure 2): rows are true classes, columns predicted ones; each cell shows
 * its count, and its colour is the count's share of the row, so classes of different sizes compare.
 */
export function confusionMatrix(labels: readonly string[], counts: readonly (readonly number[])[], opts: ConfusionMatrixOptions = {}): VegaLiteSpec {
  checkArray('labels', labels);
  const names = uniqueLabels(labels.map((l, i) => checkLabel(`labels[${i}]`, l)));
  const n = names.length;
  const c = checkSquare('counts', counts, n, (name, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(`${name} must be a count (integer >= 0), got ${String(v)}`);
    return v;
  });
  const cell = opts.cellSize === undefined ? cellSize(n, 480, 22, 56) : checkPositiveInt('cellSize', opts.cellSize);
  const rowSums = c.map((row) => row.reduce((s, v) => s + v, 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  const correct = c.reduce((s, row, i) => s + row[i], 0);
  const rows: { row: string; col: string; count: number; share: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rows.push({ row: names[i], col: names[j], count: c[i][j], share: rowSums[i] > 0 ? tidy(c[i][j] / rowSums[i]) : 0 });
  }
  const accuracy = total > 0 ? `Accuracy ${fixed((100 * correct) / total, 1)}% (${correct}/${total}). ` : '';
  const rotate = labelExtent(names) > cell;
  const axis = { ticks: false, domain: false, labelPadding: 4, titlePadding: 8 };
  return {
    description: `Confusion matrix of ${n} classes`,
    title: titleOf(opts, 'Confusion matrix', [`${accuracy}Colour: share of the row; numbers: counts.`]),
    data: { values: rows },
    width: { step: cell },
    height: { step: cell },
    encoding: {
      x: { field: 'col', type: 'nominal', sort: names, axis: { ...axis, title: opts.columnTitle ?? 'Predicted label', labelAngle: rotate ? -45 : 0, labelAlign: rotate ? 'right' : 'center' } },
      y: { field: 'row', type: 'nominal', sort: names, axis: { ...axis, title: opts.rowTitle ?? 'True label' } },
    },
    layer: [
      {
        mark: { type: 'rect', aria: false, stroke: PALETTE.background, strokeWidth: 1 },
        encoding: {
          color: { field: 'share', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] }, legend: { title: 'Share of row', format: '.0%', gradientLength: Math.max(120, Math.min(240, cell * n)) } },
        },
      },
      {
        mark: { type: 'text', aria: false, baseline: 'middle', fontSize: clamp(Math.floor(cell / 3), 9, 13) },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: {
            condition: [
              { test: 'datum.count === 0', value: '#aab1b9' },
              { test: 'datum.share > 0.55', value: PALETTE.background },
            ],
            value: PALETTE.ink,
          },
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// homogeneity ranking (where an artist sits among all library artists)

/** One artist's intra-catalogue similarity: mean and standard deviation of its track-pair cosines. */
export interface ArtistHomogeneity {
  artist: string;
  meanSimilarity: number;
  std: number;
  /** Tracks of the artist the statistics come from. */
  n: number;
  highlight?: boolean;
}

export interface HomogeneityRankingOptions extends ChartTextOptions {
  /** Most rows drawn (default 60): beyond it, evenly spaced ranks plus every highlighted artist. */
  maxRows?: number;
  /** Decimals in the value column (default 3). */
  decimals?: number;
  xTitle?: string;
  /** Plot width in px (default 360). */
  width?: number;
}

/**
 * Dot plot of every library artist by mean track-to-track similarity (most homogeneous on top), with
 * a ±1 standard deviation line, the rank in each label, and highlighted artists (e.g. the AI artist)
 * in the accent colour and bold. Long libraries keep evenly spaced ranks, so the shape of the
 * distribution and the highlighted artists' places stay visible.
 */
export function homogeneityRanking(artists: readonly ArtistHomogeneity[], opts: HomogeneityRankingOptions = {}): VegaLiteSpec {
  checkArray('artists', artists);
  const decimals = opts.decimals ?? 3;
  const maxRows = opts.maxRows === undefined ? 60 : checkPositiveInt('maxRows', opts.maxRows);
  const width = opts.width === undefined ? 360 : checkPositiveInt('width', opts.width);
  const clean = artists.map((a, i) => {
    const artist = checkLabel(`artists[${i}].artist`, a?.artist);
    const mean = checkCosine(`artists[${i}].meanSimilarity`, a.meanSimilarity);
    const std = checkFinite(`artists[${i}].std`, a.std);
    if (std < 0) fail(`artists[${i}].std must be >= 0, got ${std}`);
    const n = a.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(`artists[${i}].n must be an integer >= 0, got ${String(n)}`);
    return { artist, mean, std, n, highlight: a.highlight === true, i };
  });
  const sorted = [...clean].sort((a, b) => b.mean - a.mean || a.i - b.i);
  const total = sorted.length;

  let keep = sorted.map((_, r) => r);
  if (total > maxRows) {
    const chosen = new Set(sorted.flatMap((a, r) => (a.highlight ? [r] : [])));
    const slots = Math.max(0, maxRows - chosen.size);
    for (let s = 0; s < slots; s++) chosen.add(slots === 1 ? 0 : Math.round((s * (total - 1)) / (slots - 1)));
    // Rounding can land two slots on one rank; fill up from the top so the row count is exact.
    for (let r = 0; chosen.size < Math.min(maxRows, total) && r < total; r++) chosen.add(r);
    keep = [...chosen].sort((a, b) => a - b);
  }
  const shown = keep.map((r) => ({ ...sorted[r], rank: r + 1 }));
  const labels = uniqueLabels(shown.map((a) => `${a.rank}. ${a.artist}`));
  const rows = shown.map((a, k) => ({
    label: labels[k],
    mean: a.mean,
    lo: tidy(a.mean - a.std),
    hi: tidy(a.mean + a.std),
    text: `${fixed(a.mean, decimals)} \u00b1 ${fixed(a.std, decimals)} \u00b7 n=${a.n}`,
    highlight: a.highlight,
  }));
  const highlighted = rows.filter((r) => r.highlight).map((r) => r.label);

  const lo = clamp(Math.floor(Math.min(...rows.map((r) => r.lo)) * 10) / 10, -1, 0.9);
  const hi = clamp(Math.ceil(Math.max(...rows.map((r) => r.hi)) * 10) / 10, lo + 0.1, 1);
  const x = { type: 'quantitative' as const, title: opts.xTitle ?? 'Mean track-to-track cosine similarity', scale: { domain: [tidy(lo), tidy(hi)], nice: false, zero: false } };
  // The test is a Vega expression; JSON string literals are valid in it, so any name is safe.
  const isHighlighted = `indexof(${JSON.stringify(highlighted)}, datum.value) >= 0`;
  const color = { condition: { test: 'datum.highlight', value: PALETTE.accent }, value: PALETTE.bar };
  const subtitle = ['Dot: mean cosine similarity between the artist\u2019s own tracks; line: \u00b11 standard deviation. Higher = more homogeneous.'];
  if (shown.length < total) subtitle.push(`Showing ${shown.length} of ${total} artists: evenly spaced ranks plus highlighted artists.`);
  return {
    description: `Homogeneity ranking of ${total} artists`,
    title: titleOf(opts, 'Catalogue homogeneity among library artists', subtitle),
    data: { values: rows },
    width,
    height: { step: 18 },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        axis: {
          title: null,
          ticks: false,
          domain: false,
          labelPadding: 6,
          labelLimit: SIZES.labelLimit,
          labelFontWeight: { condition: { test: isHighlighted, value: 'bold' }, value: 'normal' },
          labelColor: { condition: { test: isHighlighted, value: PALETTE.accent }, value: PALETTE.ink },
        },
      },
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2, opacity: 0.55 },
        encoding: { x: { ...x, field: 'lo', axis: { grid: true, tickCount: 6 } }, x2: { field: 'hi' }, color },
      },
      {
        mark: { type: 'point', filled: true, size: 55, opacity: 1 },
        encoding: { x: { ...x, field: 'mean' }, color },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, color: PALETTE.muted, fontSize: 10 },
        encoding: { x: { value: width }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}
