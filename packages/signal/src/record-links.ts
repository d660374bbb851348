import { lendColumn } from './column-pool.js';
/** No previous or next record of the same pulse. */
export const NO_RECORD = -1;

/**
 * For each record, the row of the previous and next record of the same pulse in the same channel
 * (or NO_RECORD), as strax.record_links: a record continues the last record of its channel when
 * record_i > 0 and it starts exactly where a full record there would end.
 */
export function recordLinks(
  time: Float64Array,
  dt: Int16Array,
  channel: Int16Array,
  recordI: Int16Array,
  samplesPerRecord: number,
): { previous: Int32Array; next: Int32Array } {
  const n = time.length;
  let maxChannel = -1;
  for (let i = 0; i < n; i++) maxChannel = Math.max(maxChannel, channel[i]);
  const previous = lendColumn(Int32Array, n).fill(NO_RECORD);
  const next = lendColumn(Int32Array, n).fill(NO_RECORD);
  const last = new Int32Array(maxChannel + 1).fill(NO_RECORD);
  const expectedStart = new Float64Array(maxChannel + 1).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const ch = channel[i];
    if (recordI[i] !== 0 && time[i] === expectedStart[ch]) {
      previous[i] = last[ch];
      next[last[ch]] = i;
    }
    last[ch] = i;
    expectedStart[ch] = time[i] + samplesPerRecord * dt[i];
  }
  return { previous, next };
}
