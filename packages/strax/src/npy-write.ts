import { open } from 'node:fs/promises';
import { type RecordBatch, type RecordSchema, toStructBytes } from '@dance/schema';
import { eachBatch, writeAtomically } from './atomic.js';
import { descrRepr } from './descr.js';
import { formatNpyHeader } from './npy-header.js';
import { STRAX_TITLES } from './strax-titles.js';

export interface NpyWriteOptions {
  /** Rows the batches will hold, when known; checked at the end. */
  rows?: number;
  /**
   * 'strax' (default) writes strax's field titles for data types strax defines, as numpy.save does
   * for a strax array; 'none' writes plain field names.
   */
  titles?: 'strax' | 'none';
}

/**
 * Writes batches as a .npy file byte-identical to `numpy.save` of the same strax array. Streams:
 * the header is written first with room for any row count and rewritten with the final shape.
 * Written atomically (temporary file, then rename).
 */
export async function writeNpy(
  path: string,
  schema: RecordSchema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: number | NpyWriteOptions = {},
): Promise<void> {
  const { rows: expectedRows, titles = 'strax' } = typeof options === 'number' ? { rows: options } : options;
  const descr = descrRepr(schema, titles === 'strax' ? STRAX_TITLES[schema.name] : undefined);
  await writeAtomically(path, async (tmp) => {
    const file = await open(tmp, 'wx');
    try {
      const placeholder = formatNpyHeader(descr, expectedRows ?? 0);
      await file.write(placeholder, 0, placeholder.length, 0);
      let position = placeholder.length;
      let rows = 0;
      for await (const batch of eachBatch(batches)) {
        if (batch.schema.name !== schema.name) {
          throw new Error(`writeNpy: got a ${batch.schema.name} batch for a ${schema.name} file`);
        }
        const bytes = toStructBytes(batch);
        await file.write(bytes, 0, bytes.length, position);
        position += bytes.length;
        rows += batch.length;
      }
      if (expectedRows !== undefined && rows !== expectedRows) {
        throw new Error(`${path}: expected ${expectedRows} rows to export but the batches held ${rows}`);
      }
      const header = formatNpyHeader(descr, rows);
      if (header.length !== placeholder.length) throw new Error('npy header length changed with the row count');
      await file.write(header, 0, header.length, 0);
      await file.sync();
    } finally {
      await file.close();
    }
  });
}
