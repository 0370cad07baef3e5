/** Deterministic sample results shaped like the seeds' figures, for the report tests, the browser check and demos. */
import { gaussian, seededRandom } from '../src/synth/random.js';
import * as charts from '../src/report/charts.js';
import type { ArtistHomogeneity, ArtistSimilarities, GenreMappingItem, RankedItem } from '../src/report/charts.js';
import { htmlReport } from '../src/report/html.js';
import { renderSvg } from '../src/report/render.js';

/** A name with every character HTML cares about, to prove escaping end to end. */
export const TRICKY_NAME = `Tom & "Jerry's" <Band>`;

/** Per-artist similarity samples for the top artists (seed 000, Velvet Sundown). */
export function sampleArtistSimilarities(seed = 1): ArtistSimilarities[] {
  const rnd = seededRandom(seed);
  const g = gaussian(rnd);
  const artists: [string, number, number, number, number][] = [
    // name, mean, sd, matched, library tracks
    ['The Beatles', 0.66, 0.07, 37, 9],
    ['Fleetwood Mac', 0.64, 0.08, 38, 7],
    ['Eagles', 0.6, 0.09, 33, 5],
    ['Bee Gees', 0.58, 0.1, 30, 4],
    ['Queen', 0.52, 0.12, 28, 8],
    [TRICKY_NAME, 0.5, 0.11, 21, 3],
  ];
  return artists.map(([artist, mean, sd, matched, tracks]) => {
    const similarities = Array.from({ length: 39 * tracks }, () => Math.max(-1, Math.min(1, mean + sd * g())));
    const avg = similarities.reduce((s, v) => s + v, 0) / similarities.length;
    return { artist, similarities, score: avg * (0.7 + 0.3 * (matched / 39)), matchedQueries: matched, totalQueries: 39 };
  });
}

/** Top track matches with scores. */
export function sampleTopMatches(): RankedItem[] {
  return [
    { label: 'Here Comes the Sun \u2014 The Beatles', score: 0.812, detail: '12 queries' },
    { label: 'Landslide \u2014 Fleetwood Mac', score: 0.797, detail: '9 queries' },
    { label: 'In My Life \u2014 The Beatles', score: 0.781, detail: '8 queries' },
    { label: 'Rhiannon \u2014 Fleetwood Mac', score: 0.774, detail: '8 queries' },
    { label: 'Hotel California \u2014 Eagles', score: 0.752, detail: '6 queries' },
    { label: `Sunday <Morning> & "Coffee" \u2014 ${TRICKY_NAME}`, score: 0.74, detail: '5 queries', highlight: true },
    { label: 'How Deep Is Your Love \u2014 Bee Gees', score: 0.733, detail: '4 queries' },
    { label: 'Dreams \u2014 Fleetwood Mac', score: 0.729, detail: '4 queries' },
    { label: 'Something \u2014 The Beatles', score: 0.721, detail: '3 queries' },
    { label: 'Love of My Life \u2014 Queen', score: 0.704, detail: '3 queries' },
    { label: 'Sultans of Swing \u2014 Dire Straits', score: 0.69, detail: '2 queries' },
    { label: 'Harvest Moon \u2014 Neil Young', score: 0.68, detail: '2 queries' },
  ];
}

/**
 * A real cosine matrix: `n` unit vectors in 24 dimensions around a shared centre (weight `cohesion`)
 * plus a few sub-styles, so the heatmap shows blocks the way an artist's eras would.
 */
export function sampleSimilarityMatrix(n: number, seed = 7, cohesion = 1.2): { labels: string[]; matrix: number[][] } {
  const dim = 24;
  const g = gaussian(seededRandom(seed));
  const centre = Array.from({ length: dim }, g);
  const styles = Array.from({ length: 3 }, () => Array.from({ length: dim }, g));
  const vectors = Array.from({ length: n }, (_, i) => {
    const style = styles[Math.floor((i * styles.length) / n)];
    const v = centre.map((c, d) => cohesion * c + 0.8 * style[d] + 0.6 * g());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const matrix = vectors.map((a) => vectors.map((b) => Math.min(1, a.reduce((s, x, d) => s + x * b[d], 0))));
  const titles = ['Dust on the Wind', 'Drift Away', 'Smoke in the Sky', 'Rivers Run Red', 'Marching Ghosts', 'Silent Fire', 'Boots on the Ground', 'Where Do We Go', 'Shadows Falling', 'Voices Whisper'];
  const labels = Array.from({ length: n }, (_, i) => (i === 3 ? `${titles[i % titles.length]} <Live & "Loud">` : `${String(i + 1).padStart(2, '0')} ${titles[i % titles.length]}`));
  return { labels, matrix };
}

/** Intra-catalogue statistics for `count` library artists plus the highlighted AI artist. */
export function sampleHomogeneity(count = 40, seed = 3): ArtistHomogeneity[] {
  const rnd = seededRandom(seed);
  const named: [string, number, number][] = [
    ['Kensington', 0.655, 0.09],
    ['Doe Maar', 0.633, 0.1],
    ['AC/DC', 0.606, 0.08],
    ['The Beatles', 0.213, 0.18],
    ['David Bowie', 0.162, 0.19],
    ['Queen', 0.12, 0.21],
    [TRICKY_NAME, 0.45, 0.12],
  ];
  const rows: ArtistHomogeneity[] = named.map(([artist, meanSimilarity, std]) => ({ artist, meanSimilarity, std, n: 10 + Math.floor(rnd() * 60) }));
  for (let i = rows.length; i < count; i++) {
    rows.push({ artist: `Library Artist ${String(i + 1).padStart(3, '0')}`, meanSimilarity: 0.2 + 0.4 * rnd(), std: 0.06 + 0.1 * rnd(), n: 5 + Math.floor(rnd() * 80) });
  }
  rows.push({ artist: 'The Velvet Sundown', meanSimilarity: 0.71, std: 0.07, n: 39, highlight: true });
  rows.push({ artist: 'Breaking Rust', meanSimilarity: 0.78, std: 0.05, n: 31, highlight: true });
  return rows;
}

/** GTZAN's ten genres and a leave-one-out nearest-neighbour confusion matrix (100 tracks each). */
export function sampleConfusion(seed = 5): { labels: string[]; counts: number[][] } {
  const labels = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];
  const rnd = seededRandom(seed);
  const counts = labels.map((_, i) => {
    const row = new Array<number>(labels.length).fill(0);
    const hit = 45 + Math.floor(rnd() * 45);
    row[i] = hit;
    for (let left = 100 - hit; left > 0; left--) {
      let j = Math.floor(rnd() * labels.length);
      if (j === i) j = (j + 1 + Math.floor(rnd() * 3)) % labels.length;
      row[j]++;
    }
    return row;
  });
  return { labels, counts };
}

/** AI-genre -> library-genre mappings with their centroid similarities (seed 002, figure 4). */
export function sampleGenreMapping(): GenreMappingItem[] {
  return [
    { genre: 'soul', mappedTo: 'blues', similarity: 0.991 },
    { genre: 'c-pop', mappedTo: 'pop', similarity: 0.989 },
    { genre: 'progressive metal', mappedTo: 'metal', similarity: 0.992 },
    { genre: 'bluegrass', mappedTo: 'country', similarity: 0.986 },
    { genre: 'trap', mappedTo: 'hiphop', similarity: 0.984 },
    { genre: 'bossa nova', mappedTo: 'jazz', similarity: 0.981 },
    { genre: 'synthwave', mappedTo: 'disco', similarity: 0.979 },
    { genre: 'dub & <roots>', mappedTo: 'reggae', similarity: 0.983 },
    { genre: 'baroque', mappedTo: 'classical', similarity: 0.988 },
    { genre: 'grunge', mappedTo: 'rock', similarity: 0.977 },
  ];
}

/** A full report over all the sample results: every chart with its numbers, as the CLI would write one. */
export async function sampleReport(options: { generatedAt?: string } = {}): Promise<string> {
  const hist = sampleArtistSimilarities();
  const top = sampleTopMatches();
  const heat = sampleSimilarityMatrix(16);
  const rank = sampleHomogeneity();
  const conf = sampleConfusion();
  const genres = sampleGenreMapping();
  const f3 = (x: number) => Math.round(x * 1000) / 1000;
  return htmlReport({
    title: 'Who does The Velvet Sundown sound like?',
    subtitle: 'Sample report: synthetic numbers shaped like a real analysis',
    generatedAt: options.generatedAt,
    parameters: { embedder: 'sonicprint-v1', k: 100, 'top artists': 6, library: 'sample <library> & "friends"', 'consistency weight': 0.3 },
    sections: [
      {
        heading: 'Top matching artists',
        text: 'Cosine similarity between each AI track and each track of the closest artists.\n\nA distribution skewed to the right means consistent similarity across many tracks.',
        svg: await renderSvg(charts.similarityHistograms(hist)),
        table: {
          columns: ['Artist', 'Score', 'Matched queries', 'Comparisons'],
          rows: hist.map((a) => [a.artist, f3(a.score ?? 0), a.matchedQueries ?? null, a.similarities.length]),
        },
      },
      {
        heading: 'Closest tracks',
        svg: await renderSvg(charts.topMatchesBar(top, { k: 10 })),
        table: { columns: ['Track', 'Score', 'Queries'], rows: top.slice(0, 10).map((t) => [t.label, t.score, t.detail ?? null]) },
      },
      {
        heading: 'How alike are the AI artist\u2019s own tracks?',
        text: 'Each cell is the cosine similarity of two tracks of the same artist.',
        svg: await renderSvg(charts.similarityHeatmap(heat.labels, heat.matrix)),
      },
      {
        heading: 'Homogeneity among library artists',
        svg: await renderSvg(charts.homogeneityRanking(rank)),
        table: {
          columns: ['Artist', 'Mean', 'Std', 'Tracks'],
          rows: [...rank].sort((a, b) => b.meanSimilarity - a.meanSimilarity).map((a) => [a.artist, a.meanSimilarity, a.std, a.n]),
        },
      },
      {
        heading: 'Nearest-neighbour genre (leave one out)',
        svg: await renderSvg(charts.confusionMatrix(conf.labels, conf.counts, { rowTitle: 'True genre', columnTitle: 'Nearest neighbour\u2019s genre' })),
        table: { columns: ['Genre', 'Correct', 'Tracks'], rows: conf.labels.map((l, i) => [l, conf.counts[i][i], conf.counts[i].reduce((s, v) => s + v, 0)]) },
      },
      {
        heading: 'Genre mapping',
        svg: await renderSvg(charts.genreMapping(genres)),
        table: { columns: ['AI genre', 'Library genre', 'Cosine'], rows: genres.map((g) => [g.genre, g.mappedTo ?? null, g.similarity]) },
      },
    ],
  });
}
