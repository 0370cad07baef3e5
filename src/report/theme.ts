/** The report look in one place: font stack, colours and the Vega-Lite config every chart renders with. */
import type { Config } from 'vega-lite';

/**
 * Fonts present offline on the machines we target, metric-compatible first: Liberation Sans ships with
 * Debian's chromium (fonts-liberation), Arial/Helvetica on macOS and Windows. Chart layout measures text
 * with these metrics (text-metrics.ts). No web fonts: reports never load anything.
 */
export const FONT_STACK = "'Liberation Sans', Arial, Helvetica, 'Nimbus Sans', 'DejaVu Sans', sans-serif";

/** Colours shared by charts and the HTML page. */
export const PALETTE = Object.freeze({
  ink: '#1f2328',
  muted: '#57606a',
  grid: '#e6e8eb',
  domain: '#8c959f',
  bar: '#4c78a8',
  barLight: '#9ebcda',
  accent: '#d6604d',
  background: '#ffffff',
});

/** Sizes in px shared by the chart builders. */
export const SIZES: Readonly<{ labelFontSize: number; titleFontSize: number; chartTitleFontSize: number; labelLimit: number }> = Object.freeze({
  labelFontSize: 11,
  titleFontSize: 12,
  chartTitleFontSize: 15,
  /** Longest axis label before it is cut with an ellipsis. */
  labelLimit: 220,
});

/** The Vega-Lite config applied under every spec's own config by renderSvg. */
export const BASE_CONFIG: Config = {
  font: FONT_STACK,
  background: PALETTE.background,
  padding: 8,
  view: { stroke: null },
  title: {
    fontSize: SIZES.chartTitleFontSize,
    fontWeight: 'bold',
    color: PALETTE.ink,
    subtitleColor: PALETTE.muted,
    subtitleFontSize: 12,
    anchor: 'start',
    offset: 10,
  },
  axis: {
    labelFontSize: SIZES.labelFontSize,
    titleFontSize: SIZES.titleFontSize,
    titleFontWeight: 'bold',
    titleColor: PALETTE.ink,
    labelColor: PALETTE.ink,
    domainColor: PALETTE.domain,
    tickColor: PALETTE.domain,
    gridColor: PALETTE.grid,
    labelLimit: SIZES.labelLimit,
  },
  legend: {
    labelFontSize: SIZES.labelFontSize,
    titleFontSize: SIZES.titleFontSize,
    titleColor: PALETTE.ink,
    labelColor: PALETTE.ink,
    gradientLength: 180,
  },
  header: {
    labelFontSize: 12,
    labelFontWeight: 'bold',
    labelColor: PALETTE.ink,
    titleFontSize: SIZES.titleFontSize,
  },
  text: { font: FONT_STACK, fontSize: SIZES.labelFontSize, color: PALETTE.ink },
  bar: { color: PALETTE.bar },
  rect: { color: PALETTE.bar },
};
