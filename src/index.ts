/** The public library API of sonicprint: `import { load, melSpectrogram, ... } from 'sonicprint'`. */

// Errors
export { SonicprintError, AudioDecodeError, ParameterError, type ErrorCode } from './errors.js';

// Audio in and out
export { decodeFile, decodeBuffer, type DecodeOptions, type DecodedFile } from './audio/decode.js';
export { load, type LoadOptions, type LoadedSignal } from './audio/load.js';
export { probeFile, type AudioInfo, type AudioTags } from './audio/probe.js';
export { sniffFormat, FORMAT_NAMES, type AudioFormat } from './audio/sniff.js';
export { toMono } from './audio/mono.js';
export { resample, resampleLength, type ResampleOptions } from './audio/resample.js';
export { encodeWav, encodeMp3, encodeOggVorbis, type WavEncoding } from './audio/encode.js';
export type { PcmAudio, Signal } from './audio/signal.js';

// Time-frequency representations
export { type FrameMatrix, createFrameMatrix, toBinMajor, fromBinMajor, binRow } from './audio/frame-matrix.js';
export { stft, spectrogram, magnitude, fftFrequencies, type StftOptions, type SpectrogramOptions, type ComplexSpectrogram } from './audio/stft.js';
export { getWindow, type WindowName } from './audio/window.js';
export { hzToMel, melToHz, melFrequencies, melFilterBank, melSpectrogram, applyFilterBank, type FilterBank, type MelFilterOptions, type MelSpectrogramOptions } from './audio/mel.js';
export { powerToDb, amplitudeToDb, type PowerToDbOptions, type DbReference } from './audio/db.js';

// Descriptors
export { mfcc, type MfccOptions } from './audio/mfcc.js';
export { chromaStft, chromaFilterBank, type ChromaStftOptions } from './audio/chroma.js';
export { piptrack, estimateTuning, pitchTuning } from './audio/pitch.js';
export { spectralCentroid, spectralBandwidth, spectralRolloff, spectralFlatness, spectralContrast } from './audio/spectral.js';
export { zeroCrossingRate, rms } from './audio/temporal.js';
export { onsetStrength, type OnsetStrengthOptions } from './audio/onset.js';
export { tempo, tempogram } from './audio/tempo.js';
export { beatTrack, type BeatTrackOptions, type BeatTrackResult } from './audio/beat.js';
export { estimateKey, type KeyEstimate } from './audio/key.js';
export {
  extractFeatures,
  summarizeFeatures,
  framesAsRows,
  DESCRIPTORS,
  type DescriptorName,
  type FeatureOptions,
  type FrameFeatures,
  type FeatureSummary,
} from './audio/features.js';

// Defaults, declared once and shared with the CLI
export * from './audio/defaults.js';

// Deterministic test/demo music
export { renderClip, DEMO_STYLES, type Style, type ClipOptions } from './synth/song.js';

// Fingerprints
export { type Embedder, type Segment, type ExcerptOptions, excerptSpan, EXCERPT_DEFAULTS } from './embed/embedder.js';
export { getEmbedder, embedderIds, DEFAULT_EMBEDDER } from './embed/registry.js';
export { SONICPRINT_V1_BLOCKS, SONICPRINT_V1_DIMENSIONS } from './embed/sonicprint-v1.js';

// Reference libraries, ingest, search
export * from './store/index.js';
export { ingest, embedFiles, type IngestOptions, type IngestSummary, type EmbedFilesOptions, type EmbedFilesResult } from './ingest/index.js';
export * from './search/index.js';
export { match, MATCH_DEFAULTS, type MatchOptions, type MatchResult, type MatchedTrack, type ArtistMatch } from './analysis/match.js';
export { analyzeHomogeneity, type HomogeneityOptions, type HomogeneityResult } from './analysis/homogeneity.js';
export { evaluateLibrary, type EvalOptions, type EvalResult } from './analysis/evaluate.js';

// Reports
export {
  renderSvg,
  similarityHistograms,
  topMatchesBar,
  similarityHeatmap,
  homogeneityRanking,
  confusionMatrix,
  genreMapping,
  htmlReport,
  writeReport,
  type VegaLiteSpec,
  type ReportInput,
  type ReportSection,
  type ReportTable,
  type ArtistHomogeneity as ChartArtistHomogeneity,
} from './report/index.js';
export { matchReportHtml, homogeneityReportHtml, evalReportHtml } from './report/pages.js';
