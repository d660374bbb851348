import { type cell, eventReply, eventsReply, type Served } from '@dance/api';
import type { RecordBatch } from '@dance/schema';
import type { ProductKey } from '@dance/store';
import type { FastifyInstance } from 'fastify';
import { type ApiContext, requireRun } from '../context.js';
import { NotFound } from '../errors.js';
import { MAX_ROWS_PAGE, productParams, rowsQuery, runParams } from '../params.js';
import { WindowCache } from '../window-cache.js';
import { type RowsQuery, tablePage } from './rows.js';

/** Event tables, best first: event_info adds the corrected areas to event_basics. */
export const EVENT_TYPES = ['event_info', 'event_basics'] as const;
/** The main and alternative S1 and S2 of an event, as event_basics names them. */
export const PEAK_ROLES = ['s1', 'alt_s1', 's2', 'alt_s2'] as const;
/** Waveform products for the records matrix, best first. */
const RECORD_TYPES = ['records', 'raw_records'];
/** Peak products carrying area_per_channel for hit patterns, best first. */
const PATTERN_TYPES = ['peaks', 'peaklets'];

const lineageQuery = {
  ...productParams.properties.lineage,
  description: 'lineage of the event table (default: the newest event_info, else event_basics)',
};

const eventsQuery = {
  ...rowsQuery,
  properties: { ...rowsQuery.properties, lineage: lineageQuery },
} as const;

const eventParams = {
  type: 'object',
  required: ['run', 'event_number'],
  additionalProperties: false,
  properties: {
    run: runParams.properties.run,
    // digits only: a JSON-schema integer would let '1e400' through as Infinity
    event_number: {
      type: 'string',
      pattern: '^[0-9]{1,15}$',
      description: 'run-wide event number (0-based, time order)',
    },
  },
} as const;

const eventQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { lineage: lineageQuery },
} as const;

/** A table row as the reply carries it (bigint int64, NaN floats; json.ts writes them). */
type Row = Record<string, Served<typeof cell>>;
type EventPeak = Served<typeof eventReply>['peaks'][number];

/**
 * The event list (pages of event_info/event_basics with a filter, as the rows route gives them) and
 * one event with everything the event display draws: its row, the peaks in its window with their
 * roles and positions, the simulation truth, and which products hold its waveforms.
 */
export function eventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // The small per-peak tables (peak_basics, peak_positions, truth) get their own chunk cache: in the
  // shared one they would evict the records and peaks chunks the client reads next, on every event.
  const tables = new WindowCache(ctx.store, 8);
  // what each event table was made from, found once: products never change under their lineage
  const sources = new Map<string, EventSources>();
  app.get<{
    Params: { run: string };
    Querystring: RowsQuery & { lineage?: string };
    Reply: Served<typeof eventsReply>;
  }>(
    '/api/runs/:run/events',
    {
      schema: {
        summary: `A page of a run's events (event_info, else event_basics) in time order with a SQL filter; pages up to ${MAX_ROWS_PAGE} events`,
        params: runParams,
        querystring: eventsQuery,
        reply: eventsReply,
      },
    },
    async (request) => {
      const key = await eventTable(ctx, request.params.run, request.query.lineage);
      return { product: key, ...(await tablePage(ctx, key, request.query)) };
    },
  );

  app.get<{
    Params: { run: string; event_number: string };
    Querystring: { lineage?: string };
    Reply: Served<typeof eventReply>;
  }>(
    '/api/runs/:run/events/:event_number',
    {
      schema: {
        summary:
          'One event: its row, the peaks in its window (type, area, position, main/alt S1/S2), the simulation truth, and the products holding its records and hit patterns',
        params: eventParams,
        querystring: eventQuery,
        reply: eventReply,
      },
    },
    async (request) => {
      const { run } = request.params;
      const number = Number(request.params.event_number);
      const key = await eventTable(ctx, run, request.query.lineage);
      const session = await ctx.tables.session(key);
      const view = `"${key.type}"`;
      const [event] = await session.all(`SELECT * FROM ${view} WHERE event_number = ${number}`);
      const [near] = await session.all(
        `SELECT max(event_number) FILTER (WHERE event_number < ${number}) AS previous, min(event_number) FILTER (WHERE event_number > ${number}) AS next, count(*) AS total, min(event_number) AS first, max(event_number) AS last FROM ${view}`,
      );
      if (!event) {
        const held = near.total ? `, numbered ${near.first} to ${near.last}` : '';
        throw new NotFound(
          `run '${run}' has no event ${number}: ${key.type}/${key.lineage} holds ${near.total} events${held}`,
        );
      }
      const start = event.time as bigint;
      const end = event.endtime as bigint;
      const label = `${key.run}/${key.type}/${key.lineage}`;
      let from = sources.get(label);
      if (!from) sources.set(label, (from = sourcesOf(ctx, key)));
      const peaks = await eventPeaks(ctx, tables, from, event, start, end);
      const truth = from.raw ? await eventTruth(ctx, tables, from.raw, start, end) : null;
      return {
        product: key,
        event_number: number,
        previous: near.previous === null ? null : Number(near.previous),
        next: near.next === null ? null : Number(near.next),
        total: Number(near.total),
        // the stored event tables hold numbers, booleans and text: DuckDB gives them as such
        event: event as Row,
        peaks,
        truth,
        window: {
          start,
          end,
          records: from.records ?? null,
          patterns: from.patterns ?? null,
        },
      };
    },
  );
}

/** The event table to read: the asked lineage, else the newest stored event_info, else event_basics. */
async function eventTable(ctx: ApiContext, run: string, lineage?: string): Promise<ProductKey> {
  await requireRun(ctx, run);
  for (const type of EVENT_TYPES) {
    const keys = ctx.store.list({ run, type }).filter((k) => lineage === undefined || k.lineage === lineage);
    const key = newest(ctx, keys);
    if (key) return key;
  }
  throw new NotFound(
    lineage === undefined
      ? `run '${run}' has no events: make them with \`dance process ${run} --target event_info\``
      : `run '${run}' has no ${EVENT_TYPES.join(' or ')} with lineage '${lineage}'`,
  );
}

function newest(ctx: ApiContext, keys: ProductKey[]): ProductKey | undefined {
  if (keys.length <= 1) return keys[0];
  const created = (k: ProductKey) => ctx.store.manifest(k).created;
  return keys.reduce((a, b) => (created(a) >= created(b) ? a : b));
}

interface MadeFrom {
  type: string;
  lineage: string;
  inputs?: MadeFrom[];
}

/** The stored products an event table was made from, that the display reads beside it. */
interface EventSources {
  raw?: ProductKey;
  records?: ProductKey;
  patterns?: ProductKey;
  peakBasics?: ProductKey;
  peakPositions?: ProductKey;
}

/**
 * For each source, the stored product of one of its types (best first) that the event table's
 * manifest names in its provenance; else the newest stored one of the run (e.g. made by hand).
 */
function sourcesOf(ctx: ApiContext, key: ProductKey): EventSources {
  const made = (ctx.store.manifest(key).provenance as { made_from?: MadeFrom } | undefined)?.made_from;
  const find = (types: readonly string[]): ProductKey | undefined => {
    for (const type of types) {
      const lineage = made && findInput(made, type);
      if (lineage && ctx.store.has({ run: key.run, type, lineage })) return { run: key.run, type, lineage };
    }
    for (const type of types) {
      const any = newest(ctx, ctx.store.list({ run: key.run, type }));
      if (any) return any;
    }
    return undefined;
  };
  return {
    raw: find(['raw_records']),
    records: find(RECORD_TYPES),
    patterns: find(PATTERN_TYPES),
    peakBasics: find(['peak_basics']),
    peakPositions: find(['peak_positions']),
  };
}

function findInput(node: MadeFrom, type: string): string | undefined {
  if (node.type === type) return node.lineage;
  for (const input of node.inputs ?? []) {
    const found = findInput(input, type);
    if (found) return found;
  }
  return undefined;
}

/**
 * The peaks fully inside the event window, from peak_basics, numbered as rows of the run's peaks
 * (event_basics' s1_index etc. count the same rows), with peak_positions' x/y matched by time.
 */
async function eventPeaks(
  ctx: ApiContext,
  tables: WindowCache,
  { peakBasics: basicsKey, peakPositions: positionsKey }: EventSources,
  event: Record<string, unknown>,
  start: bigint,
  end: bigint,
): Promise<EventPeak[]> {
  if (!basicsKey) return [];
  const basics = await tables.read(basicsKey, start, end);
  const positions = positionsKey ? await tables.read(positionsKey, start, end, ['x', 'y']) : undefined;
  const positionAt = new Map<bigint, number>();
  if (positions) for (let i = 0; i < positions.length; i++) positionAt.set(positions.time[i], i);
  const roles = new Map<number, EventPeak['role']>();
  for (const role of PEAK_ROLES) {
    const index = Number(event[`${role}_index`] ?? -1);
    if (index >= 0) roles.set(index, role);
  }
  const first = await rowsBefore(ctx, tables, basicsKey, start);
  const time = basics.time;
  const endtime = basics.column('endtime') as BigInt64Array;
  const column = (name: string) => basics.column(name) as ArrayLike<number>;
  const peaks: EventPeak[] = [];
  // rows starting in the window are consecutive rows of the product; earlier ones only reach into it
  let index = first;
  for (let i = 0; i < basics.length; i++) {
    if (time[i] < start) continue;
    const k = index++;
    if (endtime[i] > end) continue;
    const p = positionAt.get(time[i]);
    peaks.push({
      index: k,
      role: roles.get(k) ?? null,
      time: time[i],
      endtime: endtime[i],
      center_time: (basics.column('center_time') as BigInt64Array)[i],
      type: column('type')[i],
      area: column('area')[i],
      n_channels: column('n_channels')[i],
      area_fraction_top: column('area_fraction_top')[i],
      range_50p_area: column('range_50p_area')[i],
      range_90p_area: column('range_90p_area')[i],
      x: p === undefined ? null : finite((positions as RecordBatch).column('x')[p] as number),
      y: p === undefined ? null : finite((positions as RecordBatch).column('y')[p] as number),
    });
  }
  return peaks;
}

/** Rows of a product starting before `t`: whole chunks ending by then, plus the start of the one holding t. */
async function rowsBefore(ctx: ApiContext, tables: WindowCache, key: ProductKey, t: bigint): Promise<number> {
  let n = 0;
  for (const chunk of ctx.store.manifest(key).chunks) {
    if (chunk.end <= t) n += chunk.rows;
    else if (chunk.start < t) {
      const head = await tables.read(key, chunk.start, t, []);
      for (let i = 0; i < head.length; i++) if (head.time[i] >= chunk.start && head.time[i] < t) n++;
    }
  }
  return n;
}

/** What the simulator put in the window (stored beside raw_records, same lineage); null for real data. */
async function eventTruth(ctx: ApiContext, tables: WindowCache, raw: ProductKey, start: bigint, end: bigint) {
  const table = async (type: string) => {
    const key = { ...raw, type };
    return ctx.store.has(key) ? rowsOf(await tables.read(key, start, end)) : [];
  };
  const interactions = await table('truth_interactions');
  const peaks = await table('truth_peaks');
  return interactions.length || peaks.length ? { interactions, peaks } : null;
}

function rowsOf(batch: RecordBatch): Row[] {
  const names = batch.schema.fields.map((f) => f.name);
  return Array.from({ length: batch.length }, (_, i) =>
    Object.fromEntries(names.map((n) => [n, (batch.column(n) as ArrayLike<Served<typeof cell>>)[i]])),
  );
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
