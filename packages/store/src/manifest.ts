import { canonicalJson, DATA_TYPES, defineRecord, type FieldSpec, type RecordSchema, UserError } from '@dance/schema';
import { sha256Hex } from './checksum/index.js';
import type { ProductKey } from './names.js';

/** Chunk file formats: Arrow IPC for bulk waveforms (write speed), Parquet for what analysis queries. */
export type ChunkFormat = 'arrow-ipc-zstd' | 'parquet-zstd';

/** One time-ordered chunk: a file holding every row whose time lies in [start, end). */
export interface ChunkInfo {
  index: number;
  file: string;
  start: bigint;
  end: bigint;
  rows: number;
  bytes: number;
  /** Of the file bytes as written, hex. */
  sha256: string;
  /** Of the file bytes as written, 8 hex digits (Rucio's and XRootD's transfer checksum). */
  adler32: string;
}

export interface SchemaInfo {
  name: string;
  version: number;
  storage: RecordSchema['storage'];
  description: string;
  fields: FieldSpec[];
}

export interface Manifest extends ProductKey {
  /** Layout version of manifest and chunks. */
  store: 1;
  schema: SchemaInfo;
  format: ChunkFormat;
  provenance?: object;
  chunks: ChunkInfo[];
  rows: number;
  bytes: number;
  /** ISO 8601 UTC. */
  created: string;
}

const STORE_VERSION = 1;

export function schemaInfo(schema: RecordSchema): SchemaInfo {
  const { name, version, storage, description, fields } = schema;
  return { name, version, storage, description, fields: fields.map((f) => ({ ...f })) };
}

/** The registered schema when the manifest's equals it, else one rebuilt from the manifest. */
export function schemaOf(info: SchemaInfo): RecordSchema {
  const known = DATA_TYPES.get(info.name);
  if (known && canonicalJson(schemaInfo(known)) === canonicalJson(info)) return known;
  return defineRecord(info);
}

/** manifest.json text: the manifest plus `sha256`, the hash of its canonical JSON, so edits show. */
export function manifestText(manifest: Manifest): string {
  const plain = toJson(manifest);
  return `${JSON.stringify({ ...plain, sha256: sha256Hex(canonicalJson(plain)) }, null, 1)}\n`;
}

/** Parses and checks manifest.json; every failure is a UserError naming `where`. */
export function parseManifest(text: string, where: string): Manifest {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${where}: manifest is not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError(`${where}: manifest is not a JSON object`);
  }
  const { sha256, ...plain } = json;
  if (typeof sha256 !== 'string') throw new UserError(`${where}: manifest has no sha256 of its content`);
  if (sha256Hex(canonicalJson(plain)) !== sha256) {
    throw new UserError(`${where}: manifest checksum mismatch (the file was modified or damaged)`);
  }
  if (plain.store !== STORE_VERSION) {
    throw new UserError(`${where}: manifest layout version ${String(plain.store)} is not ${STORE_VERSION}`);
  }
  const chunks = plain.chunks as Record<string, unknown>[];
  return {
    ...(plain as unknown as Manifest),
    chunks: chunks.map((c) => ({
      ...(c as unknown as ChunkInfo),
      start: BigInt(c.start as string),
      end: BigInt(c.end as string),
    })),
  };
}

/** The manifest as JSON values: chunk times as decimal strings, exact for every int64. */
function toJson(manifest: Manifest): Record<string, unknown> {
  return {
    ...manifest,
    chunks: manifest.chunks.map((c) => ({ ...c, start: c.start.toString(), end: c.end.toString() })),
  };
}
