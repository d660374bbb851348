import { defineRecord } from '../record.js';
import { peaklets } from './peaklets.js';

/** Peaklets after S2 merging: every peaklets field (type now filled) plus whether the row was merged. */
export const peaks = defineRecord({
  name: 'peaks',
  version: 1,
  storage: 'waveform',
  description:
    'Peaklets after S2 merging: S2 peaklets (and unclassified ones following an S2) close in time merged into one peak; other peaklets passed through with their classification',
  fields: [
    ...peaklets.fields.map((f) =>
      f.name === 'type'
        ? { ...f, description: 'Classification: 0 unknown, 1 S1, 2 S2 (merged peaks are S2s)' }
        : f.name === 'max_gap'
          ? { ...f, description: `${f.description} (-1 for merged peaks)` }
          : f.name === 'max_goodness_of_split'
            ? { ...f, description: `${f.description} (NaN for merged peaks)` }
            : f,
    ),
    { name: 'merged', dtype: 'bool', unit: '', description: 'True when the peak was made by merging peaklets' },
  ],
});
