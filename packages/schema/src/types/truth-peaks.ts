import { defineRecord } from '../record.js';

/** Ground truth of a simulated run, one row per S1, S2 or lone-electron S2 the simulator made. */
export const truthPeaks = defineRecord({
  name: 'truth_peaks',
  version: 1,
  storage: 'table',
  description:
    'Simulator ground truth per peak: the S1 and S2 of each deposit and the S2 of each lone electron, with their true photoelectron content and timing',
  fields: [
    {
      name: 'time',
      dtype: 'i64',
      unit: 'ns',
      description: 'Arrival time of the first photoelectron since the Unix epoch',
    },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'Arrival time of the last photoelectron' },
    { name: 'center_time', dtype: 'i64', unit: 'ns', description: 'Mean arrival time of the photoelectrons' },
    {
      name: 'type',
      dtype: 'i16',
      unit: '',
      description: 'Peak type: 1 S1, 2 S2 (lone electrons are S2s with event_id -1)',
    },
    { name: 'event_id', dtype: 'i64', unit: '', description: 'Simulated event, -1 for background lone electrons' },
    { name: 'interaction', dtype: 'i16', unit: '', description: 'Deposit within the event, -1 for backgrounds' },
    {
      name: 'n_photons',
      dtype: 'i32',
      unit: '',
      description: 'Detected photons (before double photoelectron emission)',
    },
    { name: 'n_pe', dtype: 'i32', unit: 'PE', description: 'Photoelectrons' },
    { name: 'area', dtype: 'f32', unit: 'PE', description: 'Area after the single-photoelectron gain spread' },
    { name: 'electrons', dtype: 'i32', unit: '', description: 'Extracted electrons (S2), 0 for S1' },
    { name: 'width', dtype: 'f32', unit: 'ns', description: 'Standard deviation of the photoelectron arrival times' },
    { name: 'x', dtype: 'f32', unit: 'cm', description: 'True x of the light source' },
    { name: 'y', dtype: 'f32', unit: 'cm', description: 'True y of the light source' },
  ],
});
