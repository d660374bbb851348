import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { type RecordBatch, type RecordSchema, UserError } from '@dance/schema';
import { DEFAULT_BATCH_ROWS, openNpy, readNpyRecords, readStraxChunks, readStraxDirectory } from '@dance/strax';

/** Where imported records come from: a .npy file or a strax data directory, recognised by content. */
export interface ImportSource {
  format: 'npy' | 'strax';
  /** Rows the source holds, known before reading (for progress). */
  rows: number;
  /** What the source says about itself, kept in provenance (strax metadata). */
  details?: Record<string, unknown>;
  batches(): AsyncIterable<RecordBatch>;
}

const NPY_MAGIC = '\x93NUMPY';

/**
 * Opens `path` as a source of `schema` records and checks everything that can be checked before
 * reading (dtype, size, metadata), so a bad source fails before anything is written.
 */
export function openImportSource(path: string, schema: RecordSchema, batchRows: number): ImportSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw new UserError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  if (isDirectory) {
    const sd = readStraxDirectory(path);
    if (sd.dataType !== schema.name) {
      throw new UserError(`${sd.metadataFile}: holds strax '${sd.dataType}', not '${schema.name}'`);
    }
    return {
      format: 'strax',
      rows: sd.chunks.reduce((n, c) => n + c.rows, 0),
      details: { run_id: sd.runId, data_type: sd.dataType, lineage_hash: sd.lineageHash, compressor: sd.compressor },
      batches: () => readStraxChunks(sd, schema),
    };
  }
  if (!startsWith(path, NPY_MAGIC)) {
    throw new UserError(
      `${path}: not a .npy file or a strax data directory; expected a .npy file of strax's ${schema.name} dtype or a directory <run>-${schema.name}-<hash>/ with its metadata.json`,
    );
  }
  const npy = openNpy(path);
  npy.check(schema);
  return {
    format: 'npy',
    rows: npy.rows,
    batches: () => readNpyRecords(path, schema, { batchRows: Math.min(batchRows, DEFAULT_BATCH_ROWS) }),
  };
}

function startsWith(path: string, magic: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('latin1') === magic;
  } finally {
    closeSync(fd);
  }
}
