import { eventInfo, RecordBatch } from '@dance/schema';

/** The event_info fields the generator models; every other field is absent as event_info marks it. */
const MODELLED = [
  'time',
  'endtime',
  'event_number',
  'cs1',
  's1_area',
  'cs2',
  's2_area',
  'drift_time',
  's2_x',
  's2_y',
  's1_n_channels',
] as const;

/**
 * `n` time-ordered rows of the processing chain's `event_info` type (test, benchmark and demo data, not
 * physics), numbered from `firstEventNumber`, at 100 Hz from `start`: 30 % a line at cS1 = 50 PE (σ 5), the
 * rest flat in cS1 over [0, 200); cS2 ≈ 60 cS1 (10 % spread); drift times flat over [1 µs, 2 ms); positions
 * uniform in a 50 cm radius. Only the fields in MODELLED are made; the others are absent as event_info marks
 * them (floats NaN, integers and times −1). Deterministic for a given `seed`.
 */
export function syntheticEventInfo(
  n: number,
  start: bigint,
  seed = 1,
  firstEventNumber = 0,
): RecordBatch<typeof eventInfo.fields> {
  const b = RecordBatch.allocate(eventInfo, n);
  const modelled = new Set<string>(MODELLED);
  for (const f of eventInfo.fields) {
    if (modelled.has(f.name)) continue;
    const column = b.column(f.name);
    if (column instanceof BigInt64Array) column.fill(-1n);
    else (column as Float32Array).fill(f.dtype === 'f32' || f.dtype === 'f64' ? Number.NaN : -1);
  }
  const c = b.columns;
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let t = start;
  for (let i = 0; i < n; i++) {
    t += BigInt(Math.max(1000, Math.round((-Math.log(1 - random()) / 100) * 1e9)));
    const cs1 = random() < 0.3 ? 50 + 5 * gauss() : 200 * random();
    const drift = 1e3 + 2e6 * random();
    const r = 50 * Math.sqrt(random());
    const phi = 2 * Math.PI * random();
    const cs2 = Math.max(0, cs1 * 60 * (1 + 0.1 * gauss()));
    c.time[i] = t;
    c.endtime[i] = t + BigInt(Math.round(drift + 2000));
    c.event_number[i] = BigInt(firstEventNumber + i);
    c.cs1[i] = cs1;
    c.s1_area[i] = cs1 * 0.9;
    c.cs2[i] = cs2;
    c.s2_area[i] = cs2 * Math.exp(-drift / 5e6);
    c.drift_time[i] = drift;
    c.s2_x[i] = r * Math.cos(phi);
    c.s2_y[i] = r * Math.sin(phi);
    c.s1_n_channels[i] = Math.max(1, Math.round(cs1 / 8));
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
