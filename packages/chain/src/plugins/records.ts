import type { Plugin } from '@dance/pipeline';
import { RecordBatch, records } from '@dance/schema';
import { giveBackColumns, type RawRecordColumns, recordsFromRawRecords, type Table } from '@dance/signal';

/** raw_records → records: baseline from the first samples of each pulse, flipped, integrated. */
export const recordsPlugin: Plugin = {
  name: 'records',
  provides: records,
  dependsOn: ['raw_records'],
  version: '1',
  code: ['@dance/chain/src/plugins/records.ts', '@dance/signal/src/records.ts', '@dance/signal/src/chunk-clock.ts'],
  options: [
    {
      name: 'baseline_samples',
      type: 'integer',
      default: 40,
      tracked: true,
      description: 'samples at the start of each pulse that set its baseline (strax: 40)',
    },
  ],
  // each pulse is self-contained; the pipeline's minimum 1 ns gap keeps a pulse's records together
  contextNs: () => 0,
  // 1.6x the size of raw_records and cheap to remake: stored only when asked for, as straxen does
  saveWhen: 'target',
  compute(inputs, options) {
    const raw = inputs.raw_records as unknown as Table<RawRecordColumns>;
    const out = recordsFromRawRecords(raw, { baselineSamples: options.baseline_samples as number });
    return new RecordBatch(records, out.length, out.columns as never);
  },
  release: (output) => giveBackColumns(output.columns),
};
