import { open } from 'node:fs/promises';
import type { RecordBatch, RecordSchema } from '@dance/schema';
import { ParquetFileWriter } from '@dance/store';
import { eachBatch, writeAtomically } from './atomic.js';

/**
 * Writes a product as one Parquet file whose row groups are the given batches (a store product's
 * chunks), streaming: one chunk in memory at a time. `metadata` goes into the footer's key/value
 * pairs (e.g. run, lineage, provenance as JSON). Written atomically.
 */
export async function writeParquetFile(
  path: string,
  schema: RecordSchema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  const keyValueMetadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value !== undefined)
      keyValueMetadata[`dance.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  await writeAtomically(path, async (tmp) => {
    const file = await open(tmp, 'wx');
    try {
      const writer = new ParquetFileWriter(schema, async (bytes) => void (await file.write(bytes)), {
        keyValueMetadata,
      });
      for await (const batch of eachBatch(batches)) await writer.writeRowGroup(batch);
      await writer.finish();
      await file.sync();
    } finally {
      await file.close();
    }
  });
}
