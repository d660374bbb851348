import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { type Manifest, Store } from '@dance/store';
import { PluginFailure } from './chunk-job.js';
import { type Carry, GroupJob, type JobPlan, type JobSetup, type PieceWrite } from './job.js';
import type { Plugin } from './plugin.js';
import { type PackedCarry, packCarry, unpackCarry } from './pool.js';

/**
 * Worker thread: imports the plugin module named by the pipeline, reads the stored chunks of the
 * groups it is sent, computes them and writes their products' chunk files into the writers'
 * temporary directories (the main thread journals them).
 */
type ToWorker =
  | { kind: 'group'; plan: JobPlan }
  | { kind: 'head'; id: number; carry: PackedCarry }
  | { kind: 'encode'; id: number; writes: PieceWrite[] };

const { module, root, setup } = workerData as { module: string; root: string; setup: JobSetup };
const loaded = (await import(module)) as { plugins?: Plugin[] };
if (!Array.isArray(loaded.plugins)) throw new Error(`${module} exports no 'plugins' array`);
const plugins = new Map(loaded.plugins.map((p) => [p.provides.name, p]));
const store = new Store(root);
const port = parentPort as NonNullable<typeof parentPort>;
const jobs = new Map<number, { job?: GroupJob; head: Promise<Carry>; gotHead: (c: Carry) => void }>();

function entry(id: number) {
  let e = jobs.get(id);
  if (!e) {
    let gotHead!: (c: Carry) => void;
    const head = new Promise<Carry>((r) => {
      gotHead = r;
    });
    e = { head, gotHead };
    jobs.set(id, e);
  }
  return e;
}

function report(id: number, err: unknown) {
  const e = err as Error;
  const failure =
    err instanceof PluginFailure ? { plugin: err.plugin, piece: err.piece, detail: err.detail } : undefined;
  port.postMessage({ kind: 'error', id, message: e.message, user: e.name === 'UserError', failure });
  jobs.delete(id);
}

/** Writes a chunk file and flushes it to disk without blocking this thread, which computes meanwhile. */
async function writeFlushed(path: string, bytes: Uint8Array): Promise<void> {
  const file = await open(store.site.locate(path), 'w');
  try {
    await file.write(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function runGroup(plan: JobPlan): Promise<void> {
  const e = entry(plan.id);
  const job = new GroupJob(store, setup as JobSetup & { sources: Manifest[] }, plugins, plan);
  e.job = job;
  const early = job.earlyCarry;
  if (early) postCarry(plan.id, early);
  const { carry, pieces } = await job.compute(await e.head);
  if (carry) postCarry(plan.id, carry);
  port.postMessage({ kind: 'pieces', id: plan.id, pieces });
}

function postCarry(id: number, carry: Carry): void {
  const { packed, transfer } = packCarry(carry);
  port.postMessage({ kind: 'carry', id, carry: packed }, transfer);
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'group') runGroup(m.plan).catch((err) => report(m.plan.id, err));
  else if (m.kind === 'head') entry(m.id).gotHead(unpackCarry(m.carry));
  else {
    const job = jobs.get(m.id)?.job as GroupJob;
    job
      .encode(m.writes, writeFlushed)
      .then((chunks) => {
        jobs.delete(m.id);
        port.postMessage({ kind: 'encoded', id: m.id, chunks });
      })
      .catch((err) => report(m.id, err));
  }
});
