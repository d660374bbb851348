import type { Plugin } from '@dance/pipeline';
import { events, RecordBatch } from '@dance/schema';
import { ChunkClock, eventWindows } from '@dance/signal';
import { EVENT_OPTIONS, eventContextNs, eventExtent } from './event-options.js';

/**
 * peak_basics → events: windows around S2s above trigger_min_area, merged where they overlap, as
 * straxen's Events (without its proximity requirement). event_number counts events from 0 over the
 * whole run: each chunk numbers its own and the pipeline adds the events of earlier chunks.
 */
export const eventsPlugin: Plugin = {
  name: 'events',
  provides: events,
  dependsOn: ['peak_basics'],
  version: '1',
  code: [
    '@dance/chain/src/plugins/events.ts',
    '@dance/chain/src/plugins/event-options.ts',
    '@dance/signal/src/events/windows.ts',
  ],
  options: [
    {
      name: 'trigger_min_area',
      type: 'number',
      default: 100,
      tracked: true,
      description: 'PE an S2 needs to trigger an event',
    },
    ...EVENT_OPTIONS,
  ],
  contextNs: eventContextNs,
  rowReferences: { event_number: 'events' },
  compute(inputs, options) {
    const p = inputs.peak_basics;
    const clock = new ChunkClock(p.length > 0 ? p.time[0] : 0n);
    const windows = eventWindows(
      {
        start: clock.offsets(p.time),
        end: clock.offsets(p.column('endtime') as BigInt64Array),
        area: p.column('area') as Float32Array,
        type: p.column('type') as Int8Array,
      },
      p.length,
      { triggerMinArea: options.trigger_min_area as number, ...eventExtent(options) },
    );
    const n = windows.start.length;
    return new RecordBatch(events, n, {
      time: clock.times(windows.start),
      endtime: clock.times(windows.end),
      event_number: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
    } as never);
  },
};
