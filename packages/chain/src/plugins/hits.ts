import type { Plugin } from '@dance/pipeline';
import { hits, RecordBatch } from '@dance/schema';
import { findHits, giveBackColumns, type RecordColumns, type Table } from '@dance/signal';
import { HIT_OPTIONS, hitOptions } from './hit-options.js';

/**
 * records → hits (strax.find_hits), sorted by time (stably, so hits starting together keep strax's
 * record order); record_i is stored as the record's row in the whole run's records product.
 */
export const hitsPlugin: Plugin = {
  name: 'hits',
  provides: hits,
  dependsOn: ['records'],
  version: '1',
  code: ['@dance/chain/src/plugins/hits.ts', '@dance/chain/src/plugins/hit-options.ts', '@dance/signal/src/hits.ts'],
  options: HIT_OPTIONS,
  contextNs: () => 0,
  rowReferences: { record_i: 'records' },
  compute(inputs, options) {
    const found = findHits(inputs.records as unknown as Table<RecordColumns>, hitOptions(options));
    const batch = new RecordBatch(hits, found.length, found.columns as never);
    const sorted = batch.sortByTime();
    if (sorted !== batch) giveBackColumns(found.columns); // sorting copied them
    return sorted;
  },
  release: (output) => giveBackColumns(output.columns),
};
