import { defineRecord } from '../record.js';
import { correctedAreas } from './corrected-areas.js';
import { eventBasics } from './event-basics.js';

/**
 * The analysis table: every event_basics field followed by the corrected_areas fields (their
 * time/endtime are the event's own). Derived, so it follows both declarations; its version moves
 * with theirs.
 */
export const eventInfo = defineRecord({
  name: 'event_info',
  version: eventBasics.version * 1000 + correctedAreas.version,
  storage: 'table',
  description:
    'The per-event analysis table: event_basics (main/alternative S1 and S2, drift time, positions) with corrected areas (cs1, cs2) and energy (e_ces)',
  fields: [...eventBasics.fields, ...correctedAreas.fields.filter((f) => f.name !== 'time' && f.name !== 'endtime')],
});
