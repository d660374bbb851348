import { defineRecord, eventInfo, RecordBatch } from '@dance/schema';

const f32 = (name: string, unit: string, description: string) => ({ name, dtype: 'f32', unit, description }) as const;

/**
 * An event_basics-like table (a subset of straxen's fields) for tests, benchmarks and demos until the
 * processing chain writes real ones. Not registered as a data type: it only stands in for one.
 */
export const syntheticEventBasics = defineRecord({
  name: 'event_basics',
  version: 0,
  storage: 'table',
  description: 'Synthetic event_basics-like events (test and benchmark data, not physics)',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Event start, ns since the epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'Event end, ns since the epoch' },
    f32('s1_area', 'PE', 'Main S1 area'),
    f32('s2_area', 'PE', 'Main S2 area'),
    f32('cs1', 'PE', 'Corrected S1 area'),
    f32('cs2', 'PE', 'Corrected S2 area'),
    f32('drift_time', 'ns', 'Main S2 minus main S1 time'),
    f32('s2_x', 'cm', 'Reconstructed x'),
    f32('s2_y', 'cm', 'Reconstructed y'),
    { name: 's1_n_channels', dtype: 'i16', unit: '', description: 'PMTs contributing to the main S1' },
  ],
});

/**
 * `n` time-ordered events from `start` at `rate` Hz: 30 % a line at cS1 = 50 PE (σ 5), the rest flat
 * in cS1 over [0, 200); positions uniform in a 50 cm radius; deterministic for a given `seed`.
 */
export function syntheticEvents(n: number, start: bigint, seed = 1, rate = 100): RecordBatch {
  const b = RecordBatch.allocate(syntheticEventBasics, n);
  const c = b.columns as Record<string, Float32Array | BigInt64Array | Int16Array>;
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let t = start;
  for (let i = 0; i < n; i++) {
    t += BigInt(Math.max(1000, Math.round((-Math.log(1 - random()) / rate) * 1e9)));
    const cs1 = random() < 0.3 ? 50 + 5 * gauss() : 200 * random();
    const drift = 1e3 + 2e6 * random();
    const r = 50 * Math.sqrt(random());
    const phi = 2 * Math.PI * random();
    const cs2 = Math.max(0, cs1 * 60 * (1 + 0.1 * gauss()));
    (c.time as BigInt64Array)[i] = t;
    (c.endtime as BigInt64Array)[i] = t + BigInt(Math.round(drift + 2000));
    (c.cs1 as Float32Array)[i] = cs1;
    (c.s1_area as Float32Array)[i] = cs1 * 0.9;
    (c.cs2 as Float32Array)[i] = cs2;
    (c.s2_area as Float32Array)[i] = cs2 * Math.exp(-drift / 5e6);
    (c.drift_time as Float32Array)[i] = drift;
    (c.s2_x as Float32Array)[i] = r * Math.cos(phi);
    (c.s2_y as Float32Array)[i] = r * Math.sin(phi);
    (c.s1_n_channels as Int16Array)[i] = Math.max(1, Math.round(cs1 / 8));
  }
  return b;
}

/** A small fast seeded PRNG (Tommy Ettinger's mulberry32): reproducible data, not cryptography. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * syntheticEvents as rows of the processing chain's `event_info` type, numbered from `firstEventNumber`:
 * the fields the generator makes are copied, every other field is marked absent as event_info does
 * (floats NaN, integers and times −1). For tests and demos of the web Analysis page.
 */
export function syntheticEventInfoRows(
  n: number,
  start: bigint,
  seed = 1,
  firstEventNumber = 0,
): RecordBatch<typeof eventInfo.fields> {
  const events = syntheticEvents(n, start, seed);
  const made = new Map(syntheticEventBasics.fields.map((f) => [f.name, f.dtype]));
  const b = RecordBatch.allocate(eventInfo, n);
  // plain typed-array copies and fills, dtype by dtype
  const from = events.columns as unknown as Record<string, Float64Array>;
  const to = b.columns as unknown as Record<string, Float64Array | BigInt64Array>;
  for (const f of eventInfo.fields) {
    const column = to[f.name];
    if (made.get(f.name) === f.dtype) (column as Float64Array).set(from[f.name]);
    else if (f.name === 'event_number')
      (column as BigInt64Array).set(Array.from({ length: n }, (_, i) => BigInt(firstEventNumber + i)));
    else if (column instanceof BigInt64Array) column.fill(-1n);
    else column.fill(f.dtype === 'f32' || f.dtype === 'f64' ? Number.NaN : -1);
  }
  return b;
}
