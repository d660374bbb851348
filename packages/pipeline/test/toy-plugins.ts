import { defineRecord, RecordBatch, type RecordSchema, UserError } from '@dance/schema';
import type { Plugin } from '../src/index.js';

/** Toy data types and plugins for the pipeline tests (compiled to dist/test for the worker threads). */
export const toyPulses = defineRecord({
  name: 'toy_pulses',
  version: 1,
  storage: 'waveform',
  description: 'test pulses',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'start' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'samples' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'sample width' },
    { name: 'value', dtype: 'i32', unit: 'ADC', description: 'pulse value' },
  ],
});

export const toySums = defineRecord({
  name: 'toy_sums',
  version: 1,
  storage: 'waveform',
  description: 'scaled pulses',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'start' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'samples' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'sample width' },
    { name: 'scaled', dtype: 'f64', unit: 'PE', description: 'value × scale' },
  ],
});

export const toyClusters = defineRecord({
  name: 'toy_clusters',
  version: 1,
  storage: 'table',
  description: 'pulses clustered in time',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'start, less the extension' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'samples' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'sample width' },
    { name: 'total', dtype: 'f64', unit: 'PE', description: 'sum of scaled' },
    { name: 'first_row', dtype: 'i32', unit: '', description: 'first toy_sums row' },
  ],
});

const CODE = ['@dance/pipeline/test/toy-plugins.ts'];

export const sums: Plugin = {
  name: 'toy-sums',
  provides: toySums,
  dependsOn: ['toy_pulses'],
  version: '1',
  code: CODE,
  options: [
    { name: 'scale', type: 'number', default: 2, tracked: true, description: 'PE per ADC' },
    { name: 'delay_ms', type: 'number', default: 0, tracked: false, description: 'sleep per chunk (kill tests)' },
    { name: 'fail_at', type: 'string', default: '', tracked: false, description: 'a pulse time (ns) to fail on' },
  ],
  contextNs: () => 0,
  compute(inputs, options) {
    const delay = options.delay_ms as number;
    if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
    const p = inputs.toy_pulses;
    if (options.fail_at !== '' && p.time.includes(BigInt(options.fail_at as string))) throw new UserError('bad pulse');
    const scaled = Float64Array.from(p.column('value') as Int32Array, (v) => v * (options.scale as number));
    return new RecordBatch(toySums, p.length, {
      time: p.time.slice(),
      length: p.column('length').slice(),
      dt: p.column('dt').slice(),
      scaled,
    } as never);
  },
};

/** Clusters of pulses closer than `gap` ns, each extended by 10 ns on both sides. */
export const clusters: Plugin = {
  name: 'toy-clusters',
  provides: toyClusters,
  dependsOn: ['toy_sums'],
  version: '1',
  code: CODE,
  options: [{ name: 'gap', type: 'integer', default: 100, tracked: true, description: 'ns between clusters' }],
  contextNs: (o) => o.gap as number,
  rowReferences: { first_row: 'toy_sums' },
  compute(inputs, options) {
    const s = inputs.toy_sums;
    const gap = BigInt(options.gap as number);
    const ends = s.endTime();
    const rows: { time: bigint; end: bigint; total: number; first: number }[] = [];
    for (let i = 0; i < s.length; i++) {
      const last = rows.at(-1);
      const scaled = (s.column('scaled') as Float64Array)[i];
      if (last && s.time[i] - last.end < gap) {
        if (ends[i] > last.end) last.end = ends[i];
        last.total += scaled;
      } else rows.push({ time: s.time[i], end: ends[i], total: scaled, first: i });
    }
    return batchOf(toyClusters, rows.length, {
      time: BigInt64Array.from(rows, (r) => r.time - 10n),
      length: Int32Array.from(rows, (r) => Number(r.end - r.time) + 20),
      dt: new Int16Array(rows.length).fill(1),
      total: Float64Array.from(rows, (r) => r.total),
      first_row: Int32Array.from(rows, (r) => r.first),
    });
  },
};

function batchOf(schema: RecordSchema, length: number, columns: object): RecordBatch {
  return new RecordBatch(schema, length, columns as never);
}

export const plugins: Plugin[] = [sums, clusters];

/** n pulses of 10 samples × 2 ns in bursts: gaps of 30 ns inside a burst, 500..2500 ns between bursts. */
export function toyRun(n: number): RecordBatch {
  const time = new BigInt64Array(n);
  let t = 1_700_000_000_000_000_000n;
  for (let i = 0; i < n; i++) {
    time[i] = t;
    t += i % 7 === 6 ? BigInt(500 + ((i * 37) % 2000)) : 50n;
  }
  return batchOf(toyPulses, n, {
    time,
    length: new Int32Array(n).fill(10),
    dt: new Int16Array(n).fill(2),
    value: Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000),
  });
}
