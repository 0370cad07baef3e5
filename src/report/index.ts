/** Reports: chart specs from plain results, rendered to SVG offline, assembled into self-contained HTML pages. */
export { renderSvg, assertOffline, type RenderOptions, type VegaLiteSpec } from './render.js';
export {
  similarityHistograms,
  similarityBins,
  topMatchesBar,
  similarityHeatmap,
  homogeneityRanking,
  confusionMatrix,
  genreMapping,
  uniqueLabels,
  type ChartTextOptions,
  type ArtistSimilarities,
  type SimilarityHistogramOptions,
  type RankedItem,
  type RankedBarOptions,
  type GenreMappingItem,
  type SimilarityHeatmapOptions,
  type ConfusionMatrixOptions,
  type ArtistHomogeneity,
  type HomogeneityRankingOptions,
} from './charts.js';
export { htmlReport, writeReport, escapeHtml, type ReportInput, type ReportSection, type ReportTable, type ReportCell } from './html.js';
export { externalReferences } from './inspect.js';
export { FONT_STACK, PALETTE } from './theme.js';
