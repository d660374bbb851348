import { defineRecord } from '../record.js';

/** Event windows around triggering S2s, as straxen's events. */
export const events = defineRecord({
  name: 'events',
  version: 1,
  storage: 'table',
  description:
    'Time windows around triggering S2s (area > trigger_min_area): from the trigger start minus (left_event_extension + maximum drift time) to its end plus right_event_extension, overlapping windows merged',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start of the event window since the Unix epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'End of the event window (exclusive)' },
    {
      name: 'event_number',
      dtype: 'i64',
      unit: '',
      description: 'Number of the event in the run, from 0 in time order (independent of chunking)',
    },
  ],
});
