import {
  concatBatches,
  defineRecord,
  firstRowAtOrAfter,
  RecordBatch,
  type RecordSchema,
  type TypedArray,
} from '@dance/schema';
import { type Manifest, type ProductKey, projectSchema, type Store } from '@dance/store';

/** A decoded chunk with what makes window cuts cheap on it. */
interface CachedChunk {
  batch: RecordBatch;
  /** end time of each row (time + length × dt, or time + 1 for rows without an extent) */
  ends: BigInt64Array;
  /** the longest row, so a binary search on start times finds every row reaching into a window */
  longest: bigint;
}

/**
 * Time windows of stored products, keeping the last few decoded chunks: stepping through a run's
 * events reads many windows of the same chunk, and decoding a chunk (~20 MB of raw_records per
 * second of a 494-channel TPC) costs far more than cutting a window out of it.
 */
export class WindowCache {
  private readonly chunks = new Map<string, CachedChunk>();

  constructor(
    private readonly store: Store,
    private readonly capacity = 4,
  ) {}

  /** Rows touching [start, end) (time < end and end time > start), projected on `columns`, as the store cuts them. */
  async read(key: ProductKey, start: bigint, end: bigint, columns?: readonly string[]): Promise<RecordBatch> {
    const manifest = this.store.manifest(key);
    const schema = projectSchema(defineRecord(manifest.schema), columns);
    const parts: RecordBatch[] = [];
    for (const [i, info] of manifest.chunks.entries()) {
      if (info.start >= end || info.end <= start) continue;
      const chunk = await this.chunk(key, manifest, i);
      parts.push(project(cut(chunk, start, end), schema));
    }
    return parts.length === 1 ? parts[0] : concatBatches(schema, parts);
  }

  private async chunk(key: ProductKey, manifest: Manifest, index: number): Promise<CachedChunk> {
    const info = manifest.chunks[index];
    // the checksum names the chunk's content, so a rewritten product never hits a stale entry
    const id = `${key.run}/${key.type}/${key.lineage}/${info.index}/${info.sha256}`;
    const hit = this.chunks.get(id);
    if (hit) {
      this.chunks.delete(id); // re-insert: Map order is the LRU order
      this.chunks.set(id, hit);
      return hit;
    }
    const batch = await this.store.readAll(key, { start: info.start, end: info.end });
    const ends = batch.rowEnds();
    let longest = 1n;
    for (let i = 0; i < batch.length; i++) if (ends[i] - batch.time[i] > longest) longest = ends[i] - batch.time[i];
    const chunk = { batch, ends, longest };
    this.chunks.set(id, chunk);
    if (this.chunks.size > this.capacity) this.chunks.delete(this.chunks.keys().next().value as string);
    return chunk;
  }
}

function cut({ batch, ends, longest }: CachedChunk, start: bigint, end: bigint): RecordBatch {
  const hi = firstRowAtOrAfter(batch.time, end);
  const lo = firstRowAtOrAfter(batch.time, start - longest + 1n);
  const keep: number[] = [];
  for (let i = lo; i < hi; i++) if (ends[i] > start) keep.push(i);
  if (keep.length === 0) return batch.slice(0, 0);
  return keep.length === keep[keep.length - 1] - keep[0] + 1
    ? batch.slice(keep[0], keep[0] + keep.length)
    : batch.take(keep);
}

function project(batch: RecordBatch, schema: RecordSchema): RecordBatch {
  const columns: Record<string, TypedArray> = {};
  for (const f of schema.fields) columns[f.name] = batch.column(f.name);
  return new RecordBatch(schema, batch.length, columns as never);
}
