/** Self-contained HTML report pages (inline CSS and SVG, no scripts, no URLs) and their atomic write. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ParameterError } from '../errors.js';
import { VERSION } from '../version.js';
import { FONT_STACK, PALETTE } from './theme.js';

/** A table cell: numbers are right-aligned and formatted, null shows as a dash. */
export type ReportCell = string | number | boolean | null;

export interface ReportTable {
  columns: string[];
  rows: ReportCell[][];
  caption?: string;
  /** Decimals for non-integer numbers (default 3). */
  decimals?: number;
}

export interface ReportSection {
  heading: string;
  /** Plain text (escaped); blank lines separate paragraphs. An array gives one paragraph per item. */
  text?: string | string[];
  /** An SVG from renderSvg, inlined as is (it must be a lone <svg> element without scripts). */
  svg?: string;
  /** The numbers behind the chart, shown beside it on wide screens and below it on narrow ones. */
  table?: ReportTable;
}

export interface ReportInput {
  title: string;
  subtitle?: string;
  /** When the results were computed; left out, the page carries no time and is byte-stable. */
  generatedAt?: string | Date;
  /** The parameters the results were computed with (k, embedder, library...), listed in the footer. */
  parameters?: Record<string, ReportCell>;
  sections: ReportSection[];
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function formatCell(value: ReportCell, decimals: number): string {
  if (value === null) return '\u2013';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '\u2013';
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return Math.abs(value) < 10 ** -decimals ? value.toPrecision(3) : value.toFixed(decimals);
  }
  return String(value);
}

function paragraphs(text: string | string[]): string {
  const parts = Array.isArray(text) ? text : text.split(/\n\s*\n/);
  return parts
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Accepts only what renderSvg makes: one <svg> element, no script, no event handlers, no foreign HTML. */
function checkSvg(svg: string, where: string): string {
  const s = svg.trim();
  if (!s.startsWith('<svg') || !s.endsWith('</svg>')) throw new ParameterError(`${where}.svg must be a single <svg> element (from renderSvg), got ${JSON.stringify(s.slice(0, 40))}`);
  if (/<script|<foreignObject|\son\w+\s*=|javascript:/i.test(s)) throw new ParameterError(`${where}.svg holds script or foreign content; reports inline only static SVG`);
  return s;
}

function table(t: ReportTable, where: string): string {
  if (!Array.isArray(t.columns) || t.columns.length === 0) throw new ParameterError(`${where}.table.columns must be a non-empty array`);
  if (!Array.isArray(t.rows)) throw new ParameterError(`${where}.table.rows must be an array`);
  const decimals = t.decimals ?? 3;
  t.rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== t.columns.length) {
      throw new ParameterError(`${where}.table.rows[${i}] must have ${t.columns.length} cells (one per column), got ${Array.isArray(r) ? r.length : typeof r}`);
    }
  });
  // A column of numbers (nulls allowed) is right-aligned with tabular figures.
  const numeric = t.columns.map((_, j) => t.rows.some((r) => typeof r[j] === 'number') && t.rows.every((r) => typeof r[j] === 'number' || r[j] === null));
  const cls = (j: number) => (numeric[j] ? ' class="num"' : '');
  const head = t.columns.map((c, j) => `<th scope="col"${cls(j)}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((v, j) => `<td${cls(j)}>${escapeHtml(formatCell(v, decimals))}</td>`).join('')}</tr>`).join('\n');
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

const CSS = `
:root { color-scheme: light; --ink: ${PALETTE.ink}; --muted: ${PALETTE.muted}; --rule: ${PALETTE.grid}; --accent: ${PALETTE.accent}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f6f7f9; color: var(--ink); font-family: ${FONT_STACK}; font-size: 16px; line-height: 1.55; }
main { max-width: 1280px; margin: 0 auto; padding: 2rem 1.5rem 1rem; }
header.page { margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .35rem; }
.subtitle { font-size: 1.15rem; color: var(--muted); margin: 0 0 .35rem; }
.meta { font-size: .85rem; color: var(--muted); margin: 0; }
nav.toc { font-size: .9rem; margin: 0 0 1.5rem; }
nav.toc ol { margin: .25rem 0 0; padding-left: 1.4rem; columns: 2 18rem; }
nav.toc a { color: var(--ink); }
section { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 1.25rem 1.5rem 1.5rem; margin: 0 0 1.5rem; }
h2 { font-size: 1.3rem; line-height: 1.25; margin: 0 0 .6rem; }
section p { max-width: 72ch; margin: 0 0 .75rem; }
.body { display: grid; gap: 1.5rem; align-items: start; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 1100px) { .body.pair { grid-template-columns: minmax(0, 1.7fr) minmax(18rem, 1fr); } }
figure { margin: 0; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
/* On a phone a chart shrunk to the screen is unreadable: keep its size and let the figure scroll. */
@media (max-width: 700px) { main { padding: 1.25rem .75rem; } section { padding: 1rem; } figure svg { max-width: none; } }
.table-wrap { max-height: 34rem; overflow: auto; border: 1px solid var(--rule); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; line-height: 1.35; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .5rem .6rem; }
th, td { padding: .3rem .6rem; text-align: left; border-bottom: 1px solid var(--rule); vertical-align: top; overflow-wrap: break-word; }
th:not(.num), td:not(.num) { min-width: 7rem; }
thead th { position: sticky; top: 0; background: #f0f2f4; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
footer.page { font-size: .85rem; color: var(--muted); border-top: 1px solid var(--rule); margin-top: 1rem; padding: 1rem 0 2rem; }
footer.page dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 0; }
footer.page dt { font-weight: bold; color: var(--ink); }
footer.page dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { background: #fff; }
  section { border: none; padding: 0; break-inside: avoid-page; }
  .table-wrap { max-height: none; overflow: visible; border: none; }
  nav.toc { display: none; }
}
`;

/**
 * One self-contained HTML page: inline CSS, inline SVG charts, tables of the numbers beside them,
 * no scripts and no URLs (a Content-Security-Policy forbids the browser from loading anything), every
 * piece of text escaped. The footer names the sonicprint version and the parameters used.
 */
export function htmlReport(input: ReportInput): string {
  if (input === null || typeof input !== 'object') throw new ParameterError('htmlReport: input must be an object');
  if (typeof input.title !== 'string' || input.title.trim() === '') throw new ParameterError('htmlReport: title must be a non-empty string');
  if (!Array.isArray(input.sections)) throw new ParameterError('htmlReport: sections must be an array');
  let generated: string | undefined;
  if (input.generatedAt !== undefined) {
    const d = input.generatedAt instanceof Date ? input.generatedAt : new Date(input.generatedAt);
    if (Number.isNaN(d.getTime())) throw new ParameterError(`htmlReport: generatedAt must be a date, got ${JSON.stringify(String(input.generatedAt))}`);
    generated = input.generatedAt instanceof Date ? d.toISOString() : String(input.generatedAt);
  }

  const sections = input.sections.map((s, i) => {
    const where = `sections[${i}]`;
    if (!s || typeof s.heading !== 'string') throw new ParameterError(`htmlReport: ${where}.heading must be a string`);
    const svg = s.svg === undefined ? '' : `<figure>${checkSvg(s.svg, where)}</figure>`;
    const tbl = s.table === undefined ? '' : table(s.table, where);
    const body = svg || tbl ? `<div class="body${svg && tbl ? ' pair' : ''}">${svg}${tbl}</div>` : '';
    return `<section id="section-${i + 1}" aria-labelledby="section-${i + 1}-h">
<h2 id="section-${i + 1}-h">${escapeHtml(s.heading)}</h2>
${s.text === undefined ? '' : paragraphs(s.text)}
${body}
</section>`;
  });
  const toc =
    input.sections.length > 2
      ? `<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>${input.sections
          .map((s, i) => `<li><a href="#section-${i + 1}">${escapeHtml(s.heading)}</a></li>`)
          .join('')}</ol></nav>`
      : '';
  const params = Object.entries(input.parameters ?? {});
  const paramList = params.length
    ? `<dl>${params.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v === null ? '\u2013' : String(v))}</dd>`).join('')}</dl>`
    : '';
  const meta = [`sonicprint ${VERSION}`, generated === undefined ? '' : `generated ${generated}`].filter(Boolean).join(' \u00b7 ');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="sonicprint ${escapeHtml(VERSION)}">
<title>${escapeHtml(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="page">
<h1>${escapeHtml(input.title)}</h1>
${input.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(input.subtitle)}</p>`}
<p class="meta">${escapeHtml(meta)}</p>
</header>
${toc}
${sections.join('\n')}
<footer class="page">
<div>Made with sonicprint ${escapeHtml(VERSION)}${generated === undefined ? '' : ` on ${escapeHtml(generated)}`}.${params.length ? ' Parameters used:' : ''}</div>
${paramList}
</footer>
</main>
</body>
</html>
`;
}

/**
 * Writes `html` to `path` atomically: a temp file beside it (same directory, so rename stays on one
 * filesystem), flushed, then renamed over the target. Readers see the old file or the new one, never half.
 */
export async function writeReport(path: string, html: string): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new ParameterError('writeReport: path must be a non-empty string');
  if (typeof html !== 'string') throw new ParameterError(`writeReport: html must be a string, got ${typeof html}`);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(html, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
}
