/**
 * Truth ↔ reconstruction matching of peaks. Pure functions over typed arrays.
 *
 * The rule: a truth peak is matched to the reconstructed peak whose [time, endtime) contains the
 * truth center_time; when none does, to the reconstructed peak with the largest time overlap with
 * the truth's [time, endtime] (ties: the earlier peak); when nothing overlaps it is missed. A truth
 * peak is *found* when its match has the same type (1 S1, 2 S2). Several truth peaks can share one
 * reconstructed peak (Kr-83m's two S1s 154 ns apart, the two S2s always): the reconstructed peak is
 * then compared with their sum, and its *dominant* truth peak is the one with the most photoelectrons.
 */

/** The truth_peaks columns matching reads. */
export interface TruthPeaks {
  time: BigInt64Array;
  endtime: BigInt64Array;
  center_time: BigInt64Array;
  type: ArrayLike<number>;
  n_pe: ArrayLike<number>;
  area: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** The reconstructed peak columns matching reads (peak_basics, x/y from peak_positions when present). */
export interface RecoPeaks {
  time: BigInt64Array;
  endtime: BigInt64Array;
  type: ArrayLike<number>;
  area: ArrayLike<number>;
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
}

export interface Matching {
  /** Per truth peak: row of its reconstructed peak, −1 when missed. */
  recoOf: Int32Array;
  /** Per reconstructed peak: its truth peak with the most photoelectrons, −1 when none matched it. */
  dominant: Int32Array;
  /** Per reconstructed peak: summed area and photoelectrons of the truth peaks matched to it. */
  truthArea: Float64Array;
  truthPe: Float64Array;
}

/** Matches truth peaks to reconstructed peaks; `reco` must be sorted by time (as stored). */
export function matchPeaks(truth: TruthPeaks, reco: RecoPeaks): Matching {
  const nReco = reco.time.length;
  const nTruth = truth.time.length;
  for (let j = 1; j < nReco; j++) {
    if (reco.time[j] < reco.time[j - 1]) throw new Error(`reconstructed peaks out of time order at row ${j}`);
  }
  // Offsets from one origin as float64: exact for spans under 104 days, and far faster than bigint.
  const origin = nReco > 0 ? reco.time[0] : 0n;
  const rStart = new Float64Array(nReco);
  const rEnd = new Float64Array(nReco);
  let longest = 0;
  for (let j = 0; j < nReco; j++) {
    rStart[j] = Number(reco.time[j] - origin);
    rEnd[j] = Number(reco.endtime[j] - origin);
    longest = Math.max(longest, rEnd[j] - rStart[j]);
  }
  const recoOf = new Int32Array(nTruth).fill(-1);
  for (let i = 0; i < nTruth; i++) {
    const tStart = Number(truth.time[i] - origin);
    // The last photoelectron arrives at endtime: the truth interval includes it.
    const tEnd = Number(truth.endtime[i] - origin) + 1;
    const center = Number(truth.center_time[i] - origin);
    let best = -1;
    let bestOverlap = 0;
    // Candidates start before the truth ends and no earlier than the longest peak before it.
    for (let j = firstAtOrAfter(rStart, tEnd) - 1; j >= 0 && rStart[j] >= tStart - longest; j--) {
      if (rStart[j] <= center && center < rEnd[j]) {
        best = j;
        break;
      }
      const overlap = Math.min(rEnd[j], tEnd) - Math.max(rStart[j], tStart);
      if (overlap > 0 && overlap >= bestOverlap) {
        best = j;
        bestOverlap = overlap;
      }
    }
    recoOf[i] = best;
  }
  const dominant = new Int32Array(nReco).fill(-1);
  const truthArea = new Float64Array(nReco);
  const truthPe = new Float64Array(nReco);
  for (let i = 0; i < nTruth; i++) {
    const j = recoOf[i];
    if (j < 0) continue;
    truthArea[j] += truth.area[i];
    truthPe[j] += truth.n_pe[i];
    if (dominant[j] < 0 || truth.n_pe[i] > truth.n_pe[dominant[j]]) dominant[j] = i;
  }
  return { recoOf, dominant, truthArea, truthPe };
}

/** First index with sorted[k] >= x (sorted.length when none). */
function firstAtOrAfter(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
