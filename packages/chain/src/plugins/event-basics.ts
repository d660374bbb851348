import type { Plugin } from '@dance/pipeline';
import { EVENT_PEAK_FIELDS, EVENT_PEAKS, eventBasics, RecordBatch, type TypedArray, UserError } from '@dance/schema';
import { ChunkClock, type MainPeaks, mainPeaks } from '@dance/signal';
import { EVENT_OPTIONS, eventContextNs, maxDriftNs } from './event-options.js';

/** mainPeaks' result for each field prefix. */
const ROWS_OF: Record<(typeof EVENT_PEAKS)[number][0], keyof MainPeaks> = {
  s1: 's1',
  alt_s1: 'altS1',
  s2: 's2',
  alt_s2: 'altS2',
};

/**
 * events + peak_basics + peak_positions → event_basics, as straxen's vanilla EventBasics: main and
 * alternative S1 and S2 of each event with their peak_basics fields, drift times, S2 positions.
 * peak_basics comes first in dependsOn: the pipeline then cuts chunks in gaps between peaks, which
 * eventContextNs keeps outside every event.
 */
export const eventBasicsPlugin: Plugin = {
  name: 'event_basics',
  provides: eventBasics,
  dependsOn: ['peak_basics', 'peak_positions', 'events'],
  version: '1',
  code: [
    '@dance/chain/src/plugins/event-basics.ts',
    '@dance/chain/src/plugins/event-options.ts',
    '@dance/signal/src/events/main-peaks.ts',
  ],
  options: [
    {
      name: 'event_s1_min_coincidence',
      type: 'integer',
      default: 2,
      tracked: true,
      description: 'tight-coincidence channels a main or alternative S1 needs (straxen: 2)',
    },
    {
      name: 'force_alt_s2_in_max_drift_time',
      type: 'boolean',
      default: true,
      tracked: true,
      description: 'the alternative S2 must follow the main S1 within 1.01 maximum drift times (straxen: true)',
    },
    ...EVENT_OPTIONS,
  ],
  contextNs: eventContextNs,
  rowReferences: {
    event_number: 'events',
    ...Object.fromEntries(EVENT_PEAKS.map(([prefix]) => [`${prefix}_index`, 'peak_basics'])),
  },
  compute(inputs, options) {
    const p = inputs.peak_basics;
    const pos = inputs.peak_positions;
    const ev = inputs.events;
    if (pos.length !== p.length || pos.time.some((t, i) => t !== p.time[i])) {
      throw new UserError(
        `peak_positions (${pos.length} rows) do not match peak_basics (${p.length} rows) row by row: make both from the same peaks`,
      );
    }
    const clock = new ChunkClock(ev.length > 0 ? ev.time[0] : 0n);
    const center = p.column('center_time') as BigInt64Array;
    const main = mainPeaks(
      { start: clock.offsets(ev.time), end: clock.offsets(ev.column('endtime') as BigInt64Array) },
      ev.length,
      {
        start: clock.offsets(p.time),
        end: clock.offsets(p.column('endtime') as BigInt64Array),
        center: clock.offsets(center),
        area: p.column('area') as Float32Array,
        type: p.column('type') as Int8Array,
        tightCoincidence: p.column('tight_coincidence') as Int16Array,
      },
      p.length,
      {
        s1MinCoincidence: options.event_s1_min_coincidence as number,
        altS2MaxDelay: options.force_alt_s2_in_max_drift_time ? 1.01 * maxDriftNs(options) : Infinity,
      },
    );
    const out = RecordBatch.allocate(eventBasics, ev.length);
    (out.column('time') as BigInt64Array).set(ev.time);
    (out.column('endtime') as BigInt64Array).set(ev.column('endtime') as BigInt64Array);
    (out.column('event_number') as BigInt64Array).set(ev.time.map((_, i) => BigInt(i)));
    (out.column('n_peaks') as Int32Array).set(main.nPeaks);
    for (const [prefix] of EVENT_PEAKS) {
      const rows = main[ROWS_OF[prefix]];
      (out.column(`${prefix}_index`) as Int32Array).set(rows);
      for (const [name] of EVENT_PEAK_FIELDS.slice(1)) gather(p.column(name), rows, out.column(`${prefix}_${name}`));
    }
    const positions = pos.column('x') as Float32Array;
    gather(positions, main.s2, out.column('s2_x'));
    gather(pos.column('y'), main.s2, out.column('s2_y'));
    gather(positions, main.altS2, out.column('alt_s2_x'));
    gather(pos.column('y'), main.altS2, out.column('alt_s2_y'));
    delay(center, main.s2, main.s1, out.column('drift_time') as Float32Array);
    delay(center, main.s2, main.altS1, out.column('alt_s1_interaction_drift_time') as Float32Array);
    delay(center, main.altS2, main.s1, out.column('alt_s2_interaction_drift_time') as Float32Array);
    return out;
  },
};

/** out[e] = column[rows[e]], or the absent value (NaN for floats, −1 otherwise) where rows[e] is −1. */
function gather(column: TypedArray, rows: Int32Array, out: TypedArray): void {
  if (column instanceof BigInt64Array) {
    const o = out as BigInt64Array;
    for (let e = 0; e < rows.length; e++) o[e] = rows[e] < 0 ? -1n : column[rows[e]];
    return;
  }
  const absent = out instanceof Float32Array || out instanceof Float64Array ? Number.NaN : -1;
  const o = out as Float32Array;
  const c = column as Float32Array;
  for (let e = 0; e < rows.length; e++) o[e] = rows[e] < 0 ? absent : c[rows[e]];
}

/** center[later] − center[earlier] in ns per event, NaN where either peak is absent. */
function delay(center: BigInt64Array, later: Int32Array, earlier: Int32Array, out: Float32Array): void {
  for (let e = 0; e < out.length; e++) {
    out[e] = later[e] < 0 || earlier[e] < 0 ? Number.NaN : Number(center[later[e]] - center[earlier[e]]);
  }
}
