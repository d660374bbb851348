import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, RecordBatch, rawRecords } from '@dance/schema';

export const T0 = 1_700_000_000_000_000_000n;

export function tempStoreDir(): string {
  return mkdtempSync(join(tmpdir(), 'dance-store-'));
}

/** `n` time-sorted raw_records, one every `spacing` ns from `t0`, with baseline-plus-noise samples. */
export function makeRecords(n: number, t0 = T0, spacing = 2000): RecordBatch {
  let x = 2463534242;
  const uniform = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const noise = () => Math.round((uniform() + uniform() + uniform() - 1.5) * 5); // ~3 ADC rms, xorshift32
  const b = RecordBatch.allocate(rawRecords, n);
  const c = b.columns;
  for (let i = 0; i < n; i++) {
    c.time[i] = t0 + BigInt(i * spacing);
    c.length[i] = 110;
    c.dt[i] = 10;
    c.channel[i] = i % 494;
    c.pulse_length[i] = 110;
    c.baseline[i] = 16000;
    for (let s = 0; s < 110; s++) c.data[i * 110 + s] = 16000 + noise() - (s === 55 ? 200 : 0);
  }
  return b;
}

/** A hits-like table type declared locally (the store must work for any declared type). */
export const hitsLike = defineRecord({
  name: 'test_hits',
  version: 1,
  storage: 'table',
  description: 'Hits-like rows for store tests',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Samples' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'Sampling interval' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'PMT channel' },
    { name: 'area', dtype: 'f32', unit: 'PE', description: 'Area' },
    { name: 'height', dtype: 'f64', unit: 'PE/sample', description: 'Height' },
  ],
});

export function makeHits(n: number, t0 = T0, spacing = 1000): RecordBatch {
  const b = RecordBatch.allocate(hitsLike, n);
  const c = b.columns;
  for (let i = 0; i < n; i++) {
    c.time[i] = t0 + BigInt(i * spacing);
    c.length[i] = 5 + (i % 7);
    c.dt[i] = 10;
    c.channel[i] = i % 494;
    c.area[i] = 0.5 * i;
    c.height[i] = i / 3;
  }
  return b;
}

/** Plain arrays of every column, for exact comparisons. */
export function plain(batch: RecordBatch): Record<string, unknown[]> {
  return Object.fromEntries(
    batch.schema.fields.map((f) => [f.name, Array.from(batch.column(f.name) as ArrayLike<unknown>)]),
  );
}
