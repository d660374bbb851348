import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fromStructBytes, type RecordBatch, type RecordSchema, rowLayout, UserError } from '@dance/schema';
import { decompressChunk, isStraxCompressor, STRAX_COMPRESSORS, type StraxCompressor } from './codecs.js';
import { checkDescr, type DescrField, descrFromPy } from './descr.js';
import { PyLiteralError, parsePyLiteral } from './python-literal.js';

/** One chunk as strax's metadata lists it: a half-open [start, end) time range and its row count. */
export interface StraxChunkInfo {
  index: number;
  rows: number;
  start: bigint;
  end: bigint;
  /** Chunk file name inside the directory; absent for an empty chunk, which strax does not write. */
  file?: string;
}

/** A strax data directory `<run>-<type>-<hash>/` as described by its metadata JSON. */
export interface StraxDirectory {
  dir: string;
  metadataFile: string;
  runId: string;
  dataType: string;
  lineageHash: string;
  dtype: DescrField[] | string;
  compressor: StraxCompressor;
  start?: bigint;
  end?: bigint;
  chunks: StraxChunkInfo[];
  /** The whole metadata document (large integers as strings), kept for provenance. */
  metadata: Record<string, unknown>;
}

/** Reads and checks the metadata of a strax data directory (strax ≥ 1.0 layout). */
export function readStraxDirectory(dir: string): StraxDirectory {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir}: not a strax data directory`);
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${dir}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  // strax names the metadata after the directory minus its run id: <type>-<hash>-metadata.json.
  const dirName = basename(dir.replace(/\/+$/, ''));
  const prefix = dirName.slice(dirName.indexOf('-') + 1);
  const expected = `${prefix}-metadata.json`;
  const candidates = names.filter((n) => n.endsWith('-metadata.json'));
  const metadataName = names.includes(expected) ? expected : candidates.length === 1 ? candidates[0] : undefined;
  if (!metadataName) throw new UserError(`${dir}: no strax metadata file (expected ${expected})`);
  const metadataFile = join(dir, metadataName);
  const md = parseMetadataJson(readFileSync(metadataFile, 'utf8'), metadataFile);

  const need = (key: string) => {
    if (md[key] === undefined || md[key] === null) throw new UserError(`${metadataFile}: missing key '${key}'`);
    return md[key];
  };
  const compressor = need('compressor');
  if (!isStraxCompressor(compressor)) {
    throw new UserError(
      `${metadataFile}: compressor '${compressor}' is not supported (only ${STRAX_COMPRESSORS.join(', ')})`,
    );
  }
  let dtype: DescrField[] | string;
  try {
    dtype = descrFromPy(parsePyLiteral(String(need('dtype'))), `${metadataFile} key 'dtype'`);
  } catch (err) {
    if (err instanceof PyLiteralError) throw new UserError(`${metadataFile}: key 'dtype' is malformed: ${err.message}`);
    throw err;
  }
  const rawChunks = need('chunks');
  if (!Array.isArray(rawChunks)) throw new UserError(`${metadataFile}: key 'chunks' is not a list`);
  const chunks = rawChunks.map((c, i) => chunkInfo(c, i, metadataFile));
  return {
    dir,
    metadataFile,
    runId: String(need('run_id')),
    dataType: String(need('data_type')),
    lineageHash: String(md.lineage_hash ?? ''),
    dtype,
    compressor,
    start: md.start === undefined ? undefined : toBigInt(md.start, `${metadataFile} key 'start'`),
    end: md.end === undefined ? undefined : toBigInt(md.end, `${metadataFile} key 'end'`),
    chunks,
    metadata: md,
  };
}

function chunkInfo(c: unknown, i: number, where: string): StraxChunkInfo {
  if (c === null || typeof c !== 'object') throw new UserError(`${where}: chunks[${i}] is not an object`);
  const o = c as Record<string, unknown>;
  const at = `${where} chunks[${i}]`;
  const rows = Number(o.n);
  if (!Number.isSafeInteger(rows) || rows < 0) throw new UserError(`${at}: 'n' is not a row count`);
  const info: StraxChunkInfo = {
    index: o.chunk_i === undefined ? i : Number(o.chunk_i),
    rows,
    start: toBigInt(o.start, `${at} 'start'`),
    end: toBigInt(o.end, `${at} 'end'`),
  };
  if (rows > 0) {
    const file = typeof o.filename === 'string' ? o.filename : undefined;
    if (!file || file.includes('/') || file.startsWith('.')) throw new UserError(`${at}: bad or missing 'filename'`);
    info.file = file;
  }
  return info;
}

function toBigInt(v: unknown, where: string): bigint {
  if ((typeof v === 'string' && /^-?\d+$/.test(v)) || (typeof v === 'number' && Number.isSafeInteger(v))) {
    return BigInt(v);
  }
  throw new UserError(`${where} is not an integer time in ns`);
}

/**
 * JSON.parse, except that integers too long for a float64 (ns timestamps) are kept as strings:
 * strax writes times like 1700000000001549620 that a double would round.
 */
function parseMetadataJson(text: string, file: string): Record<string, unknown> {
  const exact = text.replace(/"(?:[^"\\]|\\.)*"|(?<![.\d])-?\d{16,}(?![.eE\d])/g, (tok) =>
    tok[0] === '"' ? tok : `"${tok}"`,
  );
  let md: unknown;
  try {
    md = JSON.parse(exact);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (md === null || typeof md !== 'object' || Array.isArray(md)) throw new UserError(`${file}: not a JSON object`);
  return md as Record<string, unknown>;
}

/** A chunk's records with the chunk's time range, in file order. */
export interface StraxChunk<S extends RecordSchema = RecordSchema> {
  info: StraxChunkInfo;
  batch: RecordBatch<S['fields']>;
}

/**
 * Streams every chunk of a strax directory, empty ones included, decompressed one at a time so
 * memory is bounded by the largest chunk. Checks the dtype against `schema` before reading and
 * each chunk's size against its row count.
 */
export async function* readStraxChunkInfo<S extends RecordSchema>(
  dir: string | StraxDirectory,
  schema: S,
): AsyncGenerator<StraxChunk<S>> {
  const sd = typeof dir === 'string' ? readStraxDirectory(dir) : dir;
  checkDescr(sd.dtype, schema, `${sd.metadataFile} key 'dtype'`);
  const { rowBytes } = rowLayout(schema);
  for (const info of sd.chunks) {
    if (!info.file) {
      yield { info, batch: fromStructBytes(schema, new Uint8Array(0)) as RecordBatch<S['fields']> };
      continue;
    }
    const path = join(sd.dir, info.file);
    let blob: Uint8Array;
    try {
      blob = await readFile(path);
    } catch (err) {
      throw new UserError(`${path}: cannot read chunk ${info.index} (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    let raw: Uint8Array;
    try {
      raw = await decompressChunk(sd.compressor, blob);
    } catch (err) {
      throw new UserError(`${path}: corrupt ${sd.compressor} chunk (${(err as Error).message ?? err})`);
    }
    const want = info.rows * rowBytes;
    if (raw.byteLength !== want) {
      throw new UserError(
        `${path}: decompresses to ${raw.byteLength} bytes but the metadata says n=${info.rows} rows (${want} bytes)`,
      );
    }
    yield { info, batch: fromStructBytes(schema, raw) as RecordBatch<S['fields']> };
  }
}

/** The records of a strax data directory, one batch per non-empty chunk. */
export async function* readStraxChunks<S extends RecordSchema>(
  dir: string | StraxDirectory,
  schema: S,
): AsyncGenerator<RecordBatch<S['fields']>> {
  for await (const { batch } of readStraxChunkInfo(dir, schema)) if (batch.length > 0) yield batch;
}
