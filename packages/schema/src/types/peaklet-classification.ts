import { defineRecord } from '../record.js';

/** S1/S2 type of each peaklet, as straxen's peaklet_classification (one row per peaklets row, same order). */
export const peakletClassification = defineRecord({
  name: 'peaklet_classification',
  version: 1,
  storage: 'table',
  description:
    'Classification of each peaklet as S1 (1), S2 (2) or unknown (0) from its area, rise time, AFT and channels',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time of the peaklet since the Unix epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'End time of the peaklet (exclusive)' },
    { name: 'type', dtype: 'i8', unit: '', description: 'Classification: 0 unknown, 1 S1, 2 S2' },
  ],
});
