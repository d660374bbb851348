import type { EventPeak } from '@dance/api';
import type { Binning } from '../waveform/bin.js';

/** Most bins of a zoom: one per sample at most, so a bin never falls between two samples. */
const MAX_BINS = 1000;

/**
 * The time axis of a zoom on one peak: the peak with half its length (at least `minPad` ns) on
 * either side, in bins no narrower than one sample (`dt` ns).
 */
export function zoomOn(peak: EventPeak, dt: number, minPad: number): Binning {
  const start = BigInt(peak.time);
  const length = Number(BigInt(peak.endtime) - start);
  const pad = Math.max(minPad, Math.round(length / 2));
  const width = length + 2 * pad;
  return { start: start - BigInt(pad), width, bins: Math.max(1, Math.min(MAX_BINS, Math.floor(width / dt))) };
}

/** S1s last tens to hundreds of ns: their zoom reads in ns. */
export const S1_PAD_NS = 200;
/** S2s last µs: their zoom reads in µs. */
export const S2_PAD_NS = 2_000;
