import type { RecordSchema } from './record.js';
import { correctedAreas } from './types/corrected-areas.js';
import { eventBasics } from './types/event-basics.js';
import { eventInfo } from './types/event-info.js';
import { events } from './types/events.js';
import { hits } from './types/hits.js';
import { peakBasics } from './types/peak-basics.js';
import { peakPositions } from './types/peak-positions.js';
import { peakletClassification } from './types/peaklet-classification.js';
import { peaklets } from './types/peaklets.js';
import { peaks } from './types/peaks.js';
import { rawRecords } from './types/raw-records.js';
import { records } from './types/records.js';
import { truthInteractions } from './types/truth-interactions.js';
import { truthPeaks } from './types/truth-peaks.js';

/** Every data type DANCE knows, by name. New types are added here when their producer lands. */
export const DATA_TYPES: ReadonlyMap<string, RecordSchema> = new Map(
  [
    rawRecords as RecordSchema,
    records,
    hits,
    peaklets,
    peakletClassification,
    peaks,
    peakBasics,
    peakPositions,
    events,
    eventBasics,
    correctedAreas,
    eventInfo,
    truthInteractions,
    truthPeaks,
  ].map((s) => [s.name, s]),
);

export function dataType(name: string): RecordSchema {
  const s = DATA_TYPES.get(name);
  if (!s) throw new Error(`unknown data type '${name}'; known: ${[...DATA_TYPES.keys()].join(', ')}`);
  return s;
}
