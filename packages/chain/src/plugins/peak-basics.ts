import type { Plugin } from '@dance/pipeline';
import { peakBasics, RecordBatch } from '@dance/schema';

/**
 * peaks → peak_basics, the fields of straxen's PeakBasics. max_diff/min_diff are left out: the
 * peaklet kernels do not compute them yet.
 */
export const peakBasicsPlugin: Plugin = {
  name: 'peak_basics',
  provides: peakBasics,
  dependsOn: ['peaks'],
  version: '2',
  code: ['@dance/chain/src/plugins/peak-basics.ts'],
  options: [],
  contextNs: () => 0,
  compute(inputs) {
    const p = inputs.peaks;
    const n = p.length;
    const perChannel = p.column('area_per_channel') as Float32Array;
    const nCh = n === 0 ? 0 : perChannel.length / n;
    const width = p.column('width') as Float32Array;
    const widths = n === 0 ? 0 : width.length / n;
    const deciles = p.column('area_decile_from_midpoint') as Float32Array;
    const nChannels = new Int16Array(n);
    const maxPmt = new Int16Array(n);
    const maxPmtArea = new Float32Array(n);
    const range50 = new Float32Array(n);
    const range90 = new Float32Array(n);
    const rise = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      let best = 0;
      for (let ch = 0; ch < nCh; ch++) {
        const a = perChannel[k * nCh + ch];
        if (a > 0) nChannels[k]++;
        if (a > perChannel[k * nCh + best]) best = ch;
      }
      maxPmt[k] = best;
      maxPmtArea[k] = perChannel[k * nCh + best];
      range50[k] = width[k * widths + 5];
      range90[k] = width[k * widths + 9];
      rise[k] = -deciles[(k * deciles.length) / n + 1];
    }
    return new RecordBatch(peakBasics, n, {
      time: p.time.slice(),
      endtime: p.endTime(),
      center_time: p.column('center_time').slice(),
      area: p.column('area').slice(),
      n_hits: p.column('n_hits').slice(),
      n_channels: nChannels,
      max_pmt: maxPmt,
      max_pmt_area: maxPmtArea,
      range_50p_area: range50,
      range_90p_area: range90,
      area_fraction_top: p.column('area_fraction_top').slice(),
      length: p.column('length').slice(),
      dt: p.column('dt').slice(),
      rise_time: rise,
      tight_coincidence: p.column('tight_coincidence').slice(),
      type: p.column('type').slice(),
      merged: p.column('merged').slice(),
    } as never);
  },
};
