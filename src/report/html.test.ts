import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParameterError } from '../errors.js';
import { VERSION } from '../version.js';
import { escapeHtml, htmlReport, writeReport, type ReportInput } from './html.js';
import { externalReferences } from './inspect.js';
import { renderSvg } from './render.js';
import { similarityHeatmap } from './charts.js';
import { TRICKY_NAME, sampleReport } from '../../test/report-samples.js';

const EVIL = `</title><script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;

function basic(overrides: Partial<ReportInput> = {}): ReportInput {
  return { title: 'Report', sections: [{ heading: 'One', text: 'Hello' }], ...overrides };
}

/** Text content with tags removed and entities decoded, the way a browser shows it. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('htmlReport', () => {
  it('escapes every piece of text: title, subtitle, headings, paragraphs, tables, parameters', () => {
    const html = htmlReport({
      title: EVIL,
      subtitle: EVIL,
      parameters: { [EVIL]: EVIL },
      sections: [
        { heading: EVIL, text: EVIL, table: { columns: [EVIL], rows: [[EVIL], [TRICKY_NAME]] } },
        { heading: 'two', text: [EVIL] },
        { heading: 'three' },
      ],
    });
    expect(html).not.toMatch(/<script|<img|<\/title><script/i);
    // The only elements are the ones we write.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(
      ['a', 'body', 'dd', 'div', 'dl', 'dt', 'footer', 'h1', 'h2', 'head', 'header', 'html', 'li', 'main', 'meta', 'nav', 'ol', 'p', 'section', 'strong', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr'].sort(),
    );
    const shown = visibleText(html);
    expect(shown.split(EVIL).length - 1).toBeGreaterThanOrEqual(9);
    expect(shown).toContain(TRICKY_NAME);
    expect(html).toContain('Tom &amp; &quot;Jerry&#39;s&quot; &lt;Band&gt;');
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('has no external references at all, and forbids loads with a Content-Security-Policy', async () => {
    const html = await sampleReport({ generatedAt: '2025-06-01T12:00:00Z' });
    expect(externalReferences(html)).toEqual([]);
    // Precisely: the only http(s) strings are the SVG namespace URIs in xmlns attributes.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    const inXmlns = [...html.matchAll(/ xmlns(?::xlink)?="(https?:\/\/[^"]*)"/g)].length;
    expect(inXmlns).toBe(urls.length);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|@import|@font-face|src=/i);
    // Six charts, each with unique ids.
    expect(html.match(/<svg /g)).toHaveLength(6);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts tables beside charts, right-aligns number columns and formats numbers', async () => {
    const svg = await renderSvg(similarityHeatmap(['a', 'b'], [[1, 0.5], [0.5, 1]]));
    const html = htmlReport(
      basic({
        sections: [
          {
            heading: 'Chart',
            svg,
            table: { columns: ['Artist', 'Score', 'Note'], rows: [['A', 0.123456, null], ['B', 12, 'x'], ['C', null, true]] },
          },
          { heading: 'Only a chart', svg },
        ],
      }),
    );
    expect(html).toContain('<div class="body pair"><figure><svg');
    expect(html).toContain('<div class="body"><figure><svg');
    expect(html).toContain('<th scope="col" class="num">Score</th>');
    expect(html).toContain('<td class="num">0.123</td>');
    expect(html).toContain('<td class="num">12</td>');
    expect(html).toContain('<td class="num">\u2013</td>');
    expect(html).toContain('<td>true</td>');
    expect(html).toContain('<th scope="col">Note</th>');
  });

  it('has a footer with the version and the parameters, and a time only when given', () => {
    const html = htmlReport(basic({ parameters: { k: 10, embedder: 'sonicprint-v1', weight: 0.3, none: null } }));
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain(`Made with sonicprint ${VERSION}.`);
    expect(footer).toContain('<dt>k</dt><dd>10</dd>');
    expect(footer).toContain('<dt>embedder</dt><dd>sonicprint-v1</dd>');
    expect(footer).toContain('<dt>weight</dt><dd>0.3</dd>');
    expect(htmlReport(basic())).toBe(htmlReport(basic()));
    expect(htmlReport(basic())).not.toMatch(/generated|\d{4}-\d\d-\d\dT/);
    const dated = htmlReport(basic({ generatedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) }));
    expect(dated).toContain('2025-01-02T03:04:05.000Z');
  });

  it('splits text into paragraphs on blank lines', () => {
    const html = htmlReport(basic({ sections: [{ heading: 'h', text: 'one\nstill one\n\ntwo' }] }));
    expect(html).toContain('<p>one<br>still one</p>\n<p>two</p>');
  });

  it('refuses SVG that is not a plain chart, and bad input', () => {
    const section = (svg: string) => basic({ sections: [{ heading: 'h', svg }] });
    expect(() => htmlReport(section('<div>no</div>'))).toThrow(/sections\[0\]\.svg must be a single <svg> element/);
    expect(() => htmlReport(section('<svg><script>alert(1)</script></svg>'))).toThrow(/script/);
    expect(() => htmlReport(section('<svg><rect onclick="x()"/></svg>'))).toThrow(ParameterError);
    expect(() => htmlReport(basic({ title: ' ' }))).toThrow(/title must be a non-empty string/);
    expect(() => htmlReport(basic({ generatedAt: 'yesterday' }))).toThrow(/generatedAt must be a date/);
    expect(() => htmlReport(basic({ sections: [{ heading: 'h', table: { columns: ['a', 'b'], rows: [['x']] } }] }))).toThrow(
      /sections\[0\]\.table\.rows\[0\] must have 2 cells/,
    );
  });
});

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sonicprint-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the page and leaves no temp file', async () => {
    const path = join(dir, 'report.html');
    await writeReport(path, '<!doctype html><p>one</p>');
    expect(await readFile(path, 'utf8')).toBe('<!doctype html><p>one</p>');
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'report.html');
    await writeFile(path, 'old '.repeat(10_000));
    await writeReport(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('creates missing folders', async () => {
    const path = join(dir, 'a', 'b', 'report.html');
    await writeReport(path, 'x');
    expect(await readFile(path, 'utf8')).toBe('x');
  });

  it('cleans up its temp file when the rename fails, and leaves the target alone', async () => {
    const target = join(dir, 'taken');
    await writeFile(join(dir, 'keep.txt'), 'keep');
    // A non-empty directory cannot be replaced by a file.
    await writeReport(join(target, 'inner.html'), 'x');
    await expect(writeReport(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep.txt', 'taken']);
    expect(await readdir(target)).toEqual(['inner.html']);
  });

  it('validates its arguments', async () => {
    await expect(writeReport('', 'x')).rejects.toThrow(ParameterError);
    await expect(writeReport(join(dir, 'r.html'), 42 as unknown as string)).rejects.toThrow(/html must be a string, got number/);
  });
});
