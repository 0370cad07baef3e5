/** Worker thread entry: loads the embedders once, then decodes and embeds the files the pool sends, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Embedder } from '../embed/embedder.js';
import { asSonicprintError } from '../errors.js';
import { analyzeFile } from './analyze.js';
import { instantiate, loadEmbedderProvider } from './embedders.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './pool.js';

const port = parentPort!;
const init = workerData as WorkerInit;

async function start(): Promise<Map<string, Embedder>> {
  const provider = await loadEmbedderProvider(init.embedderModule);
  return new Map(instantiate(provider, init.embedderIds).map((e) => [e.id, e]));
}

start().then(
  (embedders) => {
    port.postMessage({ type: 'ready', dims: Object.fromEntries([...embedders].map(([id, e]) => [id, e.dim])) } satisfies WorkerReply);
    port.on('message', (task: WorkerTask) => {
      analyzeFile(
        task.path,
        task.embedderIds.map((id) => embedders.get(id)!),
        task.excerpt,
      ).then(
        (file) => port.postMessage({ type: 'result', id: task.id, file } satisfies WorkerReply, Object.values(file.vectors).map((v) => v.buffer as ArrayBuffer)),
        (err) => port.postMessage({ type: 'error', id: task.id, error: asSonicprintError(err, task.path).toJSON() } satisfies WorkerReply),
      );
    });
  },
  (err) => port.postMessage({ type: 'init-error', error: asSonicprintError(err).toJSON() } satisfies WorkerReply),
);
