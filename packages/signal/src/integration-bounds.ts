import { ChunkClock } from './chunk-clock.js';
import { giveBackColumns, lendColumn } from './column-pool.js';
import type { HitColumns, HitOffsets } from './hits.js';
import type { RecordColumns } from './records.js';
import type { Table } from './table.js';

export interface IntegrationOptions {
  /** ns integrated before and after each hit (straxen save_outside_hits: 30, 200). */
  left?: number;
  right?: number;
  /** Let bounds reach past the hit's record (into the neighbouring record of the pulse); strax peaklets: true. */
  beyondRecord?: boolean;
}

type HitFields = Pick<
  HitOffsets,
  'time' | 'length' | 'dt' | 'channel' | 'record_i' | 'left_integration' | 'right_integration'
>;

/**
 * Sets left_integration/right_integration (sample indices in the hit's record) of time-sorted hits,
 * as strax.find_hit_integration_bounds without excluded intervals: each hit extends `left` ns before
 * and `right` ns after itself, clipped at its record unless beyondRecord, and never overlapping the
 * previous hit of its channel (which is itself cut back to where this hit starts).
 */
export function setIntegrationBounds(
  hits: HitFields,
  n: number,
  recordTime: Float64Array,
  recordLength: Int32Array,
  options: IntegrationOptions = {},
): void {
  const before = options.left ?? 30;
  const after = options.right ?? 200;
  const beyond = options.beyondRecord ?? true;
  const { time, length, dt, channel, record_i } = hits;
  const start = lendColumn(Float64Array, n);
  const end = lendColumn(Float64Array, n);
  let maxChannel = -1;
  for (let i = 0; i < n; i++) maxChannel = Math.max(maxChannel, channel[i]);
  const lastHit = new Int32Array(maxChannel + 1).fill(-1);
  for (let i = 0; i < n; i++) {
    start[i] = time[i] - before;
    end[i] = time[i] + length[i] * dt[i] + after;
    if (!beyond) {
      const r = record_i[i];
      start[i] = Math.max(start[i], recordTime[r]);
      end[i] = Math.min(end[i], recordTime[r] + recordLength[r] * dt[i]);
    }
    const ch = channel[i];
    const prev = lastHit[ch];
    if (prev >= 0) {
      end[prev] = Math.min(end[prev], time[i]);
      start[i] = Math.max(start[i], end[prev]);
    }
    lastHit[ch] = i;
  }
  for (let i = 0; i < n; i++) {
    const t0 = recordTime[record_i[i]];
    hits.left_integration[i] = Math.floor((start[i] - t0) / dt[i]);
    hits.right_integration[i] = Math.floor((end[i] - t0) / dt[i]);
  }
  giveBackColumns({ start, end });
}

/** Integration bounds of time-sorted hits found in `records` (new columns; the hits are not changed). */
export function hitIntegrationBounds(
  hits: Table<HitColumns>,
  records: Table<Pick<RecordColumns, 'time' | 'length' | 'dt'>>,
  options: IntegrationOptions = {},
): { left_integration: Int16Array; right_integration: Int16Array } {
  const dt = records.length === 0 ? 1 : records.columns.dt[0];
  const clock = ChunkClock.forSamples(records.columns.time, dt);
  const bounds = {
    ...hits.columns,
    time: clock.offsets(hits.columns.time),
    left_integration: new Int16Array(hits.length),
    right_integration: new Int16Array(hits.length),
  };
  setIntegrationBounds(bounds, hits.length, clock.offsets(records.columns.time), records.columns.length, options);
  return { left_integration: bounds.left_integration, right_integration: bounds.right_integration };
}
