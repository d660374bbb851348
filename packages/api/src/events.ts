import { z } from 'zod';
import { ns, productKey, real } from './json.js';
import { row } from './rows.js';

/** The main and alternative S1 and S2, as event_basics names them. */
export const peakRole = z.enum(['s1', 'alt_s1', 's2', 'alt_s2']);
export type PeakRole = z.input<typeof peakRole>;

/** A peak inside the event window. */
export const eventPeak = z.object({
  index: z.number().int().describe("row number in the run's peaks (event_basics' s1_index etc. count the same rows)"),
  role: peakRole.nullable(),
  time: ns('start'),
  endtime: ns('end'),
  center_time: ns('area-weighted mean time'),
  type: z.number().int().describe('0 unknown, 1 S1, 2 S2'),
  area: z.number().describe('PE (a sum of samples: finite)'),
  n_channels: z.number().int(),
  area_fraction_top: real('fraction of the area in the top array'),
  range_50p_area: real('width holding 50% of the area, ns'),
  range_90p_area: real('width holding 90% of the area, ns'),
  x: z.number().nullable().describe('likelihood position, cm; null without one'),
  y: z.number().nullable().describe('likelihood position, cm; null without one'),
});
export type EventPeak = z.input<typeof eventPeak>;

/** GET /api/runs/:run/events/:event_number: everything the event display draws. */
export const eventReply = z.object({
  product: productKey.describe('the event table read'),
  event_number: z.number().int(),
  previous: z.number().int().nullable().describe('previous event number, null at the first'),
  next: z.number().int().nullable().describe('next event number, null at the last'),
  total: z.number().int().describe('events in the table'),
  event: row.describe('the event_info (or event_basics) row'),
  peaks: z.array(eventPeak),
  truth: z
    .object({ interactions: z.array(row), peaks: z.array(row) })
    .nullable()
    .describe('simulated runs: the energy deposits and true peaks inside the window'),
  window: z.object({
    start: ns('event start'),
    end: ns('event end'),
    records: productKey.nullable().describe('product holding its waveforms'),
    patterns: productKey.nullable().describe('peak product holding area_per_channel for hit patterns'),
  }),
});
export type EventReply = z.input<typeof eventReply>;
