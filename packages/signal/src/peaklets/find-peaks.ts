import { giveBackColumns, lendColumn } from '../column-pool.js';
import { SignalInputError } from '../errors.js';
import type { HitOffsets } from '../hits.js';
import { allocateColumns } from '../table.js';
import { type Peaks, peakSpec } from './peak-columns.js';

export interface ClusterOptions {
  /** A gap of at least this many ns between a hit and the running peak end starts a new peak (straxen: 700). */
  gapThreshold?: number;
  /** ns added before the first and after the last hit (straxen: 30, 200). */
  leftExtension?: number;
  rightExtension?: number;
  /** Peaks need this many channels with non-zero area (straxen: 2) and this much area in PE (0). */
  minChannels?: number;
  minArea?: number;
  /** A peak may not grow past this many ns (straxen: 10 ms). */
  maxDuration?: number;
}

/**
 * Clusters time-sorted hits of all channels into peaks, as strax.find_peaks: time, length, dt,
 * channel −1, n_hits, max_gap and the hit-based area (area_per_channel is left to the sum waveform,
 * which replaces strax's cluster values with its own in every case that occurs). Returns the peaks and,
 * per hit, the peak it joined (−1 for hits of rejected clusters: strax's lone hits).
 */
export function clusterHits(
  hits: Pick<HitOffsets, 'time' | 'length' | 'dt' | 'channel' | 'area'>,
  n: number,
  toPe: ArrayLike<number>,
  options: ClusterOptions = {},
): { peaks: Peaks; peakOfHit: Int32Array } {
  const gap = options.gapThreshold ?? 700;
  const leftExt = options.leftExtension ?? 30;
  const rightExt = options.rightExtension ?? 200;
  const minChannels = options.minChannels ?? 2;
  const minArea = options.minArea ?? 0;
  const maxDuration = options.maxDuration ?? 10_000_000;
  if (gap <= leftExt + rightExt) {
    throw new SignalInputError(
      `gapThreshold ${gap} ns must exceed leftExtension + rightExtension (${leftExt + rightExt} ns)`,
    );
  }
  const nChannels = toPe.length;
  const { time, length, dt, channel, area } = hits;
  // One pass finds the clusters that become peaks; then the peaks are allocated once, exactly.
  const from: number[] = [];
  const until: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const gaps: number[] = [];
  const areas: number[] = [];
  const channelArea = new Float32Array(nChannels);
  const touched = lendColumn(Int32Array, Math.max(n, 1));
  let nTouched = 0;
  const countedIn = new Int32Array(nChannels);
  let cluster = 0;
  let first = 0; // first hit of the current cluster
  let peakStart = 0;
  let peakEnd = 0;
  let peakArea = 0;
  let maxGap = 0;
  for (let i = 0; i < n; i++) {
    const ch = channel[i];
    if (ch >= nChannels)
      throw new SignalInputError(`hit ${i}: channel ${ch} has no gain (toPe has ${nChannels} channels)`);
    const t1 = time[i] + dt[i] * length[i];
    if (i === first) {
      for (let k = 0; k < nTouched; k++) channelArea[touched[k]] = 0;
      nTouched = 0;
      peakStart = time[i] - leftExt;
      peakEnd = t1;
      peakArea = 0;
      maxGap = 0;
    } else {
      maxGap = Math.max(maxGap, time[i] - peakEnd);
    }
    peakEnd = Math.max(peakEnd, t1);
    const pe = area[i] * toPe[ch];
    touched[nTouched++] = ch;
    channelArea[ch] += pe;
    peakArea = Math.fround(peakArea + pe);
    const last = i === n - 1;
    const ends =
      last ||
      time[i + 1] - peakEnd >= gap ||
      time[i + 1] - peakStart + dt[i + 1] * length[i + 1] + leftExt + rightExt > maxDuration;
    if (!ends) continue;
    const clusterFrom = first;
    first = i + 1;
    if (peakArea < minArea) continue;
    let contributing = 0;
    cluster++;
    for (let k = 0; k < nTouched; k++) {
      const c = touched[k];
      if (channelArea[c] !== 0 && countedIn[c] !== cluster) contributing++;
      countedIn[c] = cluster;
    }
    if (contributing < minChannels) continue;
    from.push(clusterFrom);
    until.push(i + 1);
    start.push(peakStart);
    end.push(peakEnd);
    gaps.push(maxGap);
    areas.push(peakArea);
  }
  const saved = from.length;
  // Room for an eighth more rows, so natural-breaks splitting can usually merge its pieces in place.
  const p = allocateColumns(peakSpec(nChannels), saved + (saved >> 3) + 16);
  giveBackColumns({ touched });
  const peakOfHit = lendColumn(Int32Array, n).fill(-1);
  for (let k = 0; k < saved; k++) {
    const to = until[k];
    p.time[k] = start[k];
    p.length[k] = Math.trunc((end[k] - start[k] + rightExt) / dt[from[k]]);
    p.dt[k] = dt[from[k]];
    p.channel[k] = -1;
    p.n_hits[k] = to - from[k];
    p.area[k] = areas[k];
    p.max_gap[k] = gaps[k];
    peakOfHit.fill(k, from[k], to);
  }
  return { peaks: { n: saved, nChannels, cols: p }, peakOfHit };
}
