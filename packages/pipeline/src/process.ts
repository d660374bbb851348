import { defineRecord, RecordBatch, rowLayout, UserError } from '@dance/schema';
import {
  type ChunkInfo,
  LocalSite,
  type Manifest,
  type ProductKey,
  type ProductWriter,
  type Store,
} from '@dance/store';
import { PluginFailure, type StepSpec } from './chunk-job.js';
import type { Carry, JobPlan, JobSetup, PieceSummary, PieceWrite } from './job.js';
import { type LineageNode, type Plan, type PlanRequest, planRun, provenanceTree } from './plan.js';
import type { Plugin } from './plugin.js';
import { type ChunkRunner, type GroupHandle, inThreadRunner, workerRunner } from './pool.js';

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
      provenance: {
        pipeline: 'dance-pipeline',
        made_from: provenanceTree(findNode(plan.target, s.key.type) as LineageNode),
      },
      resume: resumable,
    }),
  );
  const targets = saved.map((s, i) => ({ writer: writers[i], plugin: s.plugin }));
  const resume = resumePoint(writers);
  const rowsBefore: Record<string, number> = {};
  for (const key of plan.sources) rowsBefore[key.type] = resume ? await rowsBeforeTime(store, key, resume.end) : 0;
  for (const w of writers) rowsBefore[w.key.type] = rowCount(w.resumedChunks.slice(0, resume?.chunks ?? 0));
  for (const s of plan.steps) rowsBefore[s.key.type] ??= 0; // not stored: counted from the run start
  const steps: StepSpec[] = plan.steps.map((s) => ({ type: s.key.type, options: s.options }));
  const first = manifests[0];
  const minRows = Math.max(
    1,
    Math.floor((options.chunkBytes ?? 32e6) / rowLayout(defineRecord(first.schema)).rowBytes),
  );
  const setup: JobSetup = {
    sources: manifests,
    steps,
    saved: saved.map((s) => ({ type: s.key.type, key: s.key })),
    minRows,
    gapNs,
    runEnd,
  };
  const workers = options.workers ?? 0;
  const runner: ChunkRunner =
    workers > 0
      ? workerRunner(workers, requiredModule(options.workerModule), localRoot(store), setup)
      : inThreadRunner(store, setup, options.plugins);
  let chunks = resume?.chunks ?? 0; // product chunks given an index so far
  try {
    // Two stages, so a thread computes its next group while the main thread orders the last one's chunks:
    // groups being computed (at most runner.depth), then groups whose chunk files are being written.
    const computing: GroupHandle[] = [];
    const writing: { pieces: PieceSummary[]; files: Promise<(ChunkInfo | null)[][]> }[] = [];
    const numbered = async () => {
      const group = computing.shift() as GroupHandle;
      let pieces: PieceSummary[];
      try {
        pieces = await group.pieces;
      } catch (err) {
        if (err instanceof PluginFailure) throw err.userError(chunks + err.piece);
        throw err;
      }
      // the last chunk of a run is dropped when it is empty and not the only one
      if (pieces.length > 0 && pieces.at(-1)?.empty && chunks + pieces.length > 1) pieces = pieces.slice(0, -1);
      const writes = pieces.map((piece, p) => planWrites(targets, piece, chunks + p, rowsBefore));
      chunks += pieces.length;
      writing.push({ pieces, files: group.encode(writes) });
      writing.at(-1)?.files.catch(() => {}); // awaited in order below
    };
    const journaled = async () => {
      const { pieces, files } = writing.shift() as (typeof writing)[number];
      const written = await files;
      for (const [p, piece] of pieces.entries()) {
        for (const [s, { writer }] of targets.entries()) {
          const chunk = written[p][s];
          if (chunk) writer.adopt(chunk);
        }
        options.onProgress?.(Number(piece.end - runStart), Number(runEnd - runStart));
      }
    };
    let head: Promise<Carry> = Promise.resolve({
      rows: RecordBatch.allocate(defineRecord(first.schema), 0),
      start: resume?.end ?? runStart,
      first: resume === undefined,
    });
    for (const plan of groupPlans(first, minRows, resume?.end)) {
      const group = runner.submit(plan, head);
      head = group.carry;
      computing.push(group);
      if (computing.length >= runner.depth) await numbered();
      while (writing.length > runner.depth) await journaled();
    }
    while (computing.length > 0) await numbered();
    while (writing.length > 0) await journaled();
  } finally {
    await runner.close();
  }
  // An interruption before this line leaves every product's journaled chunks for the next call to resume.
  for (const w of writers) await w.commit();
  return { plan, computed: writers.map((w) => w.key), chunks, resumedChunks: resume?.chunks ?? 0 };
}

/**
 * The groups of stored chunks of the first source, each holding at least minRows rows (the last
 * one may hold fewer), counted from the first stored chunk so an interrupted call's groups are the
 * resumed call's. A resumed call starts with the group holding `resumeAt`, skipping rows before it.
 */
function* groupPlans(source: Manifest, minRows: number, resumeAt?: bigint): Generator<JobPlan> {
  const n = source.chunks.length;
  if (n === 0) {
    yield { id: 0, chunks: [0, 0], final: true };
    return;
  }
  let id = 0;
  for (let a = 0; a < n; ) {
    let b = a;
    let rows = 0;
    while (b < n && rows < minRows) rows += source.chunks[b++].rows;
    const skip = resumeAt !== undefined && id === 0;
    if (resumeAt === undefined || source.chunks[b - 1].end > resumeAt || b === n) {
      yield { id: id++, chunks: [a, b], final: b === n, ...(skip ? { skipBefore: resumeAt } : {}) };
    }
    a = b;
  }
}

/**
 * Where each stored product's chunk of a piece goes (its index and file) and the run-wide row
 * counts before it; a chunk an interrupted call already wrote is kept after checking it was cut alike.
 */
function planWrites(
  targets: readonly { writer: ProductWriter; plugin: Plugin }[],
  piece: PieceSummary,
  index: number,
  rowsBefore: Record<string, number>,
): PieceWrite {
  const before = { ...rowsBefore };
  const files = targets.map(({ writer }, s) => {
    const kept = writer.resumedChunks[index];
    if (kept === undefined) return { index, path: writer.chunkPath(index) };
    const made = piece.products[s];
    if (kept.end !== made.end || kept.rows !== made.rows) {
      throw new UserError(
        `${writer.key.run}/${writer.key.type}: the interrupted processing was chunked differently (another chunk size?); process again with restart`,
      );
    }
    return null;
  });
  for (const [type, n] of Object.entries(piece.rows)) rowsBefore[type] += n;
  return { rowsBefore: before, files };
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

/** Worker threads read and write chunk files themselves: the store must be a local directory. */
function localRoot(store: Store): string {
  if (!(store.site instanceof LocalSite)) throw new Error('worker threads need a store in a local directory');
  return store.site.root;
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
