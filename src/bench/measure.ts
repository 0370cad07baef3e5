/** Timing helpers for benchmarks: median wall time and CPU time over repeated runs. */

export interface Timing {
  /** Median wall-clock milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median process CPU milliseconds (user + system): less sensitive to other load on the machine. */
  cpuMs: number;
  runs: number;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `fn` once to warm up (JIT, caches), then `runs` timed times back to back, as a batch would.
 * No forced GC between runs: a full collection shrinks the heap, and regrowing it cost the next
 * run ~50% (measured), which no real workload pays.
 */
export async function measure(fn: () => unknown, runs = 7): Promise<Timing> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { medianMs: median(wall), minMs: Math.min(...wall), maxMs: Math.max(...wall), cpuMs: median(cpu), runs };
}
