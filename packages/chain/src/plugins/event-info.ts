import type { Plugin } from '@dance/pipeline';
import { eventInfo, RecordBatch, type TypedArray } from '@dance/schema';

/** event_basics + corrected_areas → event_info: the two row by row in one table for analysis. */
export const eventInfoPlugin: Plugin = {
  name: 'event_info',
  provides: eventInfo,
  dependsOn: ['event_basics', 'corrected_areas'],
  version: '1',
  code: ['@dance/chain/src/plugins/event-info.ts'],
  options: [],
  contextNs: () => 0,
  compute(inputs) {
    const basics = inputs.event_basics;
    const corrected = inputs.corrected_areas;
    const n = basics.length;
    if (corrected.length !== n || corrected.time.some((t, i) => t !== basics.time[i])) {
      throw new Error(
        `event_info: corrected_areas (${corrected.length} rows) do not match event_basics (${n} rows) row by row`,
      );
    }
    const columns: Record<string, TypedArray> = {};
    for (const f of eventInfo.fields) {
      const from = basics.schema.fields.some((b) => b.name === f.name) ? basics : corrected;
      columns[f.name] = from.column(f.name).slice();
    }
    return new RecordBatch(eventInfo, n, columns as never);
  },
};
