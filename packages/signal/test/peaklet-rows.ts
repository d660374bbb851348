import { allocateColumns, type PeakletColumns, peakSpec, type Table } from '../src/index.js';

/** A hand-made peaklet: start (ns from an epoch origin), samples of `dt` ns each at `height` PE/sample. */
export interface PeakletSketch {
  time: number;
  samples: number;
  height: number;
  dt?: number;
  /** Channel its area sits in (of 4); the first channel is the top array. */
  channel?: number;
  tightCoincidence?: number;
}

const ORIGIN = 1_700_000_000_000_000_000n;

/** Time-sorted peaklets with 4 channels from sketches, as the peaklets kernel lays them out. */
export function peakletRows(sketches: PeakletSketch[]): Table<PeakletColumns> {
  const n = sketches.length;
  const spec = { ...peakSpec(4), time: [BigInt64Array, 1], center_time: [BigInt64Array, 1] } as const;
  const c = allocateColumns(spec, n) as unknown as PeakletColumns;
  sketches.forEach((s, k) => {
    const dt = s.dt ?? 10;
    c.time[k] = ORIGIN + BigInt(s.time);
    c.center_time[k] = ORIGIN + BigInt(s.time + (s.samples * dt) / 2);
    c.length[k] = s.samples;
    c.dt[k] = dt;
    c.channel[k] = -1;
    c.data.fill(s.height, k * 200, k * 200 + s.samples);
    c.data_top.fill(s.channel === 0 ? s.height : 0, k * 200, k * 200 + s.samples);
    c.area[k] = s.height * s.samples;
    c.area_per_channel[k * 4 + (s.channel ?? 1)] = s.height * s.samples;
    c.n_hits[k] = 3;
    c.tight_coincidence[k] = s.tightCoincidence ?? 2;
    c.max_gap[k] = 100;
  });
  return { length: n, columns: c };
}

export const at = (ns: number) => ORIGIN + BigInt(ns);
