/** The search layer's public surface: exact top-k, artist ranking, genre mapping, homogeneity and retrieval metrics. */
export { type VectorMatrix, row, vectorMatrix, fromRows } from './vectors.js';
export { searchTopK, matchesOf, PREFILTER_MAX_QUERIES, type SearchOptions, type TopKResult } from './topk.js';
export { createFlatIndex, isFlatIndex, type FlatIndex } from './flat-index.js';
export { wasmSimdAvailable, type Backend } from '../kernels/dot.js';
export { encodeLabels, type RowLabel, type RowLabels, type EncodedLabels } from './labels.js';
export {
  rankArtists,
  aggregateArtists,
  ARTIST_RANKING_DEFAULTS,
  type ArtistRankingParams,
  type RankArtistsInput,
  type ArtistRanking,
  type ArtistScore,
  type TrackMatch,
} from './artists.js';
export {
  genreCentroids,
  mapToGenre,
  mapGroupsToGenres,
  resolveGenre,
  searchInGenre,
  GENRE_SEARCH_DEFAULTS,
  type GenreCentroids,
  type GenreMapping,
  type GenreSimilarity,
  type GenreSearchInput,
  type GenreSearchResult,
  type GenreMatch,
} from './genre.js';
export {
  homogeneity,
  homogeneityOfRows,
  rankHomogeneity,
  HOMOGENEITY_DEFAULTS,
  type HomogeneityStats,
  type HomogeneityReport,
  type HomogeneityRanking,
  type HomogeneityPlacement,
  type ArtistHomogeneity,
  type PairSimilarity,
  type RankHomogeneityInput,
} from './homogeneity.js';
export {
  evaluateRetrieval,
  averagePrecision,
  RETRIEVAL_DEFAULTS,
  type RetrievalInput,
  type RetrievalParams,
  type RetrievalReport,
  type LabelRetrievalMetrics,
  type ArtistHoldOutMetrics,
} from './retrieval.js';
