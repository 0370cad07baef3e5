/** Vega-Lite spec -> SVG string, headless (vega View, renderer 'none'), offline and deterministic. */
import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ParameterError, SonicprintError } from '../errors.js';
import { BASE_CONFIG } from './theme.js';
import { isBoldWeight, textWidth } from './text-metrics.js';

/** A complete Vega-Lite specification with its data inline (`data.values`). */
export type VegaLiteSpec = TopLevelSpec;

export interface RenderOptions {
  /**
   * Prefix for the ids inside the SVG (gradients, clip paths), so several charts can share one HTML page.
   * Default: 'sp' + the first 10 hex digits of the SHA-256 of the rendered chart, stable for the same input.
   */
  idPrefix?: string;
  /** Receives Vega-Lite and Vega warnings (a dropped field, an impossible scale). Default: process.emitWarning. */
  onWarning?: (message: string) => void;
}

/** Keys that make vega fetch something or emit a link; charts must carry their data inline. */
const FORBIDDEN_KEYS = new Set(['url', 'href']);

/** Throws ParameterError where a spec would load data or images by URL, or link out. */
export function assertOffline(spec: unknown, path = 'spec'): void {
  if (Array.isArray(spec)) {
    spec.forEach((v, i) => assertOffline(v, `${path}[${i}]`));
    return;
  }
  if (spec === null || typeof spec !== 'object') return;
  for (const [key, value] of Object.entries(spec)) {
    // Inline rows may well have a field called "url"; they are data, not instructions to vega.
    if (key === 'values' || key === 'usermeta') continue;
    if (FORBIDDEN_KEYS.has(key)) {
      throw new ParameterError(`${path}.${key}: reports render offline, so charts cannot load or link by URL; put the data in data.values`);
    }
    assertOffline(value, `${path}.${key}`);
  }
}

/** A vega loader that refuses every request, so nothing in a spec can reach the network or the disk. */
const offlineLoader: vega.Loader = {
  load: (uri) => Promise.reject(new ParameterError(`chart tried to load ${JSON.stringify(uri)}; reports render offline`)),
  sanitize: (uri) => Promise.reject(new ParameterError(`chart tried to load ${JSON.stringify(uri)}; reports render offline`)),
  http: (uri) => Promise.reject(new ParameterError(`chart tried to fetch ${JSON.stringify(uri)}; reports render offline`)),
  file: (filename) => Promise.reject(new ParameterError(`chart tried to read ${JSON.stringify(filename)}; reports render offline`)),
};

interface LoggerLike {
  level(): number;
  level(level: number): LoggerLike;
  error(...args: readonly unknown[]): LoggerLike;
  warn(...args: readonly unknown[]): LoggerLike;
  info(...args: readonly unknown[]): LoggerLike;
  debug(...args: readonly unknown[]): LoggerLike;
}

/** Errors throw (a chart that half-rendered is worse than none); warnings go to `onWarning`. */
function makeLogger(onWarning: (message: string) => void): LoggerLike {
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: LoggerLike = {
    level: ((_?: number) => (_ === undefined ? vega.Warn : logger)) as LoggerLike['level'],
    error: (...args) => {
      throw new SonicprintError('E_INVALID_PARAMETER', `chart could not be rendered: ${text(args)}`);
    },
    warn: (...args) => {
      onWarning(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

interface TextItem {
  fontSize?: number;
  fontWeight?: unknown;
  limit?: number;
}
interface TextMetrics {
  width: (item: TextItem, text: string) => number;
}

/**
 * vega measures text with a canvas when it has one and otherwise guesses 0.8 em per character. We have
 * no canvas, so while a chart renders we lend vega our Arial-metric widths (the hook vl-convert uses).
 * vega calls the width function both to truncate text to `item.limit` (expecting the full width) and to
 * size the text's bounds (expecting the width after truncation); min(width, limit) serves both.
 */
const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
let lent = 0;
let vegaWidth: TextMetrics['width'] | undefined;
const ourWidth = (item: TextItem, text: string): number => {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (text == null || size <= 0) return 0;
  const width = textWidth(String(text).trim(), size, isBoldWeight(item.fontWeight));
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(width, limit) : width;
};
function lendMetrics(): void {
  if (!metrics) return;
  if (lent++ === 0) {
    vegaWidth = metrics.width;
    metrics.width = ourWidth;
  }
}
function returnMetrics(): void {
  if (!metrics) return;
  if (--lent === 0 && vegaWidth) metrics.width = vegaWidth;
}

/**
 * Renumbers vega's process-wide ids (gradient_7, clip12) as `${prefix}-1..n` in order of appearance,
 * touching only markup inside tags (vega escapes < and > in text and attributes, so tags are exact).
 */
function renumberIds(svg: string, prefix?: string): string {
  const TAG = /<[^>]*>/g;
  const ids: string[] = [];
  for (const tag of svg.match(TAG) ?? []) {
    for (const m of tag.matchAll(/ id="([^"]+)"/g)) if (!ids.includes(m[1])) ids.push(m[1]);
  }
  if (ids.length === 0) return svg;
  const rewrite = (s: string, name: (k: number) => string) => {
    const map = new Map(ids.map((id, k) => [id, name(k + 1)]));
    const sub = (m: string, id: string, make: (n: string) => string) => (map.has(id) ? make(map.get(id)!) : m);
    return s.replace(TAG, (tag) =>
      tag
        .replace(/ id="([^"]+)"/g, (m, id: string) => sub(m, id, (n) => ` id="${n}"`))
        .replace(/="url\(#([^)"]+)\)"/g, (m, id: string) => sub(m, id, (n) => `="url(#${n})"`))
        .replace(/href="#([^"]+)"/g, (m, id: string) => sub(m, id, (n) => `href="#${n}"`)),
    );
  };
  const p = prefix ?? 'sp' + createHash('sha256').update(rewrite(svg, (k) => `__id${k}`)).digest('hex').slice(0, 10);
  return rewrite(svg, (k) => `${p}-${k}`);
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string: compile to Vega, run a headless View
 * (`renderer: 'none'`, no canvas package), `toSVG()`. The spec must hold its data inline; URLs are
 * refused before compiling and the View's loader refuses every load. Same input, same bytes.
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<string> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new ParameterError(`renderSvg: spec must be a Vega-Lite object, got ${spec === null ? 'null' : typeof spec}`);
  }
  if (options.idPrefix !== undefined && !/^[A-Za-z][\w-]*$/.test(options.idPrefix)) {
    throw new ParameterError(`idPrefix must start with a letter and hold only letters, digits, _ and -; got ${JSON.stringify(options.idPrefix)}`);
  }
  assertOffline(spec);
  const onWarning = options.onWarning ?? ((m: string) => process.emitWarning(m, 'VegaWarning'));
  const logger = makeLogger(onWarning);
  lendMetrics();
  let view: vega.View | undefined;
  try {
    const { spec: vgSpec } = compile(spec, { config: BASE_CONFIG, logger });
    view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: offlineLoader, logger });
    const svg = await view.toSVG();
    return renumberIds(svg, options.idPrefix);
  } catch (err) {
    if (err instanceof SonicprintError) throw err;
    throw new SonicprintError('E_INVALID_PARAMETER', `chart could not be rendered: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    view?.finalize();
    returnMetrics();
  }
}
