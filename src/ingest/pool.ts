/** Runs analyzeFile on a pool of worker threads (decode + embed in parallel), or inline in this thread. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Embedder, ExcerptOptions } from '../embed/embedder.js';
import { SonicprintError, type ErrorCode } from '../errors.js';
import { LibraryError } from '../store/errors.js';
import { analyzeFile, type AnalyzedFile } from './analyze.js';
import { instantiate, loadEmbedderProvider } from './embedders.js';

/** What each worker is started with. */
export interface WorkerInit {
  embedderIds: string[];
  embedderModule?: string;
}

/** One file for a worker. */
export interface WorkerTask {
  id: number;
  path: string;
  embedderIds: string[];
  excerpt: ExcerptOptions;
}

type ErrorJson = { code: ErrorCode; message: string; input?: string };

export type WorkerReply =
  | { type: 'ready'; dims: Record<string, number> }
  | { type: 'init-error'; error: ErrorJson }
  | { type: 'result'; id: number; file: AnalyzedFile }
  | { type: 'error'; id: number; error: ErrorJson };

/** Decodes and embeds files; `workers` 0 means inline in the calling thread. */
export interface Analyzer {
  readonly workers: number;
  /** Vector length of each embedder. */
  readonly dims: Readonly<Record<string, number>>;
  /** Analyses one file with a subset of the pool's embedders. Rejects with a SonicprintError. */
  analyze(path: string, embedderIds: readonly string[], excerpt: ExcerptOptions): Promise<AnalyzedFile>;
  close(): Promise<void>;
}

export interface AnalyzerOptions {
  /**
   * Embedder ids (looked up in `embedderModule`, default the built-in registry) or instances.
   * Instances cannot cross into worker threads: with any instance the analyzer runs inline.
   */
  embedders: readonly (string | Embedder)[];
  /** A module exporting `getEmbedder(id)`, as a file: URL or absolute path (see embedderModuleUrl). */
  embedderModule?: string;
  /** Worker threads; 0 = inline. Default: all cores (os.availableParallelism()). */
  workers?: number;
  /** The worker entry to run (default: worker.js beside this module). */
  workerScript?: string | URL;
}

/** Default worker count: every core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The compiled worker entry beside this module, or undefined when running from TypeScript
 * sources (vitest), where a worker thread could not load it: the analyzer then runs inline.
 */
export function builtWorkerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Starts an analyzer: a worker pool when workers > 0 and a worker script exists, else inline. */
export async function createAnalyzer(opts: AnalyzerOptions): Promise<Analyzer> {
  const workers = opts.workers ?? defaultWorkers();
  const instances = opts.embedders.filter((e): e is Embedder => typeof e !== 'string');
  const script = opts.workerScript ?? builtWorkerScript();
  if (workers <= 0 || instances.length > 0 || !script) {
    const provider = opts.embedders.some((e) => typeof e === 'string') ? await loadEmbedderProvider(opts.embedderModule) : undefined;
    const list = opts.embedders.map((e) => (typeof e === 'string' ? instantiate(provider!, [e])[0] : e));
    return new InlineAnalyzer(list);
  }
  return WorkerPool.start(script, { embedderIds: opts.embedders as string[], embedderModule: opts.embedderModule }, workers);
}

class InlineAnalyzer implements Analyzer {
  readonly workers = 0;
  readonly dims: Record<string, number>;
  private readonly byId: Map<string, Embedder>;

  constructor(embedders: Embedder[]) {
    this.byId = new Map(embedders.map((e) => [e.id, e]));
    this.dims = Object.fromEntries(embedders.map((e) => [e.id, e.dim]));
  }

  analyze(path: string, embedderIds: readonly string[], excerpt: ExcerptOptions): Promise<AnalyzedFile> {
    return analyzeFile(path, embedderIds.map((id) => this.byId.get(id)!), excerpt);
  }

  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  busy?: { task: WorkerTask; resolve: (f: AnalyzedFile) => void; reject: (e: SonicprintError) => void };
}

class WorkerPool implements Analyzer {
  dims: Record<string, number> = {};
  private readonly slots: Slot[] = [];
  private readonly queue: { task: WorkerTask; resolve: (f: AnalyzedFile) => void; reject: (e: SonicprintError) => void }[] = [];
  private nextId = 1;
  private closing = false;

  private constructor(
    private readonly script: string | URL,
    private readonly init: WorkerInit,
    readonly workers: number,
  ) {}

  static async start(script: string | URL, init: WorkerInit, workers: number): Promise<WorkerPool> {
    const pool = new WorkerPool(script, init, workers);
    try {
      await Promise.all(Array.from({ length: workers }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  analyze(path: string, embedderIds: readonly string[], excerpt: ExcerptOptions): Promise<AnalyzedFile> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.nextId++, path, embedderIds: [...embedderIds], excerpt }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const q of this.queue.splice(0)) q.reject(new LibraryError('E_EMBED_FAILED', `${q.task.path}: the worker pool was closed`, { input: q.task.path }));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  /** Starts a worker and resolves once its embedders are loaded. */
  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.script, { workerData: this.init });
      const slot: Slot = { worker };
      let ready = false;
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          ready = true;
          this.dims = msg.dims;
          this.slots.push(slot);
          resolve();
          this.dispatch();
        } else if (msg.type === 'init-error') {
          reject(new SonicprintError(msg.error.code, msg.error.message));
          void worker.terminate();
        } else {
          const job = slot.busy;
          slot.busy = undefined;
          if (job && msg.id === job.task.id) {
            if (msg.type === 'result') job.resolve(msg.file);
            else job.reject(new SonicprintError(msg.error.code, msg.error.message, { input: msg.error.input }));
          }
          this.dispatch();
        }
      });
      const crashed = (reason: string) => {
        if (!ready) {
          reject(new LibraryError('E_EMBED_FAILED', `a worker thread failed to start: ${reason}`));
          return;
        }
        const at = this.slots.indexOf(slot);
        if (at >= 0) this.slots.splice(at, 1);
        const job = slot.busy;
        slot.busy = undefined;
        if (job) job.reject(new LibraryError('E_EMBED_FAILED', `${job.task.path}: the worker thread crashed (${reason})`, { input: job.task.path }));
        if (!this.closing) {
          // Replace it; if even that fails, the remaining workers carry on (and with none left, queued files fail).
          this.spawn().catch((err: SonicprintError) => {
            if (this.slots.length === 0) for (const q of this.queue.splice(0)) q.reject(err);
          });
        }
      };
      worker.on('error', (err) => crashed(err.message));
      worker.on('exit', (code) => {
        if (this.slots.includes(slot) || !ready) crashed(`exit code ${code}`);
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage(job.task);
    }
  }
}
