import type { Plugin } from '@dance/pipeline';
import { peakletClassification, RecordBatch } from '@dance/schema';
import { type ClassifiedColumns, classifyPeaklets, STRAXEN_CLASSIFICATION } from '../classify.js';

/** peaklets → peaklet_classification (S1 1, S2 2, unknown 0), straxen's vanilla rules and defaults. */
export const classificationPlugin: Plugin = {
  name: 'peaklet_classification',
  provides: peakletClassification,
  dependsOn: ['peaklets'],
  version: '1',
  code: ['@dance/chain/src/plugins/classification.ts', '@dance/chain/src/classify.ts'],
  options: [
    {
      name: 's1_min_coincidence',
      type: 'integer',
      default: STRAXEN_CLASSIFICATION.minCoincidence,
      tracked: true,
      description: 'tight-coincidence channels an S1 needs',
    },
    {
      name: 's2_min_pmts',
      type: 'integer',
      default: STRAXEN_CLASSIFICATION.s2MinChannels,
      tracked: true,
      description: 'channels with area an S2 needs',
    },
    {
      name: 's1_max_rise_time_post100',
      type: 'number',
      default: STRAXEN_CLASSIFICATION.maxRiseTimeLarge,
      tracked: true,
      description: 'ns an S1 of 100 PE or more may take from 10 % to 50 % of its area',
    },
  ],
  contextNs: () => 0,
  compute(inputs, options) {
    const p = inputs.peaklets;
    const type = classifyPeaklets(p as unknown as { length: number; columns: ClassifiedColumns }, {
      ...STRAXEN_CLASSIFICATION,
      minCoincidence: options.s1_min_coincidence as number,
      s2MinChannels: options.s2_min_pmts as number,
      maxRiseTimeLarge: options.s1_max_rise_time_post100 as number,
    });
    return new RecordBatch(peakletClassification, p.length, {
      time: p.time.slice(),
      endtime: p.endTime(),
      type,
    } as never);
  },
};
