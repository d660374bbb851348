import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from '@dance/pipeline';
import { classificationPlugin } from './plugins/classification.js';
import { correctedAreasPlugin } from './plugins/corrected-areas.js';
import { eventBasicsPlugin } from './plugins/event-basics.js';
import { eventInfoPlugin } from './plugins/event-info.js';
import { eventsPlugin } from './plugins/events.js';
import { hitsPlugin } from './plugins/hits.js';
import { peakBasicsPlugin } from './plugins/peak-basics.js';
import { peakPositionsPlugin } from './plugins/peak-positions.js';
import { peakletsPlugin } from './plugins/peaklets.js';
import { peaksPlugin } from './plugins/peaks.js';
import { recordsPlugin } from './plugins/records.js';

export * from './classify.js';
export { processingOptionsMarkdown } from './options-doc.js';
export { CONDITION_OPTIONS, correctionConditions } from './plugins/corrected-areas.js';
export { HIT_OPTIONS } from './plugins/hit-options.js';
export { gains } from './plugins/peaklets.js';
export { peaksPlugin } from './plugins/peaks.js';
export {
  classificationPlugin,
  correctedAreasPlugin,
  eventBasicsPlugin,
  eventInfoPlugin,
  eventsPlugin,
  hitsPlugin,
  peakBasicsPlugin,
  peakletsPlugin,
  peakPositionsPlugin,
  recordsPlugin,
};

/** The TPC chain: raw_records → records → hits, peaklets → peaklet_classification → peak_basics. */
export const plugins: Plugin[] = [
  recordsPlugin,
  hitsPlugin,
  peakletsPlugin,
  classificationPlugin,
  peaksPlugin,
  peakBasicsPlugin,
  peakPositionsPlugin,
  eventsPlugin,
  eventBasicsPlugin,
  correctedAreasPlugin,
  eventInfoPlugin,
];

/**
 * The compiled module worker threads import for these plugins: this module when running compiled,
 * or the package's dist/src/index.js when running from sources (vitest; needs `npx tsc -b`).
 */
export function chainWorkerModule(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL(import.meta.url);
  const url = new URL('../dist/src/index.js', import.meta.url);
  if (!existsSync(url))
    throw new Error(`worker threads need the compiled chain (${fileURLToPath(url)}): run npx tsc -b`);
  return url;
}
