import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '@dance/schema';
import type { ChunkInfo, Store } from '@dance/store';
import { type PackedBatch, PluginFailure, packBatches, unpackBatches } from './chunk-job.js';
import { type Carry, GroupJob, type JobPlan, type JobSetup, type PieceSummary, type PieceWrite } from './job.js';
import type { Plugin } from './plugin.js';

/** A group of stored chunks on its way: the carry for the next group, its chunks, then their encoded files. */
export interface GroupHandle {
  readonly carry: Promise<Carry>;
  readonly pieces: Promise<PieceSummary[]>;
  /** Encodes and writes the stored products' chunks (flushed files at the writers' chunkPath); null where kept. */
  encode(writes: readonly PieceWrite[]): Promise<(ChunkInfo | null)[][]>;
}

/** Runs groups in this thread or on worker threads; the caller hands each group its predecessor's carry. */
export interface ChunkRunner {
  submit(plan: JobPlan, head: Promise<Carry>): GroupHandle;
  /** Groups worth keeping in flight. */
  readonly depth: number;
  close(): Promise<void>;
}

export function inThreadRunner(store: Store, setup: JobSetup, plugins: readonly Plugin[]): ChunkRunner {
  const byType = new Map(plugins.map((p) => [p.provides.name, p]));
  return {
    depth: 1,
    submit(plan, head) {
      const job = (async () => new GroupJob(store, setup, byType, plan))();
      const computed = job.then(async (j) => ({ early: j.earlyCarry, ...(await j.compute(await head)) }));
      const carry = computed.then((r) => (r.early ?? r.carry) as Carry);
      const pieces = computed.then((r) => r.pieces);
      // the caller awaits pieces in order and carries only through the next group; a failure shows there
      for (const p of [job, carry, pieces]) p.catch(() => {});
      return {
        carry,
        pieces,
        encode: async (writes) =>
          (await job).encode(writes, async (path, bytes) => store.site.writeFile(path, [bytes])),
      };
    },
    close: async () => {},
  };
}

type FromWorker =
  | { kind: 'carry'; id: number; carry: PackedCarry }
  | { kind: 'pieces'; id: number; pieces: PieceSummary[] }
  | { kind: 'encoded'; id: number; chunks: (ChunkInfo | null)[][] }
  | {
      kind: 'error';
      id: number;
      message: string;
      user: boolean;
      failure?: { plugin: string; piece: number; detail: string };
    };

export interface PackedCarry {
  readonly rows: PackedBatch;
  readonly start: bigint;
  readonly first: boolean;
}

export function packCarry(c: Carry): { packed: PackedCarry; transfer: ArrayBuffer[] } {
  const { packed, transfer } = packBatches({ rows: c.rows });
  return { packed: { rows: packed.rows, start: c.start, first: c.first }, transfer };
}

export function unpackCarry(p: PackedCarry): Carry {
  return { rows: unpackBatches({ rows: p.rows }).rows, start: p.start, first: p.first };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // awaited in order by the caller; this keeps an early failure from going unhandled
  return { promise, resolve, reject };
}

/**
 * N worker threads, each importing `module` (compiled JS exporting `plugins`) and running the script
 * dist/src/worker.js of this package (from sources under vitest: needs a prior `npx tsc -b`). Each
 * reads its groups' stored chunks and writes its products' chunk files itself: only carries (rows
 * after a group's last gap), chunk summaries and chunk entries cross threads.
 */
export function workerRunner(workers: number, module: URL, root: string, setup: JobSetup): ChunkRunner {
  if (!existsSync(module)) throw new Error(`plugin module ${fileURLToPath(module)} is missing: run npx tsc -b`);
  const groups = new Map<
    number,
    { carry: Deferred<Carry>; pieces: Deferred<PieceSummary[]>; encoded?: Deferred<(ChunkInfo | null)[][]> }
  >();
  const fail = (err: Error) => {
    for (const g of groups.values()) for (const d of [g.carry, g.pieces, g.encoded]) d?.reject(err);
    groups.clear();
  };
  const pool = Array.from({ length: workers }, () => {
    const w = new Worker(workerScript(), { workerData: { module: module.href, root, setup } });
    w.on('message', (m: FromWorker) => {
      const g = groups.get(m.id);
      if (!g) return;
      if (m.kind === 'carry') g.carry.resolve(unpackCarry(m.carry));
      else if (m.kind === 'pieces') g.pieces.resolve(m.pieces);
      else if (m.kind === 'encoded') {
        g.encoded?.resolve(m.chunks);
        groups.delete(m.id);
      } else {
        const err = m.failure
          ? new PluginFailure(m.failure.plugin, m.failure.piece, m.failure.detail)
          : m.user
            ? new UserError(m.message)
            : new Error(`pipeline worker failed: ${m.message}`);
        for (const d of [g.carry, g.pieces, g.encoded]) d?.reject(err);
      }
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (groups.size > 0) fail(new Error(`pipeline worker exited (code ${code}) with chunks outstanding`));
    });
    return w;
  });
  const busy = pool.map(() => 0);
  return {
    depth: workers * 2,
    submit(plan, head) {
      // the least busy worker: on a shared machine one thread may run slower than the other
      const at = busy.indexOf(Math.min(...busy));
      const worker = pool[at];
      busy[at]++;
      const g = { carry: deferred<Carry>(), pieces: deferred<PieceSummary[]>() } as {
        carry: Deferred<Carry>;
        pieces: Deferred<PieceSummary[]>;
        encoded?: Deferred<(ChunkInfo | null)[][]>;
      };
      groups.set(plan.id, g);
      g.pieces.promise.then(
        () => busy[at]--,
        () => {},
      );
      worker.postMessage({ kind: 'group', plan });
      head.then(
        (c) => {
          const { packed, transfer } = packCarry(c);
          worker.postMessage({ kind: 'head', id: plan.id, carry: packed }, transfer);
        },
        (err: Error) => {
          g.carry.reject(err);
          g.pieces.reject(err);
        },
      );
      return {
        carry: g.carry.promise,
        pieces: g.pieces.promise,
        encode(writes) {
          g.encoded = deferred();
          worker.postMessage({ kind: 'encode', id: plan.id, writes });
          return g.encoded.promise;
        },
      };
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
