import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type RecordBatch, UserError } from '@dance/schema';
import {
  type ChunkJob,
  computeChunk,
  type PackedBatch,
  packBatches,
  type StepSpec,
  unpackBatches,
} from './chunk-job.js';
import type { Plugin } from './plugin.js';

/** Computes chunk jobs, in this thread or on worker threads, always handing results back in job order. */
export interface ChunkRunner {
  submit(job: ChunkJob): Promise<Record<string, RecordBatch>>;
  /** Jobs worth keeping in flight. */
  readonly depth: number;
  close(): Promise<void>;
}

export function inThreadRunner(plugins: readonly Plugin[], steps: readonly StepSpec[]): ChunkRunner {
  const byType = new Map(plugins.map((p) => [p.provides.name, p]));
  return {
    depth: 1,
    submit: async (job) => computeChunk(byType, steps, job),
    close: async () => {},
  };
}

/**
 * N worker threads, each importing `module` (compiled JS exporting `plugins`) and running the script
 * dist/src/worker.js of this package (from sources under vitest: needs a prior `npx tsc -b`).
 */
export function workerRunner(workers: number, module: URL, steps: readonly StepSpec[]): ChunkRunner {
  if (!existsSync(module)) throw new Error(`plugin module ${fileURLToPath(module)} is missing: run npx tsc -b`);
  const pending = new Map<number, { resolve: (o: Record<string, RecordBatch>) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const pool = Array.from({ length: workers }, () => {
    const w = new Worker(workerScript(), { workerData: { module: module.href, steps } });
    w.on('message', (m: { id: number; outputs?: Record<string, PackedBatch>; error?: string; userError?: boolean }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.outputs) p?.resolve(unpackBatches(m.outputs));
      else p?.reject(m.userError ? new UserError(m.error ?? '') : new Error(`pipeline worker failed: ${m.error}`));
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (pending.size > 0) fail(new Error(`pipeline worker exited (code ${code}) with chunks outstanding`));
    });
    return w;
  });
  let next = 0;
  return {
    depth: workers * 2,
    submit(job) {
      const id = next++;
      const { packed, transfer } = packBatches(job.inputs);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        pool[id % pool.length].postMessage({ id, context: job.context, inputs: packed }, transfer);
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}

function workerScript(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const url = new URL('../dist/src/worker.js', import.meta.url);
  if (!existsSync(url))
    throw new Error(`worker threads need the compiled pipeline (${fileURLToPath(url)}): run npx tsc -b`);
  return url;
}
