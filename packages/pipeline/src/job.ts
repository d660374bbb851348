import {
  concatBatches,
  defineRecord,
  firstRowAtOrAfter,
  RecordBatch,
  type RecordSchema,
  type TypedArray,
} from '@dance/schema';
import { type ChunkInfo, encodeChunk, type Manifest, type ProductKey, type Store } from '@dance/store';
import { computeChunk, type StepSpec } from './chunk-job.js';
import { findCut, lastCut } from './cuts.js';
import type { Plugin } from './plugin.js';

/**
 * One unit of work: a group of consecutive stored chunks of the first source, read, cut into
 * pipeline chunks in gaps, computed and encoded by whichever thread runs it. Rows after the group's
 * last gap are carried to the next group (they may belong with its first rows), so a group needs
 * the previous group's carry before computing, but not before reading and cutting.
 */
export interface JobPlan {
  readonly id: number;
  /** Stored chunks [from, to) of the first source. */
  readonly chunks: readonly [number, number];
  /** The run's last group: everything left goes into its last chunk, which ends at the run's end or later. */
  readonly final: boolean;
  /** Rows of the first source before this time are skipped (a resumed call's first group). */
  readonly skipBefore?: bigint;
}

/** What passes from a group to the next: the first source's rows after its last gap and where they start. */
export interface Carry {
  readonly rows: RecordBatch;
  /** Start of the next chunk (a cut, or the run's or resume's start). */
  readonly start: bigint;
  /** The next chunk is the run's first: it takes every earlier row of other sources and may start before `start`. */
  readonly first: boolean;
}

/** What a worker or the main thread needs to run groups. */
export interface JobSetup {
  readonly sources: readonly Manifest[];
  readonly steps: readonly StepSpec[];
  /** The stored products, in the order of `steps` where `save` is set. */
  readonly saved: readonly { readonly type: string; readonly key: ProductKey }[];
  readonly minRows: number;
  readonly gapNs: number;
  readonly runEnd: bigint;
}

/** One pipeline chunk as the main thread sees it before anything is written. */
export interface PieceSummary {
  readonly start: bigint;
  readonly end: bigint;
  /** Rows of every type (inputs and outputs) in this chunk, to count run-wide row numbers. */
  readonly rows: Readonly<Record<string, number>>;
  /** Per stored product: the chunk's bounds and rows as the writer will journal them. */
  readonly products: readonly { readonly start: bigint; readonly end: bigint; readonly rows: number }[];
  /** No input rows at all (the last chunk of a run whose rows are all in earlier chunks). */
  readonly empty: boolean;
}

/**
 * For each chunk: the run-wide rows before it per type, and per stored product its chunk index and
 * the file's site path (ProductWriter.chunkPath), or null to keep the chunk an interrupted call wrote.
 */
export interface PieceWrite {
  readonly rowsBefore: Readonly<Record<string, number>>;
  readonly files: readonly ({ readonly index: number; readonly path: string } | null)[];
}

interface Piece extends PieceSummary {
  readonly outputs: Record<string, RecordBatch>;
}

/** A group read and cut; `carry` is known at once unless the group holds no gap (then it needs the previous carry). */
export class GroupJob {
  private own: RecordBatch;
  private readonly cut?: { rows: number; at: bigint };
  private pieces: Piece[] = [];
  /** The carry for the next group when it does not depend on the previous one (the group has a gap). */
  readonly earlyCarry?: Carry;

  constructor(
    private readonly store: Store,
    private readonly setup: JobSetup,
    private readonly plugins: ReadonlyMap<string, Plugin>,
    readonly plan: JobPlan,
  ) {
    const [a, b] = plan.chunks;
    const source = setup.sources[0];
    const parts: RecordBatch[] = [];
    for (let i = a; i < b; i++) parts.push(store.readChunk(source, i));
    let own = parts.length === 1 ? parts[0] : concatBatches(schemaOf(source, parts), parts);
    if (plan.skipBefore !== undefined) own = own.slice(firstRowAtOrAfter(own.time, plan.skipBefore));
    this.own = own;
    if (!plan.final) this.cut = lastCut(own, setup.gapNs);
    if (this.cut) this.earlyCarry = { rows: own.slice(this.cut.rows), start: this.cut.at, first: false };
  }

  /**
   * Cuts the previous carry plus this group's rows up to its last gap into chunks of at least
   * minRows rows (findCut) and computes them. Returns the carry for the next group (when there was
   * no early one) and the chunks' summaries; the outputs wait for encode().
   */
  async compute(head: Carry): Promise<{ carry?: Carry; pieces: PieceSummary[] }> {
    const { setup } = this;
    if (!this.plan.final && !this.cut) {
      return { carry: { ...head, rows: joined(head.rows, this.own) }, pieces: [] };
    }
    let carried = head.rows;
    let rest = this.cut ? this.own.slice(0, this.cut.rows) : this.own;
    const groupEnd = this.cut?.at;
    const others = await this.otherSources(head.first ? undefined : head.start, groupEnd);
    let start = head.start;
    for (let piece = 0; ; piece++) {
      const next = nextPiece(carried, rest, setup.minRows, setup.gapNs);
      ({ carried, rest } = next);
      const cut = next.cut;
      const end = cut ? cut.at : groupEnd;
      const inputs: Record<string, RecordBatch> = { [next.rows.schema.name]: next.rows };
      for (const [type, batch] of Object.entries(others)) {
        const n = end === undefined ? batch.length : firstRowAtOrAfter(batch.time, end);
        inputs[type] = batch.slice(0, n);
        others[type] = batch.slice(n);
      }
      const last = end === undefined;
      const chunkEnd = end ?? latest([setup.runEnd], start);
      this.pieces.push(this.computePiece(piece, inputs, start, chunkEnd, last, head.first && piece === 0));
      if (!cut) break;
      start = cut.at;
    }
    this.own = RecordBatch.allocate(this.own.schema, 0); // the input is let go while the outputs wait for encode()
    return { pieces: this.pieces.map(({ outputs, ...summary }) => summary) };
  }

  /**
   * Encodes every stored product's chunk of each piece, with row references made run-wide,
   * and hands the bytes to `write` (a file write in the worker, the store's site in one thread).
   */
  async encode(
    writes: readonly PieceWrite[],
    write: (path: string, bytes: Uint8Array) => Promise<void>,
  ): Promise<(ChunkInfo | null)[][]> {
    const out: (ChunkInfo | null)[][] = [];
    // writes may leave out the last piece (an empty last chunk the run does not need)
    for (const [p, piece] of this.pieces.slice(0, writes.length).entries()) {
      const row: (ChunkInfo | null)[] = [];
      for (const [s, saved] of this.setup.saved.entries()) {
        const file = writes[p].files[s];
        if (file === null) {
          row.push(null);
          continue;
        }
        const plugin = this.plugins.get(saved.type) as Plugin;
        const batch = globalRowReferences(plugin, piece.outputs[saved.type], writes[p].rowsBefore);
        const { start, end } = piece.products[s];
        const { bytes, chunk } = encodeChunk(saved.key, batch, { index: file.index, start, end });
        await write(file.path, bytes);
        row.push(chunk);
      }
      out.push(row);
    }
    for (const piece of this.pieces) releaseOutputs(this.plugins, piece.outputs);
    this.pieces = [];
    return out;
  }

  private computePiece(
    piece: number,
    inputs: Record<string, RecordBatch>,
    start: bigint,
    end: bigint,
    last: boolean,
    runFirst: boolean,
  ): Piece {
    const outputs = computeChunk(this.plugins, this.setup.steps, { context: { index: piece, start, end }, inputs });
    const rows: Record<string, number> = {};
    for (const [type, batch] of Object.entries({ ...inputs, ...outputs })) rows[type] = batch.length;
    const products = this.setup.saved.map(({ type }) => {
      const out = outputs[type];
      // the run's first chunk may start before the first row (plugins' extensions), its last end after the last
      const first = runFirst && out.length > 0 && out.time[0] < start ? out.time[0] : start;
      return { start: first, end: last ? latest(out.rowEnds(), end) : end, rows: out.length };
    });
    const empty = Object.values(inputs).every((b) => b.length === 0);
    return { start, end, rows, products, empty, outputs };
  }

  /** Rows of every source but the first with lower ≤ time < upper (unbounded where undefined). */
  private async otherSources(lower?: bigint, upper?: bigint): Promise<Record<string, RecordBatch>> {
    const out: Record<string, RecordBatch> = {};
    for (const manifest of this.setup.sources.slice(1)) {
      const parts: RecordBatch[] = [];
      for await (const b of this.store.read(manifest, { start: lower, end: upper })) parts.push(b);
      let batch = parts.length === 1 ? parts[0] : concatBatches(schemaOf(manifest, parts), parts);
      if (lower !== undefined) batch = batch.slice(firstRowAtOrAfter(batch.time, lower));
      out[manifest.type] = batch;
    }
    return out;
  }
}

/**
 * The batch with each column the plugin declares a row reference (e.g. hits.record_i → records) made
 * run-wide; negative values (no row, e.g. an event without S1) stay as they are.
 */
function globalRowReferences(
  plugin: Plugin,
  batch: RecordBatch,
  rowsBefore: Readonly<Record<string, number>>,
): RecordBatch {
  const refs = Object.entries(plugin.rowReferences ?? {});
  if (refs.length === 0) return batch;
  const columns: Record<string, TypedArray> = {};
  for (const f of batch.schema.fields) columns[f.name] = batch.column(f.name);
  for (const [column, type] of refs) {
    const shifted = batch.column(column).slice();
    if (shifted instanceof BigInt64Array) {
      const offset = BigInt(rowsBefore[type]);
      for (let i = 0; i < shifted.length; i++) if (shifted[i] >= 0n) shifted[i] += offset;
    } else {
      const offset = rowsBefore[type];
      const rows = shifted as Int32Array;
      for (let i = 0; i < rows.length; i++) if (rows[i] >= 0) rows[i] += offset;
    }
    columns[column] = shifted;
  }
  return new RecordBatch(batch.schema, batch.length, columns as never);
}

/**
 * The next chunk's rows of the first source, `carried` rows (from the previous group) then `rest`,
 * up to the first cut (findCut), and what is left of both. The carried rows are joined only with as
 * many rows of `rest` as finding the cut needs, so a group's rows are not copied whole.
 */
function nextPiece(
  carried: RecordBatch,
  rest: RecordBatch,
  minRows: number,
  gapNs: number,
): { rows: RecordBatch; carried: RecordBatch; rest: RecordBatch; cut?: { rows: number; at: bigint } } {
  const none = rest.slice(rest.length);
  if (carried.length === 0) {
    const cut = findCut(rest, minRows, gapNs);
    return cut
      ? { rows: rest.slice(0, cut.rows), carried, rest: rest.slice(cut.rows), cut }
      : { rows: rest, carried, rest: none };
  }
  // the first cut among the first rows is the first cut of all rows: findCut looks only backwards
  for (let take = Math.min(rest.length, 2 * minRows + 1); ; take = Math.min(rest.length, 2 * take)) {
    const part = joined(carried, rest.slice(0, take));
    const cut = findCut(part, minRows, gapNs);
    if (cut && cut.rows <= carried.length)
      return { rows: part.slice(0, cut.rows), carried: carried.slice(cut.rows), rest, cut };
    if (cut) return { rows: part.slice(0, cut.rows), carried: none, rest: rest.slice(cut.rows - carried.length), cut };
    if (take === rest.length) return { rows: part, carried: none, rest: none };
  }
}

function joined(a: RecordBatch, b: RecordBatch): RecordBatch {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return concatBatches(a.schema, [a, b]);
}

function schemaOf(manifest: Manifest, parts: RecordBatch[]): RecordSchema {
  return parts[0]?.schema ?? defineRecord(manifest.schema);
}

/** The latest of some times and `floor` (BigInt has no Math.max). */
function latest(times: ArrayLike<bigint> & Iterable<bigint>, floor: bigint): bigint {
  let t = floor;
  for (const x of times) if (x > t) t = x;
  return t;
}

/** Hands each output back to the plugin that made it (Plugin.release): nothing reads it any more. */
function releaseOutputs(plugins: ReadonlyMap<string, Plugin>, outputs: Readonly<Record<string, RecordBatch>>): void {
  for (const [type, batch] of Object.entries(outputs)) plugins.get(type)?.release?.(batch);
}
