/** The library store: one folder with a SQLite database and per-embedder index files. */
export {
  Library,
  type OpenOptions,
  type Track,
  type TrackFilter,
  type EmbedderInfo,
  type EmbedderStats,
  type NormalizationStats,
  type Staleness,
  type LibraryIndex,
  type LibraryStats,
  type JobFailure,
  type JobCounts,
  type ReindexResult,
  type RemoveResult,
  type IndexHeader,
} from './library.js';
export { EMBEDDER_ID_PATTERN } from './embedder-id.js';
export { LibraryError, isLibraryError, type LibraryErrorCode } from './errors.js';
export { STALE_FRACTION, NORMALIZATION_METHOD, meanVector, normalizeVector, normalizeMatrix } from './normalize.js';
export { DB_FILE, SCHEMA_VERSION, MIGRATIONS } from './schema.js';
export { INDEX_DIR } from './index-files.js';
