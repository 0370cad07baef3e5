/**
 * The sample report in a real browser (Debian's chromium driven by playwright-core), offline:
 * every non-file request is aborted and recorded, and none may be attempted.
 * Skipped where chromium is missing unless SONICPRINT_REQUIRE_BROWSER=1 (CI sets it).
 * SONICPRINT_SCREENSHOT_DIR=dir keeps the screenshots there for a person to look at.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './html.js';
import { TRICKY_NAME, sampleReport } from '../../test/report-samples.js';
import { textWidth } from './text-metrics.js';

/** The little of the DOM the page callbacks touch: the project compiles without lib "dom". */
interface DomElement {
  children: ArrayLike<DomElement>;
  textContent: string | null;
  clientWidth: number;
  scrollWidth: number;
  getAttribute(name: string): string | null;
  getComputedTextLength(): number;
  getBoundingClientRect(): { width: number; height: number };
  querySelector(selector: string): DomElement | null;
}
declare const document: { documentElement: DomElement; querySelectorAll(selector: string): ArrayLike<DomElement> };

const CHROMIUM = process.env.SONICPRINT_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.SONICPRINT_REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
if (!AVAILABLE && !REQUIRED) console.warn(`browser.test.ts: skipped, no chromium at ${CHROMIUM} (apt-get install chromium fonts-liberation)`);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!AVAILABLE && !REQUIRED)('HTML report in chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let reportUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sonicprint-browser-'));
    const reportPath = join(dir, 'report.html');
    await writeReport(reportPath, await sampleReport({ generatedAt: '2025-06-01T12:00:00Z' }));
    reportUrl = pathToFileURL(reportPath).href;
    // A persistent context is how playwright takes a user-data-dir: a fresh one, inside our temp dir.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the report with the network cut off; returns what was attempted and what went wrong. */
  async function open(viewport: { width: number; height: number }) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    const blocked: string[] = [];
    const requests: string[] = [];
    const errors: string[] = [];
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
    await page.goto(reportUrl, { waitUntil: 'load' });
    return { page, blocked, requests, errors };
  }

  async function screenshot(page: Page, name: string): Promise<string> {
    const path = join(dir, name);
    await page.screenshot({ path, fullPage: true });
    const keep = process.env.SONICPRINT_SCREENSHOT_DIR;
    if (keep) {
      await mkdir(keep, { recursive: true });
      await copyFile(path, join(keep, name));
    }
    return path;
  }

  it('loads offline: no network request attempted, no console errors, every chart visible', async () => {
    const { page, blocked, requests, errors } = await open({ width: 1400, height: 900 });
    expect(blocked).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    expect(errors).toEqual([]);

    const charts = page.locator('figure > svg');
    expect(await charts.count()).toBe(6);
    for (const chart of await charts.all()) {
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      const box = (await chart.boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
      expect(box.height).toBeGreaterThan(100);
    }
    // Escaped names show as text; nothing from them became markup.
    expect(await page.getByText(TRICKY_NAME, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('script, img, iframe, link').count()).toBe(0);
    // No sideways scrolling of the page at desktop width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    const png = await screenshot(page, 'report-desktop.png');
    expect((await stat(png)).size).toBeGreaterThan(50_000);
    await page.close();
  });

  it('renders chart text in a font whose widths match the layout metrics', async () => {
    const { page } = await open({ width: 1400, height: 900 });
    // Charts were laid out with Arial-metric widths (text-metrics.ts); the browser's font must agree.
    const measured = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure svg text'))
        .filter((t) => t.children.length === 0 && (t.textContent ?? '').trim() !== '')
        .map((t) => ({
          text: t.textContent ?? '',
          size: parseFloat(t.getAttribute('font-size') ?? '11'),
          bold: t.getAttribute('font-weight') === 'bold',
          width: t.getComputedTextLength(),
        })),
    );
    expect(measured.length).toBeGreaterThan(300);
    const off = measured
      .map((m) => ({ ...m, layout: textWidth(m.text, m.size, m.bold) }))
      .filter((m) => Math.abs(m.width - m.layout) > 1 + 0.04 * m.layout)
      .map((m) => `"${m.text}" ${m.size}px${m.bold ? ' bold' : ''}: browser ${m.width.toFixed(1)} px, layout ${m.layout.toFixed(1)} px`);
    expect(off).toEqual([]);
    await page.close();
  });

  it('fits a phone-width screen: charts keep their size and scroll inside their figure', async () => {
    const { page, blocked, errors } = await open({ width: 420, height: 900 });
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const sizes = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure')).map((f) => {
        const svg = f.querySelector('svg')!;
        return { figure: f.clientWidth, drawn: svg.getBoundingClientRect().width, natural: Number(svg.getAttribute('width')) };
      }),
    );
    expect(sizes).toHaveLength(6);
    for (const s of sizes) {
      expect(s.figure).toBeLessThanOrEqual(420);
      expect(s.drawn).toBeCloseTo(s.natural, 0);
    }
    await screenshot(page, 'report-phone.png');
    await page.close();
  });
});
