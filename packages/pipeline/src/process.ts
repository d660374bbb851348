import { defineRecord, RecordBatch, rowLayout, type TypedArray, UserError } from '@dance/schema';
import type { ChunkInfo, ProductKey, ProductWriter, Store } from '@dance/store';
import type { ChunkJob, StepSpec } from './chunk-job.js';
import { findCut, rowEnds } from './cuts.js';
import { type LineageNode, type Plan, type PlanRequest, planRun } from './plan.js';
import type { Plugin } from './plugin.js';
import { type ChunkRunner, inThreadRunner, workerRunner } from './pool.js';
import { SourceBuffer } from './source.js';

export interface ProcessOptions extends PlanRequest {
  /** Target size of a chunk, in packed bytes of the first source (default 32 MB). */
  readonly chunkBytes?: number;
  /** Worker threads (0: compute in this thread, the default). */
  readonly workers?: number;
  /** Compiled JS module exporting the same `plugins`, imported by worker threads. */
  readonly workerModule?: URL;
  /** Progress over the first source's time span, in ns. */
  readonly onProgress?: (doneNs: number, totalNs: number) => void;
  /** Discard the journaled chunks of an interrupted call instead of resuming them. */
  readonly restart?: boolean;
}

export interface ProcessResult {
  readonly plan: Plan;
  /** Products written by this call (empty when everything was stored). */
  readonly computed: readonly ProductKey[];
  readonly chunks: number;
  /** Chunks kept from an interrupted earlier call. */
  readonly resumedChunks: number;
}

/**
 * Makes the target product of a run and whatever it needs that is not stored. Streams the first
 * source chunk by chunk, cut in gaps wider than every step's context, so products do not depend on
 * the chunk size or worker count; writes each product through the store (atomic per product) and
 * resumes an interrupted call from the last chunk every product journaled.
 */
export async function processRun(store: Store, options: ProcessOptions): Promise<ProcessResult> {
  const plan = planRun(store, options);
  if (plan.steps.length === 0) return { plan, computed: [], chunks: 0, resumedChunks: 0 };
  const manifests = plan.sources.map((key) => store.manifest(key));
  const runStart = manifests[0].chunks[0]?.start ?? 0n;
  const runEnd = manifests[0].chunks.at(-1)?.end ?? runStart;
  const gapNs = Math.max(1, ...plan.steps.map((s) => s.plugin.contextNs(s.options)));
  const saved = plan.steps.filter((s) => s.save);
  // Row numbers of a product that is not stored cannot be counted up to a resume point: restart then.
  const countable = new Set([...plan.sources, ...saved.map((s) => s.key)].map((k) => k.type));
  const references = saved.flatMap((s) => Object.values(s.plugin.rowReferences ?? {}));
  const resumable = !options.restart && references.every((type) => countable.has(type));
  const writers = saved.map((s) =>
    store.writer(s.key, s.plugin.provides, {
      provenance: { pipeline: 'dance-pipeline', made_from: findNode(plan.target, s.key.type) },
      resume: resumable,
    }),
  );
  const targets = saved.map((s, i) => ({ writer: writers[i], plugin: s.plugin }));
  const resume = resumePoint(writers);
  const rowsBefore: Record<string, number> = {};
  for (const key of plan.sources) rowsBefore[key.type] = resume ? await rowsBeforeTime(store, key, resume.end) : 0;
  for (const w of writers) rowsBefore[w.key.type] = rowCount(w.resumedChunks.slice(0, resume?.chunks ?? 0));
  for (const s of plan.steps) rowsBefore[s.key.type] ??= 0; // not stored: counted from the run start
  const buffers = plan.sources.map(
    (key, i) =>
      new SourceBuffer(defineRecord(manifests[i].schema), store.read(key, resume ? { start: resume.end } : {})),
  );
  const steps: StepSpec[] = plan.steps.map((s) => ({ type: s.key.type, options: s.options }));
  const workers = options.workers ?? 0;
  const runner: ChunkRunner =
    workers > 0
      ? workerRunner(workers, requiredModule(options.workerModule), steps)
      : inThreadRunner(options.plugins, steps);
  const minRows = Math.max(1, Math.floor((options.chunkBytes ?? 32e6) / rowLayout(buffers[0].schema).rowBytes));
  let chunks = resume?.chunks ?? 0;
  try {
    const inFlight: { job: CutChunk; result: Promise<Record<string, RecordBatch>> }[] = [];
    const drain = async () => {
      const { job, result } = inFlight.shift() as (typeof inFlight)[number];
      await writeChunk(targets, job, await result, rowsBefore);
      chunks++;
      options.onProgress?.(Number(job.context.end - runStart), Number(runEnd - runStart));
    };
    for await (const job of cutChunks(buffers, minRows, gapNs, chunks, resume?.end ?? runStart, runEnd)) {
      const result = runner.submit(job);
      result.catch(() => {}); // drain awaits it in order; this only keeps an early failure from going unhandled
      inFlight.push({ job, result });
      if (inFlight.length >= runner.depth) await drain();
    }
    while (inFlight.length > 0) await drain();
  } finally {
    await runner.close();
  }
  // An interruption before this line leaves every product's journaled chunks for the next call to resume.
  for (const w of writers) await w.commit();
  return { plan, computed: writers.map((w) => w.key), chunks, resumedChunks: resume?.chunks ?? 0 };
}

interface CutChunk extends ChunkJob {
  readonly last: boolean;
}

/**
 * Consecutive chunks of the run: the first source is cut after at least minRows rows in a gap of
 * gapNs (findCut); every other source gives the rows that start before the cut.
 */
async function* cutChunks(
  buffers: SourceBuffer[],
  minRows: number,
  gapNs: number,
  firstIndex: number,
  from: bigint,
  runEnd: bigint,
): AsyncGenerator<CutChunk> {
  let start = from;
  for (let index = firstIndex; ; index++) {
    let want = minRows + 1;
    let cut: { rows: number; at: bigint } | undefined;
    for (;;) {
      const { batch, complete } = await buffers[0].peek(want);
      cut = findCut(batch, minRows, gapNs);
      if (cut || complete) break;
      want = batch.length * 2; // no gap yet: read further (memory grows only in gap-free stretches)
    }
    const end = cut ? cut.at : undefined;
    const inputs: Record<string, RecordBatch> = {};
    for (const b of buffers) inputs[b.schema.name] = await b.take(end);
    const last = end === undefined;
    // a resumed run whose chunks were all journaled has nothing left but its commit
    if (last && index > 0 && Object.values(inputs).every((b) => b.length === 0)) return;
    yield { context: { index, start, end: end ?? (runEnd > start ? runEnd : start) }, inputs, last };
    if (last) return;
    start = end;
  }
}

/**
 * Writes one chunk of every product, turning chunk-local row references into run-wide ones; the
 * first chunk may start before the run's first row and the last end after it (plugins' extensions).
 * A product that already holds the chunk from an interrupted call checks it was cut alike and skips it.
 */
async function writeChunk(
  targets: readonly { writer: ProductWriter; plugin: Plugin }[],
  job: CutChunk,
  outputs: Record<string, RecordBatch>,
  rowsBefore: Record<string, number>,
): Promise<void> {
  const { index, start, end } = job.context;
  for (const { writer, plugin } of targets) {
    const out = outputs[writer.key.type];
    const first = index === 0 && out.length > 0 && out.time[0] < start ? out.time[0] : start;
    const last = job.last ? latest(rowEnds(out), end) : end;
    const kept = writer.resumedChunks[index];
    if (kept === undefined) {
      await writer.write(globalRowReferences(plugin, out, rowsBefore), { start: first, end: last });
    } else if (kept.end !== last || kept.rows !== out.length) {
      throw new UserError(
        `${writer.key.run}/${writer.key.type}: the interrupted processing was chunked differently (another chunk size?); process again with restart`,
      );
    }
  }
  for (const [type, batch] of Object.entries({ ...job.inputs, ...outputs })) rowsBefore[type] += batch.length;
}

/**
 * The batch with each column the plugin declares a row reference (e.g. hits.record_i → records) made
 * run-wide. Negative values (no row, e.g. an event without an S1) stay as they are.
 */
function globalRowReferences(plugin: Plugin, batch: RecordBatch, rowsBefore: Record<string, number>): RecordBatch {
  const refs = Object.entries(plugin.rowReferences ?? {});
  if (refs.length === 0) return batch;
  const columns: Record<string, TypedArray> = {};
  for (const f of batch.schema.fields) columns[f.name] = batch.column(f.name);
  for (const [column, type] of refs) {
    const shifted = batch.column(column).slice() as Int32Array | BigInt64Array;
    const offset = rowsBefore[type];
    if (shifted instanceof BigInt64Array) {
      const wide = BigInt(offset);
      for (let i = 0; i < shifted.length; i++) if (shifted[i] >= 0n) shifted[i] += wide;
    } else {
      for (let i = 0; i < shifted.length; i++) if (shifted[i] >= 0) shifted[i] += offset;
    }
    columns[column] = shifted;
  }
  return new RecordBatch(batch.schema, batch.length, columns as never);
}

/** Where every product's interrupted write can continue: the chunk count all of them reached. */
function resumePoint(writers: readonly ProductWriter[]): { chunks: number; end: bigint } | undefined {
  const chunks = Math.min(...writers.map((w) => w.resumedChunks.length));
  if (chunks === 0) return undefined;
  return { chunks, end: writers[0].resumedChunks[chunks - 1].end };
}

async function rowsBeforeTime(store: Store, key: ProductKey, end: bigint): Promise<number> {
  let n = 0;
  for await (const b of store.read(key, { end, columns: ['time'] })) for (const t of b.time) if (t < end) n++;
  return n;
}

function rowCount(chunks: readonly ChunkInfo[]): number {
  return chunks.reduce((n, c) => n + c.rows, 0);
}

function requiredModule(module: URL | undefined): URL {
  if (!module) throw new Error('worker threads need workerModule: the compiled module exporting the plugins');
  return module;
}

function findNode(node: LineageNode, type: string): LineageNode | undefined {
  if (node.type === type) return node;
  for (const input of node.inputs) {
    const found = findNode(input, type);
    if (found) return found;
  }
  return undefined;
}

/** The latest of some times and `floor` (BigInt has no Math.max). */
function latest(times: BigInt64Array, floor: bigint): bigint {
  let t = floor;
  for (const x of times) if (x > t) t = x;
  return t;
}
