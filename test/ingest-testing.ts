/**
 * Test support for the store, ingest and library CLI tests (not exported by the package): a plug-in
 * embedder module in plain JS (worker threads and child processes load it), generated music
 * folders, and a compiled copy of the sources for worker threads and spawned CLIs.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMp3, encodeWav } from '../src/audio/encode.js';
import { DEMO_STYLES, renderClip } from '../src/synth/song.js';

/**
 * Embedders for tests, independent of the real fingerprints: 'tone-v1' (12 values: RMS, zero-crossing
 * rate and first-difference energy ratio per quarter of the excerpt, at 11025 Hz), 'tone-zcr'
 * (4 values at 8000 Hz) and 'nan-v1' (returns NaN: an embedder bug). The environment variable
 * SONICPRINT_TEST_EMBED_DELAY_MS makes every embed call busy-wait that long (kill -9 tests).
 */
export const TEST_EMBEDDERS_SOURCE = `
function delay() {
  const ms = Number(process.env.SONICPRINT_TEST_EMBED_DELAY_MS || 0);
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}
function quarters(y, fn) {
  const out = [];
  const n = Math.floor(y.length / 4);
  for (let q = 0; q < 4; q++) out.push(fn(y.subarray(q * n, (q + 1) * n)));
  return out;
}
const rms = (x) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * x[i]; return Math.sqrt(s / Math.max(1, x.length)); };
const zcr = (x) => { let c = 0; for (let i = 1; i < x.length; i++) if ((x[i] >= 0) !== (x[i - 1] >= 0)) c++; return c / Math.max(1, x.length - 1); };
const hf = (x) => { let d = 0, e = 1e-12; for (let i = 1; i < x.length; i++) { const v = x[i] - x[i - 1]; d += v * v; e += x[i] * x[i]; } return d / e; };
export function getEmbedder(id) {
  if (id === 'tone-v1') return { id, dim: 12, sampleRate: 11025, embed(y) { delay(); return Float32Array.from([...quarters(y, rms), ...quarters(y, zcr), ...quarters(y, hf)]); } };
  if (id === 'tone-zcr') return { id, dim: 4, sampleRate: 8000, embed(y) { delay(); return Float32Array.from(quarters(y, zcr)); } };
  if (id === 'nan-v1') return { id, dim: 2, sampleRate: 8000, embed() { return Float32Array.from([0, NaN]); } };
  throw new Error("unknown test embedder '" + id + "' (known: tone-v1, tone-zcr, nan-v1)");
}
`;

/** Writes the test embedder module into `dir`; returns its absolute path. */
export async function writeTestEmbedders(dir: string): Promise<string> {
  const path = join(dir, 'test-embedders.mjs');
  await writeFile(path, TEST_EMBEDDERS_SOURCE);
  return path;
}

export interface ClipSpec {
  /** Path relative to the root, e.g. 'rock/Song One - Velvet Pianos.mp3'. */
  rel: string;
  /** Index into DEMO_STYLES. */
  style: number;
  seed: number;
  seconds: number;
}

const SR = 22050;

/** Renders and encodes each clip (MP3 128 kbit/s or 16-bit WAV by extension), tag-less. */
export async function writeClips(root: string, specs: readonly ClipSpec[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of specs) {
    const path = join(root, s.rel);
    await mkdir(dirname(path), { recursive: true });
    const y = renderClip({ style: DEMO_STYLES[s.style], seed: s.seed, duration: s.seconds, sr: SR });
    const bytes = s.rel.endsWith('.mp3') ? await encodeMp3({ channels: [y], sampleRate: SR }, { bitrate: 128 }) : encodeWav({ channels: [y], sampleRate: SR });
    await writeFile(path, bytes);
    out.push(path);
  }
  return out;
}

/**
 * A GTZAN-like tree: one folder per style's genre, files named "Song N - <style name>.<ext>",
 * `perStyle` clips of each of the three demo styles, alternating MP3 and WAV.
 */
export function treeSpecs(perStyle: number, seconds: number, firstSeed = 1): ClipSpec[] {
  const specs: ClipSpec[] = [];
  for (let s = 0; s < DEMO_STYLES.length; s++) {
    for (let k = 0; k < perStyle; k++) {
      const st = DEMO_STYLES[s];
      specs.push({ rel: `${st.genre}/Song ${k + 1} - ${st.name}.${k % 2 === 0 ? 'mp3' : 'wav'}`, style: s, seed: firstSeed + 100 * s + k, seconds });
    }
  }
  return specs;
}

const REPO = fileURLToPath(new URL('../', import.meta.url));

/**
 * A compiled copy of src/ (TypeScript's transpileModule, no type check: about a second) under
 * node_modules/.cache, keyed by a hash of the sources, so worker threads and spawned CLIs run
 * the code under test rather than a stale dist/. Returns the folder holding cli/main.js.
 */
export async function compiledCopy(): Promise<string> {
  const ts = (await import('typescript')).default;
  const src = join(REPO, 'src');
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) sources.push(p);
    }
  };
  walk(src);
  sources.sort();
  const hash = createHash('sha256');
  const texts = sources.map((p) => {
    const text = readFileSync(p, 'utf8');
    hash.update(relative(src, p)).update('\0').update(text).update('\0');
    return text;
  });
  const cacheRoot = join(REPO, 'node_modules', '.cache', 'sonicprint-test-build');
  const out = join(cacheRoot, hash.digest('hex').slice(0, 16));
  if (existsSync(join(out, 'cli', 'main.js'))) return out;
  mkdirSync(cacheRoot, { recursive: true });
  // version.ts reads ../package.json; the copy also marks the folder as ESM.
  cpSync(join(REPO, 'package.json'), join(cacheRoot, 'package.json'));
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  sources.forEach((p, i) => {
    const js = ts.transpileModule(texts[i], {
      fileName: p,
      // ESNext, not NodeNext: transpileModule cannot see package.json's "type": "module" and would emit CommonJS.
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: false },
    }).outputText;
    const dest = join(tmp, relative(src, p)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  });
  try {
    renameSync(tmp, out);
  } catch {
    // Another test file built the same sources first.
    rmSync(tmp, { recursive: true, force: true });
  }
  // Builds of older sources, unless so recent that another test run may still use them.
  for (const name of readdirSync(cacheRoot)) {
    const p = join(cacheRoot, name);
    if (p !== out && name !== 'package.json' && Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true });
  }
  return out;
}
