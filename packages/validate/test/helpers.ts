import { defineRecord, type FieldSpec, RecordBatch, type RecordSchema } from '@dance/schema';
import type { ProductKey, Store } from '@dance/store';

export const T0 = 1_767_225_600_000_000_000n;

/** Writes one product (one chunk) from plain column arrays. */
export async function writeProduct(
  store: Store,
  key: ProductKey,
  schema: RecordSchema,
  columns: Record<string, ArrayLike<number> | readonly bigint[]>,
  provenance?: object,
): Promise<void> {
  const n = columns.time.length;
  const batch = RecordBatch.allocate(schema, n);
  for (const f of schema.fields) {
    const src = columns[f.name];
    if (!src) continue;
    const dst = batch.column(f.name) as unknown as { [i: number]: number | bigint };
    for (let i = 0; i < n; i++) dst[i] = src[i];
  }
  const w = store.writer(key, schema, { provenance });
  // An empty chunk has no times of its own to span.
  await w.write(batch, n === 0 ? { start: T0, end: T0 + 1n } : {});
  await w.commit();
}

/** The made_from provenance the pipeline writes, reduced to a chain of single inputs. */
export function madeFrom(...chain: [string, string][]): object {
  const node = (i: number): object => ({
    type: chain[i][0],
    lineage: chain[i][1],
    inputs: i + 1 < chain.length ? [node(i + 1)] : [],
  });
  return { made_from: node(0) };
}

/** Seeded standard normal deviates (mulberry32 + Box-Muller): test data without a dependency. */
export function normals(seed: number, n: number): number[] {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));
}

const i64 = (name: string): FieldSpec => ({ name, dtype: 'i64', unit: 'ns', description: name });
const f32 = (name: string): FieldSpec => ({ name, dtype: 'f32', unit: '', description: name });

/** The event_info columns validation reads (the real type has many more). */
export const krEventInfo = defineRecord({
  name: 'event_info',
  version: 1,
  storage: 'table',
  description: 'Kr-83m columns of event_info for tests',
  fields: [i64('time'), i64('s1_center_time'), i64('alt_s1_center_time'), f32('cs1'), f32('alt_cs1'), f32('e_ces')],
});
