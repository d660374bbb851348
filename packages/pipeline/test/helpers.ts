import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from '@dance/schema';
import { Store } from '@dance/store';
import { toyPulses, toyRun } from './toy-plugins.js';

/** A fresh store holding run r1's toy_pulses (n rows, written in store chunks of `perChunk` rows). */
export async function toyStore(n: number, perChunk = 1000): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dance-pipeline-'));
  const store = new Store(dir);
  const run = toyRun(n);
  const w = store.writer({ run: 'r1', type: 'toy_pulses', lineage: 'import1' }, toyPulses);
  // store chunks cut only where pulses do not overlap (every 7th pulse is followed by a gap)
  for (let i = 0; i < n; i += perChunk - (perChunk % 7))
    await w.write(run.slice(i, Math.min(n, i + perChunk - (perChunk % 7))));
  await w.commit();
  return { store, dir };
}

/** Every column's bytes, for byte-for-byte comparison of products. */
export function columnBytes(batch: RecordBatch): Record<string, Buffer> {
  return Object.fromEntries(
    batch.schema.fields.map((f) => {
      const c = batch.column(f.name);
      return [f.name, Buffer.from(c.buffer, c.byteOffset, c.byteLength)];
    }),
  );
}
