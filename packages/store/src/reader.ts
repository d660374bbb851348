import {
  concatBatches,
  extentColumns,
  RecordBatch,
  type RecordSchema,
  type TypedArray,
  UserError,
} from '@dance/schema';
import { adler32Hex, sha256Hex, type Verify } from './checksum/index.js';
import { codecFor } from './formats.js';
import { type ChunkInfo, type Manifest, schemaOf } from './manifest.js';
import { productDir } from './names.js';
import { projectSchema } from './projection.js';
import type { Site } from './site.js';

export interface ReadOptions {
  /** Keep rows that end after `start` (ns). */
  start?: bigint;
  /** Keep rows that begin before `end` (ns). */
  end?: bigint;
  /** Columns to read; `time` is always included. Default: all. */
  columns?: readonly string[];
  /** Chunk check against the manifest before decoding (default adler32). */
  verify?: Verify;
}

/**
 * Yields one batch per chunk, reading only chunks whose [start, end) meets the requested range
 * and then only rows touching it: time < end and their end > start (RecordBatch.rowEnds: endtime,
 * time + length × dt, or time + 1). So a waveform record or an event window that starts before
 * `start` but reaches into the range is kept, as a time-range cut in strax does.
 * Memory holds one chunk at a time.
 */
export async function* readProduct(
  site: Site,
  manifest: Manifest,
  options: ReadOptions = {},
): AsyncGenerator<RecordBatch> {
  const schema = schemaOf(manifest.schema);
  const codec = codecFor(manifest.format);
  const { start, end } = options;
  const out = projectSchema(schema, options.columns);
  const cut = start !== undefined || end !== undefined;
  // the time cut needs the row extent even when the caller did not ask for it
  const decodeColumns =
    cut && options.columns ? [...new Set([...options.columns, ...extentColumns(schema)])] : options.columns;
  const dir = productDir(manifest);
  for (const chunk of manifest.chunks) {
    if (end !== undefined && chunk.start >= end) break;
    if (start !== undefined && chunk.end <= start) continue;
    const path = `${dir}/${chunk.file}`;
    const bytes = readChunk(site, path, chunk, options.verify ?? 'adler32');
    let batch = codec.decode(schema, bytes, { columns: decodeColumns, file: site.locate(path) });
    if (cut) batch = touching(batch, start, end);
    yield batch.schema === out ? batch : project(batch, out);
  }
}

/** Chunk `index` of a product, checked and decoded: for callers that schedule chunks themselves (worker threads). */
export function readProductChunk(
  site: Site,
  manifest: Manifest,
  index: number,
  verify: Verify = 'adler32',
): RecordBatch {
  const chunk = manifest.chunks[index];
  if (!chunk) throw new UserError(`product ${manifest.run}/${manifest.type}-${manifest.lineage} has no chunk ${index}`);
  const path = `${productDir(manifest)}/${chunk.file}`;
  const bytes = readChunk(site, path, chunk, verify);
  return codecFor(manifest.format).decode(schemaOf(manifest.schema), bytes, { file: site.locate(path) });
}

/** All chunks in range as one batch: for products that fit in memory. */
export async function readProductAll(site: Site, manifest: Manifest, options: ReadOptions = {}): Promise<RecordBatch> {
  const parts: RecordBatch[] = [];
  for await (const batch of readProduct(site, manifest, options)) parts.push(batch);
  const schema = projectSchema(schemaOf(manifest.schema), options.columns);
  return parts.length === 1 ? parts[0] : concatBatches(schema, parts);
}

function readChunk(site: Site, path: string, chunk: ChunkInfo, verify: Verify): Uint8Array {
  const where = site.locate(path);
  const size = site.size(path);
  if (size === undefined) throw new UserError(`${where}: chunk ${chunk.index} is missing`);
  if (size !== chunk.bytes) {
    throw new UserError(`${where}: chunk is ${size} bytes, the manifest says ${chunk.bytes} (truncated or replaced)`);
  }
  let bytes: Uint8Array;
  try {
    bytes = site.readFile(path);
  } catch (err) {
    if (!(err as NodeJS.ErrnoException).code) throw err;
    throw new UserError(`${where}: cannot read chunk ${chunk.index} (${(err as Error).message})`);
  }
  if (verify === 'adler32' && adler32Hex(bytes) !== chunk.adler32) {
    throw new UserError(`${where}: adler32 checksum mismatch (the chunk is corrupt)`);
  }
  if (verify === 'sha256' && sha256Hex(bytes) !== chunk.sha256) {
    throw new UserError(`${where}: sha256 checksum mismatch (the chunk is corrupt)`);
  }
  return bytes;
}

/** Rows with time < end and endtime > start. */
function touching(batch: RecordBatch, start: bigint | undefined, end: bigint | undefined): RecordBatch {
  const time = batch.time;
  let stop = batch.length;
  if (end !== undefined) while (stop > 0 && time[stop - 1] >= end) stop--; // time-sorted: a suffix goes
  if (start === undefined) return batch.slice(0, stop);
  const ends = batch.rowEnds();
  const keep: number[] = [];
  for (let i = 0; i < stop; i++) if (ends[i] > start) keep.push(i);
  if (keep.length === batch.length) return batch;
  // rows are time-sorted, so when the kept rows are contiguous a zero-copy slice will do
  if (keep.length === 0 || keep[keep.length - 1] - keep[0] === keep.length - 1) {
    return batch.slice(keep[0] ?? 0, keep.length === 0 ? 0 : keep[keep.length - 1] + 1);
  }
  return batch.take(keep);
}

function project(batch: RecordBatch, schema: RecordSchema): RecordBatch {
  const columns: Record<string, TypedArray> = {};
  for (const f of schema.fields) columns[f.name] = batch.column(f.name);
  return new RecordBatch(schema, batch.length, columns as never);
}
