import type { EventPeak } from '@dance/api';
import type { Table } from 'apache-arrow';
import { peakPatterns } from '../waveform/columns.js';

/**
 * A peak's light per PMT: area_per_channel summed over the rows of the pattern product starting
 * inside the peak, so it is the peak's own row for `peaks` and its pieces for `peaklets`.
 * Undefined when no row starts inside it.
 */
export function patternOf(table: Table, peak: EventPeak): Float32Array | undefined {
  const time = table.getChild('time')?.toArray() as BigInt64Array | undefined;
  if (!time) return undefined;
  const [start, end] = [BigInt(peak.time), BigInt(peak.endtime)];
  let sum: Float32Array | undefined;
  peakPatterns(table).forEach((row, i) => {
    if (time[i] < start || time[i] >= end) return;
    sum ??= new Float32Array(row.perChannel.length);
    for (let ch = 0; ch < sum.length; ch++) sum[ch] += row.perChannel[ch];
  });
  return sum;
}
