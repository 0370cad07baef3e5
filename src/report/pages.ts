/** HTML report pages for `match`, `homogeneity` and `eval retrieval` results: charts plus the numbers behind them. */
import type { HomogeneityResult } from '../analysis/homogeneity.js';
import type { EvalResult } from '../analysis/evaluate.js';
import type { MatchResult } from '../analysis/match.js';
import { confusionMatrix, genreMapping, homogeneityRanking, similarityHeatmap, similarityHistograms, topMatchesBar } from './charts.js';
import { htmlReport, type ReportSection } from './html.js';
import { renderSvg } from './render.js';

const TOP_ARTIST_PANELS = 6;

function trackLabel(t: { title: string; artist: string | null }): string {
  return t.artist ? `${t.title} — ${t.artist}` : t.title;
}

/** Closest tracks over all queries (each library track once, at its best score), then artists and genre. */
export async function matchReportHtml(r: MatchResult): Promise<string> {
  const sections: ReportSection[] = [];
  if (r.artists && r.artists.ranking.length > 0) {
    const top = r.artists.ranking.slice(0, TOP_ARTIST_PANELS);
    sections.push({
      heading: 'Closest artists',
      text: [
        `Each panel shows the cosine similarity between the query songs and that artist's tracks among each query's ${r.artists.neighbours} nearest neighbours.`,
        `Final score = mean of the artist's top-${r.artists.params.topM} similarities per query × (${r.artists.params.baseWeight} + ${r.artists.params.consistencyWeight} × consistency); artists with fewer than ${r.artists.params.minTracks} library tracks are left out.`,
      ],
      svg: await renderSvg(
        similarityHistograms(
          top.map((a) => ({ artist: a.artist, similarities: a.similarities, score: a.finalScore, matchedQueries: a.matchedQueries, totalQueries: a.queryCount })),
          { title: 'Similarity to the closest artists' },
        ),
      ),
      table: {
        columns: ['Rank', 'Artist', 'Final', 'Mean', 'Consistency', 'Queries', 'Best track'],
        rows: r.artists.ranking.slice(0, 20).map((a) => [a.rank, a.artist, a.finalScore, a.meanScore, a.consistency, `${a.matchedQueries}/${a.queryCount}`, a.bestTracks[0]?.title ?? null]),
      },
    });
  }
  const best = new Map<number, { label: string; score: number; queries: number }>();
  for (const q of r.queries) {
    for (const m of q.matches) {
      const seen = best.get(m.trackId);
      if (!seen) best.set(m.trackId, { label: trackLabel(m), score: m.score, queries: 1 });
      else {
        seen.score = Math.max(seen.score, m.score);
        seen.queries++;
      }
    }
  }
  const tracks = [...best.values()].sort((a, b) => b.score - a.score);
  if (tracks.length > 0) {
    sections.push({
      heading: 'Closest tracks',
      text: `The library tracks among the top ${r.k} of any query, at their best similarity.`,
      svg: await renderSvg(topMatchesBar(tracks.map((t) => ({ label: t.label, score: t.score, detail: `${t.queries} ${t.queries === 1 ? 'query' : 'queries'}` })), { k: 15, title: 'Closest tracks' })),
      table: { columns: ['Track', 'Best score', 'Queries'], rows: tracks.slice(0, 20).map((t) => [t.label, t.score, t.queries]) },
    });
  }
  if (r.genre) {
    sections.push({
      heading: 'Genre mapping',
      text: `The query group maps to '${r.genre.genre}' (cosine ${r.genre.similarity.toFixed(3)} to its centroid${r.genre.mode === 'named' ? ', chosen by name' : ''}); matches are the top ${r.k} of that genre among the ${r.genre.candidates} nearest tracks.`,
      svg: await renderSvg(genreMapping(r.genre.ranking.map((g) => ({ genre: g.genre, similarity: g.similarity, highlight: g.genre === r.genre!.genre })), { title: 'Similarity to each genre centroid' })),
      table: { columns: ['Genre', 'Cosine', 'Tracks'], rows: r.genre.ranking.map((g) => [g.genre, g.similarity, g.tracks]) },
    });
  }
  for (const q of r.queries.slice(0, 50)) {
    sections.push({
      heading: `Query: ${q.query.title ?? q.query.label}`,
      table: { columns: ['#', 'Track', 'Artist', 'Genre', 'Cosine'], rows: q.matches.map((m) => [m.rank, m.title, m.artist, m.genre, m.score]) },
    });
  }
  return htmlReport({
    title: `Who do ${r.queries.length === 1 ? 'this song' : `these ${r.queries.length} songs`} sound like?`,
    subtitle: `Nearest tracks in a library of ${r.librarySize} tracks (${r.embedder})`,
    parameters: { library: r.library, embedder: r.embedder, k: r.k, queries: r.queries.length, ...(r.artists ? { 'top N': r.artists.params.topN, 'top M': r.artists.params.topM, 'min tracks': r.artists.params.minTracks } : {}) },
    sections: [...warningSection(r.warnings), ...sections],
  });
}

export async function homogeneityReportHtml(r: HomogeneityResult): Promise<string> {
  const s = r.stats;
  const sections: ReportSection[] = [
    {
      heading: `How alike are the songs of ${r.subject}?`,
      text: [
        `Mean cosine similarity between its ${s.n} songs: ${s.mean.toFixed(3)} (median ${s.median.toFixed(3)}, std ${s.std.toFixed(3)}, min ${s.min.toFixed(3)}, max ${s.max.toFixed(3)}).`,
        `Most similar: ${r.mostSimilar.a} and ${r.mostSimilar.b} (${r.mostSimilar.similarity.toFixed(3)}). Least similar: ${r.leastSimilar.a} and ${r.leastSimilar.b} (${r.leastSimilar.similarity.toFixed(3)}).`,
      ],
      svg: await renderSvg(similarityHeatmap(r.tracks, r.matrix, { title: 'Track-to-track similarity' })),
    },
  ];
  if (r.ranking.length > 0) {
    const focusName = r.placement?.name;
    const artists = r.ranking.map((a) => ({ artist: a.artist, meanSimilarity: a.mean, std: a.std, n: a.n, highlight: a.artist === focusName }));
    if (r.placement && !r.placement.inLibrary) {
      artists.push({ artist: r.placement.name, meanSimilarity: r.placement.stats.mean, std: r.placement.stats.std, n: r.placement.stats.n, highlight: true });
    }
    sections.push({
      heading: 'Among the library artists',
      text: r.placement
        ? `${r.placement.name} ranks ${r.placement.rank} of ${r.placement.of + 1} from most varied to most uniform: more uniform than ${r.placement.percentile.toFixed(0)}% of the library artists with at least ${r.minTracks} tracks.`
        : undefined,
      svg: await renderSvg(homogeneityRanking(artists, { title: 'Catalogue homogeneity' })),
      table: { columns: ['Rank', 'Artist', 'Mean', 'Std', 'Tracks'], rows: r.ranking.slice(0, 40).map((a) => [a.rank, a.artist, a.mean, a.std, a.n]) },
    });
  }
  return htmlReport({
    title: `Catalogue homogeneity: ${r.subject}`,
    subtitle: `${r.embedder} fingerprints, library ${r.library}`,
    parameters: { library: r.library, embedder: r.embedder, 'min tracks': r.minTracks },
    sections: [...warningSection(r.warnings), ...sections],
  });
}

export async function evalReportHtml(r: EvalResult): Promise<string> {
  const sections: ReportSection[] = [
    {
      heading: 'Summary',
      table: {
        columns: ['Embedder', '1-NN accuracy', 'Chance', 'P@5', 'P@10', 'MAP', ...(r.by === 'artist' ? ['Artist top-1', 'Artist top-5'] : []), 'Seconds'],
        rows: r.evaluations.map((e) => {
          const m = e.report.labelings[0];
          const p = (k: number) => m.precisionAt.find((x) => x.k === k)?.precision ?? null;
          const a = e.report.artistRanking;
          return [e.embedder, m.nn1Accuracy, m.chance1NN, p(5), p(10), m.meanAveragePrecision, ...(r.by === 'artist' ? [a?.top1 ?? null, a?.top5 ?? null] : []), e.seconds];
        }),
      },
    },
  ];
  for (const e of r.evaluations) {
    const m = e.report.labelings[0];
    if (!m.confusion) continue;
    sections.push({
      heading: `Nearest-neighbour ${r.by}: ${e.embedder}`,
      text: `Each track's nearest other track; rows are the true ${r.by}, columns the neighbour's.`,
      svg: await renderSvg(confusionMatrix(m.confusion.labels, m.confusion.counts, { rowTitle: `True ${r.by}`, columnTitle: `Nearest neighbour's ${r.by}` })),
      table: { columns: [r.by, 'Tracks', '1-NN accuracy', 'AP'], rows: m.perLabel.map((l) => [l.label, l.queries, l.nn1Accuracy, l.averagePrecision]) },
    });
  }
  return htmlReport({
    title: `Retrieval quality by ${r.by}`,
    subtitle: `Leave-one-out over ${r.tracks} library tracks`,
    parameters: { library: r.library, by: r.by, embedders: r.evaluations.map((e) => e.embedder).join(', ') },
    sections,
  });
}

function warningSection(warnings: string[]): ReportSection[] {
  return warnings.length ? [{ heading: 'Warnings', text: warnings }] : [];
}
