import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, RecordBatch } from '@dance/schema';

/** A table type with every dtype, as scalars and as arrays, for the Parquet codec tests. */
export const everyDtype = defineRecord({
  name: 'every_dtype',
  version: 3,
  storage: 'table',
  description: 'Every element type DANCE declares',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time' },
    { name: 'a_i8', dtype: 'i8', unit: '', description: 'int8' },
    { name: 'a_u8', dtype: 'u8', unit: '', description: 'uint8' },
    { name: 'a_bool', dtype: 'bool', unit: '', description: 'bool' },
    { name: 'a_i16', dtype: 'i16', unit: '', description: 'int16' },
    { name: 'a_u16', dtype: 'u16', unit: '', description: 'uint16' },
    { name: 'a_i32', dtype: 'i32', unit: '', description: 'int32' },
    { name: 'a_u32', dtype: 'u32', unit: '', description: 'uint32' },
    { name: 'a_u64', dtype: 'u64', unit: '', description: 'uint64' },
    { name: 'a_f32', dtype: 'f32', unit: 'PE', description: 'float32' },
    { name: 'a_f64', dtype: 'f64', unit: 'PE', description: 'float64' },
    { name: 'wave', dtype: 'i16', shape: 5, unit: 'ADC', description: 'int16 array' },
    { name: 'flags', dtype: 'bool', shape: 3, unit: '', description: 'bool array' },
    { name: 'pos', dtype: 'f64', shape: 2, unit: 'cm', description: 'float64 array' },
  ],
});

export type EveryDtype = RecordBatch<typeof everyDtype.fields>;

/** `n` rows whose values sweep each type's range (extremes included) and depend on the row. */
export function sampleBatch(n: number, t0 = 1_700_000_000_000_000_000n): EveryDtype {
  const b = RecordBatch.allocate(everyDtype, n);
  const c = b.columns;
  for (let i = 0; i < n; i++) {
    c.time[i] = t0 + BigInt(i) * 1000n;
    c.a_i8[i] = (i % 256) - 128;
    c.a_u8[i] = i % 256;
    c.a_bool[i] = i % 3 === 0 ? 1 : 0;
    c.a_i16[i] = ((i * 131) % 65536) - 32768;
    c.a_u16[i] = (i * 257) % 65536;
    c.a_i32[i] = i % 2 ? -2147483648 + i : 2147483647 - i;
    c.a_u32[i] = 4294967295 - i;
    c.a_u64[i] = 18446744073709551615n - BigInt(i);
    c.a_f32[i] = i * 0.25 - 7.5;
    c.a_f64[i] = i % 5 === 0 ? Number.NaN : i / 3;
    for (let s = 0; s < 5; s++) c.wave[i * 5 + s] = ((i + s * 7919) % 65536) - 32768;
    for (let s = 0; s < 3; s++) c.flags[i * 3 + s] = (i + s) % 2;
    c.pos[i * 2] = -i * 1.5;
    c.pos[i * 2 + 1] = i === 1 ? Number.POSITIVE_INFINITY : i * 1e-9;
  }
  return b;
}

/** Names of the columns whose bytes differ between two batches (bit-exact: NaNs, -0 included). */
export function differingColumns(a: RecordBatch, b: RecordBatch): string[] {
  const bytes = (batch: RecordBatch, name: string) => {
    const col = batch.column(name);
    return Buffer.from(col.buffer, col.byteOffset, col.byteLength);
  };
  return a.schema.fields.map((f) => f.name).filter((name) => !bytes(a, name).equals(bytes(b, name)));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dance-parquet-'));
}
