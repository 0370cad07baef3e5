import { describe, expect, it } from 'vitest';
import { ParameterError, SonicprintError } from '../errors.js';
import { similarityHeatmap } from './charts.js';
import { externalReferences, markItems, svgTexts } from './inspect.js';
import { assertOffline, renderSvg, type VegaLiteSpec } from './render.js';
import { fitText, textWidth } from './text-metrics.js';

const tiny: VegaLiteSpec = {
  data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }] },
  mark: 'bar',
  encoding: { x: { field: 'a', type: 'nominal', title: 'Letter' }, y: { field: 'b', type: 'quantitative', title: 'Value' } },
};

/** A chart with a gradient legend, so the SVG holds ids (vega numbers them process-wide). */
const withGradient = () => similarityHeatmap(['a', 'b'], [[1, 0.5], [0.5, 1]]);

function collect() {
  const warnings: string[] = [];
  return { warnings, onWarning: (w: string) => warnings.push(w) };
}

describe('renderSvg', () => {
  it('renders a standalone SVG with the marks and axis titles', async () => {
    const { warnings, onWarning } = collect();
    const svg = await renderSvg(tiny, { onWarning });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(markItems(svg, 'rect')).toHaveLength(2);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Letter', 'Value', 'x', 'y']));
    expect(warnings).toEqual([]);
  });

  it('sets the offline font stack on every text', async () => {
    const svg = await renderSvg(tiny);
    const families = [...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]);
    expect(families.length).toBeGreaterThan(0);
    for (const f of families) expect(f.startsWith("'Liberation Sans', Arial")).toBe(true);
  });

  it('is deterministic: the same spec gives the same bytes, ids included', async () => {
    const first = await renderSvg(withGradient());
    await renderSvg(tiny); // moves vega's process-wide id counters on
    const second = await renderSvg(withGradient());
    expect(first).toContain('url(#sp');
    expect(second).toBe(first);
  });

  it('gives different charts different ids, and honours idPrefix', async () => {
    const a = await renderSvg(withGradient());
    const b = await renderSvg(similarityHeatmap(['a', 'b', 'c'], [[1, 0.2, 0.3], [0.2, 1, 0.4], [0.3, 0.4, 1]]));
    const ids = (s: string) => [...s.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    const c = await renderSvg(withGradient(), { idPrefix: 'chart-3' });
    expect(ids(c)).toEqual(['chart-3-1']);
    expect(c).toContain('fill="url(#chart-3-1)"');
    await expect(renderSvg(tiny, { idPrefix: '1 bad"' })).rejects.toThrow(ParameterError);
  });

  it('refers to nothing outside itself: only the SVG namespace URIs', async () => {
    const svg = await renderSvg(withGradient());
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);
    expect(externalReferences(svg)).toEqual([]);
  });

  it('refuses specs that load data or images by URL, anywhere in the spec', async () => {
    const byUrl = { data: { url: 'https://example.com/tracks.csv' }, mark: 'point' } as VegaLiteSpec;
    await expect(renderSvg(byUrl)).rejects.toThrow(/spec\.data\.url: reports render offline/);
    const nested = { data: { values: [] }, layer: [{ mark: 'point' }, { data: { url: 'file:///etc/passwd' }, mark: 'point' }] } as unknown as VegaLiteSpec;
    await expect(renderSvg(nested)).rejects.toThrow(/spec\.layer\[1\]\.data\.url/);
    const image = { data: { values: [{ u: 'x.png' }] }, mark: 'image', encoding: { url: { field: 'u' } } } as VegaLiteSpec;
    await expect(renderSvg(image)).rejects.toThrow(ParameterError);
    const link = { data: { values: [{ u: 'x' }] }, mark: { type: 'point', href: 'https://example.com' } } as VegaLiteSpec;
    await expect(renderSvg(link)).rejects.toThrow(/href/);
  });

  it('allows a data field called "url": inline values are data, not requests', async () => {
    expect(() => assertOffline({ data: { values: [{ url: 'https://example.com' }] } })).not.toThrow();
    const spec: VegaLiteSpec = { data: { values: [{ url: 'a', n: 1 }] }, mark: 'bar', encoding: { x: { field: 'n', type: 'quantitative' } } };
    const svg = await renderSvg(spec);
    expect(markItems(svg, 'rect')).toHaveLength(1);
  });

  it('reports warnings through onWarning and throws SonicprintError on errors', async () => {
    const { warnings, onWarning } = collect();
    const odd = { ...tiny, encoding: { ...tiny.encoding, size: { field: 'a', type: 'nominal' } } } as VegaLiteSpec; // size on a bar is dropped
    await renderSvg(odd, { onWarning });
    expect(warnings.join('\n')).toMatch(/size/i);
    const broken = { ...tiny, transform: [{ filter: 'datum.b +* 2' }] } as VegaLiteSpec;
    const err = await renderSvg(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SonicprintError);
    expect((err as SonicprintError).code).toBe('E_INVALID_PARAMETER');
    expect((err as Error).message).toMatch(/^chart could not be rendered/);
    await expect(renderSvg(null as unknown as VegaLiteSpec)).rejects.toThrow(/spec must be a Vega-Lite object, got null/);
  });

  it('sizes labels with Arial metrics, not 0.8 em per character', async () => {
    // 30 characters at 11 px: Arial needs ~160 px, vega's guess would be 264 px.
    const label = 'Here Comes the Sun (Remastered)';
    const spec: VegaLiteSpec = { data: { values: [{ t: label, v: 1 }] }, mark: 'bar', encoding: { y: { field: 't', type: 'nominal', title: null }, x: { field: 'v', type: 'quantitative' } }, width: 100 };
    const svg = await renderSvg(spec);
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const expected = Math.ceil(textWidth(label, 11)) + 100;
    expect(width).toBeGreaterThan(expected);
    expect(width).toBeLessThan(expected + 60);
  });
});

describe('text metrics', () => {
  it('uses the Helvetica/Arial advance widths', () => {
    // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 units.
    expect(textWidth('Hello', 10)).toBeCloseTo(22.78, 10);
    expect(textWidth('Hello', 10, true)).toBeCloseTo((722 + 556 + 278 + 278 + 611) / 100, 10);
    expect(textWidth('\u6771\u4eac', 10)).toBe(20);
    expect(textWidth('e\u0301', 10)).toBeCloseTo(5.56, 10); // combining accent takes no room
  });

  it('fits text with an ellipsis', () => {
    expect(fitText('short', 100, 10)).toBe('short');
    const cut = fitText('The Velvet Sundown plays here', 60, 10);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(textWidth(cut, 10)).toBeLessThanOrEqual(60);
  });
});
