import { PEAK_SAMPLES, type Peaks } from './peak-columns.js';

/**
 * tight_coincidence per peak: how many channels have a hit whose maximum lies within
 * [t_max − before, t_max + after] ns of the peak's maximum sample t_max (time + argmax(data)·dt),
 * straxen's S1 coincidence requirement (windows 50, 50 ns). Hit maxima must be sorted by time.
 */
export function setTightCoincidence(
  peaks: Peaks,
  hitMaxTime: Float64Array,
  hitChannel: Int16Array,
  nHits: number,
  before = 50,
  after = 50,
): void {
  const { data, length, time, dt, tight_coincidence } = peaks.cols;
  const seenIn = new Int32Array(peaks.nChannels).fill(-1);
  let first = 0;
  for (let k = 0; k < peaks.n; k++) {
    const at = k * PEAK_SAMPLES;
    let best = 0;
    for (let j = 1; j < length[k]; j++) if (data[at + j] > data[at + best]) best = j;
    const tMax = time[k] + best * dt[k];
    while (first < nHits && hitMaxTime[first] < tMax - before) first++;
    let channels = 0;
    for (let h = first; h < nHits && hitMaxTime[h] <= tMax + after; h++) {
      if (seenIn[hitChannel[h]] !== k) {
        seenIn[hitChannel[h]] = k;
        channels++;
      }
    }
    tight_coincidence[k] = channels;
  }
}
