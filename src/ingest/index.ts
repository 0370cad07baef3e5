/** Ingest: files and folders into a library (worker-thread decode + embed), and query embedding for `match`. */
export { ingest, INGEST_DEFAULTS, type IngestOptions, type IngestProgress, type IngestSummary, type IngestFailure } from './ingest.js';
export { embedFiles, type EmbedFilesOptions, type EmbedFilesResult } from './embed-files.js';
export { analyzeFile, type AnalyzedFile } from './analyze.js';
export { createAnalyzer, defaultWorkers, type Analyzer, type AnalyzerOptions } from './pool.js';
export { scanPaths, AUDIO_EXTENSIONS, type ScannedFile, type ScanResult } from './scan.js';
export { hashFile } from './hash.js';
export { resolveMetadata, parseFileName, ARTIST_SOURCES, GENRE_SOURCES, METADATA_DEFAULTS, type ArtistSource, type GenreSource, type TrackMetadata } from './metadata.js';
export { EMBEDDER_MODULE_ENV, embedderModuleUrl, loadEmbedderProvider, type EmbedderProvider } from './embedders.js';
