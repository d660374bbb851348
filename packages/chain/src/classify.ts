/** Peaklet columns classification reads. */
export interface ClassifiedColumns {
  area: Float32Array;
  area_fraction_top: Float32Array;
  /** 11 per peak; −entry 1 is the rise time (t50 − t10). */
  area_decile_from_midpoint: Float32Array;
  tight_coincidence: Int16Array;
  /** nChannels per peak. */
  area_per_channel: Float32Array;
}

export interface ClassificationOptions {
  /** Small S1s (area < 100 PE) rise faster than a·exp(−area/c) + b ns (straxen: 50, 80, 12). */
  riseTimeArea: readonly [number, number, number];
  /** …and faster than 10^(slope·AFT + offset) ns (straxen: −1, 2.6)… */
  riseTimeAft: readonly [number, number];
  /** …a limit that is flat at this many ns from this AFT on (straxen: AFT 0.6, 100 ns). */
  flattenAft: readonly [number, number];
  /** Large S1s rise within this many ns (straxen: 200). */
  maxRiseTimeLarge: number;
  /** S1s need this many tight-coincidence channels (straxen: 2). */
  minCoincidence: number;
  /** S2s need this many channels with area (straxen: 4). */
  s2MinChannels: number;
}

export const STRAXEN_CLASSIFICATION: ClassificationOptions = {
  riseTimeArea: [50, 80, 12],
  riseTimeAft: [-1, 2.6],
  flattenAft: [0.6, 100],
  maxRiseTimeLarge: 200,
  minCoincidence: 2,
  s2MinChannels: 4,
};

/**
 * Peaklet types as straxen's vanilla classification: 1 (S1) for a fast-rising peak with enough
 * tight coincidence, else 2 (S2) with enough channels, else 0. Pure; one value per peak.
 */
export function classifyPeaklets(
  table: { length: number; columns: ClassifiedColumns },
  o: ClassificationOptions = STRAXEN_CLASSIFICATION,
): Int8Array {
  const n = table.length;
  const peaks = table.columns;
  const out = new Int8Array(n);
  const nCh = n === 0 ? 0 : peaks.area_per_channel.length / n;
  const widths = n === 0 ? 0 : peaks.area_decile_from_midpoint.length / n;
  const [a, b, c] = o.riseTimeArea;
  const [slope, offset] = o.riseTimeAft;
  const [flatAft, flatNs] = o.flattenAft;
  for (let k = 0; k < n; k++) {
    const area = peaks.area[k];
    const rise = -peaks.area_decile_from_midpoint[k * widths + 1];
    const aft = peaks.area_fraction_top[k];
    const aftLimit = aft >= flatAft ? flatNs : 10 ** (slope * aft + offset);
    const s1 =
      peaks.tight_coincidence[k] >= o.minCoincidence &&
      (area >= 100 ? rise <= o.maxRiseTimeLarge : rise < a * Math.exp(-area / c) + b && rise < aftLimit);
    if (s1) {
      out[k] = 1;
      continue;
    }
    let channels = 0;
    for (let ch = k * nCh; ch < (k + 1) * nCh; ch++) if (peaks.area_per_channel[ch] > 0) channels++;
    if (channels >= o.s2MinChannels) out[k] = 2;
  }
  return out;
}
