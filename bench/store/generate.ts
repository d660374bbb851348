/**
 * XENONnT-like synthetic raw_records and hits for the store benchmark: the same model as
 * shared/bench/strax/bench_strax.py (494 channels, 10 ns samples, baseline 16000 ADC with 3 ADC
 * gaussian noise, half lone dark-count pulses, half 20-fold coincidences every 20 us), generated with
 * our own deterministic random numbers so every run writes the same bytes.
 */
import { defineRecord, RecordBatch, rawRecords, records as recordsType, SAMPLES_PER_RECORD } from '@dance/schema';

const N_CHANNELS = 494;
const DT = 10;
const BASELINE = 16000;
const NOISE_SIGMA = 3;
const GROUP_SIZE = 20;
const GROUP_SPACING_NS = 20_000;
const T0 = 1_700_000_000_000_000_000n;

/** xoshiro128** seeded by splitmix32: fast, deterministic, good enough for synthetic noise. */
class Random {
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r / 4294967296;
  }

  int(lo: number, hiExclusive: number): number {
    return lo + Math.floor(this.next() * (hiExclusive - lo));
  }

  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** One digitized pulse: a negative-going gaussian on the baseline. */
interface Pulse {
  time: number; // ns after T0
  channel: number;
  amplitude: number; // ADC
  position: number; // sample of the pulse maximum
}

/** Pulses of the strax benchmark model, time-sorted, same-channel overlaps dropped. */
function makePulses(nRecords: number, rnd: Random): Pulse[] {
  const nLone = Math.floor(nRecords / 2);
  const nGroups = Math.max(1, Math.floor((nRecords - nLone) / GROUP_SIZE));
  const span = nGroups * GROUP_SPACING_NS;
  const pulses: Pulse[] = [];
  const channels = Array.from({ length: N_CHANNELS }, (_, i) => i);
  for (let g = 0; g < nGroups; g++) {
    for (let k = 0; k < GROUP_SIZE; k++) {
      // partial Fisher-Yates: distinct channels within a coincidence
      const j = k + rnd.int(0, N_CHANNELS - k);
      [channels[k], channels[j]] = [channels[j], channels[k]];
      pulses.push({
        time: g * GROUP_SPACING_NS + rnd.int(-5, 6) * DT + 1_000_000,
        channel: channels[k],
        amplitude: rnd.uniform(20, 300),
        position: rnd.int(55, 66),
      });
    }
  }
  for (let i = 0; i < nLone; i++) {
    pulses.push({
      time: 1_000_000 + rnd.int(0, span / DT) * DT,
      channel: rnd.int(0, N_CHANNELS),
      amplitude: rnd.uniform(20, 60),
      position: rnd.int(55, 66),
    });
  }
  pulses.sort((a, b) => a.channel - b.channel || a.time - b.time);
  const kept = pulses.filter((p, i) => {
    const prev = pulses[i - 1];
    return !(prev && prev.channel === p.channel && p.time < prev.time + SAMPLES_PER_RECORD * DT);
  });
  return kept.sort((a, b) => a.time - b.time);
}

/** raw_records (one record per pulse) and hits-like rows (one per pulse) from the same pulses. */
export function generate(nRecords: number, seed = 0): { records: RecordBatch; hits: RecordBatch } {
  const rnd = new Random(seed);
  const pulses = makePulses(nRecords, rnd);
  const n = pulses.length;
  const records = RecordBatch.allocate(rawRecords, n);
  const c = records.columns;
  const hits = RecordBatch.allocate(hitsLike, n);
  const h = hits.columns;
  for (let i = 0; i < n; i++) {
    const p = pulses[i];
    c.time[i] = T0 + BigInt(p.time);
    c.length[i] = SAMPLES_PER_RECORD;
    c.dt[i] = DT;
    c.channel[i] = p.channel;
    c.pulse_length[i] = SAMPLES_PER_RECORD;
    const row = i * SAMPLES_PER_RECORD;
    let height = 0;
    for (let s = 0; s < SAMPLES_PER_RECORD; s++) {
      const x = (s - p.position) / 1.5;
      const pulse = p.amplitude * Math.exp(-0.5 * x * x);
      c.data[row + s] = Math.round(BASELINE + NOISE_SIGMA * rnd.normal() - pulse);
      height = Math.max(height, pulse);
    }
    h.time[i] = c.time[i] + BigInt((p.position - 4) * DT);
    h.length[i] = 9;
    h.dt[i] = DT;
    h.channel[i] = p.channel;
    h.area[i] = p.amplitude * 1.5 * Math.sqrt(2 * Math.PI);
    h.height[i] = height;
    h.left[i] = p.position - 4;
    h.right[i] = p.position + 5;
    h.record_i[i] = i;
  }
  return { records, hits };
}

/** A hits-like table type (strax's hit fields that analysis reads) for benchmarks and tests. */
export const hitsLike = defineRecord({
  name: 'bench_hits',
  version: 1,
  storage: 'table',
  description: 'Hits-like rows: one threshold crossing per pulse',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start of the hit' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Samples in the hit' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'Sampling interval' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'PMT channel' },
    { name: 'area', dtype: 'f32', unit: 'ADC×sample', description: 'Integral above baseline' },
    { name: 'height', dtype: 'f32', unit: 'ADC', description: 'Maximum above baseline' },
    { name: 'left', dtype: 'i16', unit: 'samples', description: 'First sample of the hit in its record' },
    { name: 'right', dtype: 'i16', unit: 'samples', description: 'One past the last sample' },
    { name: 'record_i', dtype: 'i32', unit: '', description: 'Index of the record holding the hit' },
  ],
});

const HIT_THRESHOLD = 15; // ADC, straxen's default
const LEFT_EXTENSION = 3; // samples (30 ns)
const RIGHT_EXTENSION = 20; // samples (200 ns)

/**
 * records as strax keeps them for analysis: baseline (mean of the first 40 samples) subtracted,
 * sign flipped, and samples outside hits (above 15 ADC, extended 30 ns left and 200 ns right)
 * zeroed. The data strax's 5.9 compression ratio was measured on.
 */
export function toRecords(raw: RecordBatch): RecordBatch {
  const n = raw.length;
  const out = RecordBatch.allocate(recordsType, n);
  const r = raw.columns as Record<string, ArrayLike<number> | BigInt64Array>;
  const c = out.columns;
  c.time.set(raw.time);
  for (const name of ['length', 'dt', 'channel', 'pulse_length', 'record_i'] as const) {
    (c[name] as Int32Array).set(r[name] as ArrayLike<number>);
  }
  const data = raw.column('data') as Int16Array;
  const keep = new Uint8Array(SAMPLES_PER_RECORD);
  for (let i = 0; i < n; i++) {
    const row = i * SAMPLES_PER_RECORD;
    let sum = 0;
    for (let s = 0; s < 40; s++) sum += data[row + s];
    const baseline = sum / 40;
    const base = Math.floor(baseline);
    keep.fill(0);
    for (let s = 0; s < SAMPLES_PER_RECORD; s++) {
      if (base - data[row + s] > HIT_THRESHOLD) {
        keep.fill(1, Math.max(0, s - LEFT_EXTENSION), Math.min(SAMPLES_PER_RECORD, s + RIGHT_EXTENSION + 1));
      }
    }
    let area = 0;
    for (let s = 0; s < SAMPLES_PER_RECORD; s++) {
      const v = keep[s] ? base - data[row + s] : 0;
      c.data[row + s] = v;
      area += v;
    }
    c.area[i] = area;
    c.baseline[i] = baseline;
  }
  return out;
}
