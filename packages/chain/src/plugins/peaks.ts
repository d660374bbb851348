import type { Plugin } from '@dance/pipeline';
import { peaks, RecordBatch, UserError } from '@dance/schema';
import { mergePeaklets, type PeakletColumns, STRAXEN_S2_MERGING, type Table } from '@dance/signal';

/**
 * peaklets + peaklet_classification → peaks: S2 peaklets close in time merged (straxen's vanilla
 * merged_s2s rules and defaults, without lone hits), every other peaklet passed through with its type.
 */
export const peaksPlugin: Plugin = {
  name: 'peaks',
  provides: peaks,
  dependsOn: ['peaklets', 'peaklet_classification'],
  version: '1',
  code: ['@dance/chain/src/plugins/peaks.ts', '@dance/signal/src/merging', '@dance/signal/src/peaklets/properties.ts'],
  options: [
    {
      name: 's2_merge_gap_thresholds',
      type: 'numbers',
      default: STRAXEN_S2_MERGING.gapThresholds.flat(),
      tracked: true,
      description:
        'largest gap (ns) merged, by log10 merged area: pairs log10(area), gap, interpolated linearly; the first gap is the largest ever merged, the last area the largest merged area (straxen: 1.74, 5020, 4.85, 1890)',
    },
    {
      name: 's2_merge_max_duration',
      type: 'number',
      default: STRAXEN_S2_MERGING.maxDuration,
      tracked: true,
      description: 'ns a merged peak must stay below (straxen: 50000)',
    },
    {
      name: 'n_top_channels',
      type: 'integer',
      tracked: true,
      description: 'channels below this number form the top array',
    },
  ],
  // merging never closes a gap wider than the largest threshold, nor makes a peak longer than the maximum
  contextNs: (o) => Math.max(o.s2_merge_max_duration as number, gapPoints(o.s2_merge_gap_thresholds)[0][1]),
  compute(inputs, options) {
    const p = inputs.peaklets;
    const c = inputs.peaklet_classification;
    if (c.length !== p.length) {
      throw new UserError(
        `peaklet_classification has ${c.length} rows for ${p.length} peaklets: classify these peaklets again`,
      );
    }
    for (let i = 0; i < p.length; i++) {
      if (c.time[i] !== p.time[i]) {
        throw new UserError(
          `peaklet_classification row ${i} (time ${c.time[i]} ns) is not peaklet ${i} (time ${p.time[i]} ns)`,
        );
      }
    }
    const out = mergePeaklets(p as unknown as Table<PeakletColumns>, c.column('type') as Int8Array, {
      gapThresholds: gapPoints(options.s2_merge_gap_thresholds),
      maxDuration: options.s2_merge_max_duration as number,
      nTopChannels: options.n_top_channels as number,
    });
    return new RecordBatch(peaks, out.length, out.columns as never);
  },
};

/** s2_merge_gap_thresholds as (log10 area, gap) points. */
function gapPoints(value: unknown): [number, number][] {
  const flat = typeof value === 'number' ? [value] : (value as number[]);
  if (flat.length < 2 || flat.length % 2 !== 0) {
    throw new UserError(
      `option 's2_merge_gap_thresholds' needs pairs of log10(area), gap; got ${JSON.stringify(value)}`,
    );
  }
  return Array.from({ length: flat.length / 2 }, (_, k) => [flat[2 * k], flat[2 * k + 1]]);
}
