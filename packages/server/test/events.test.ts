import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS } from '@dance/analysis';
import { eventReply, eventsReply, type ReplySchema } from '@dance/api';
import type { RecordBatch } from '@dance/schema';
import { Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type DanceServer } from '../src/index.js';
import { dance, EMPTY_RUN, EVENT_TABLE, eventWorkspace, SIM_RUN } from './demo-workspace.js';

let dir: string;
let server: DanceServer;
let store: Store;
let events: RecordBatch;
let basics: RecordBatch;
let eventsLineage: string;
let rawLineage: string;
let ws: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-events-'));
  ws = await eventWorkspace(join(dir, 'ws'));
  // a second run, simulated but not processed: no events
  await dance('--workspace', ws.root, 'sim', '--run', EMPTY_RUN, '--duration', '0.05', '--seed', '2');
  store = new Store(ws.dataDir);
  const [info] = store.list({ run: SIM_RUN, type: EVENT_TABLE });
  eventsLineage = info.lineage;
  events = await store.readAll(info);
  basics = await store.readAll(store.list({ run: SIM_RUN, type: 'peak_basics' })[0]);
  rawLineage = store.list({ run: SIM_RUN, type: 'raw_records' })[0].lineage;
  server = await createServer({ workspace: ws, webRoot: join(dir, 'no-web') });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(url: string) {
  const res = await server.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
}

describe('event list', () => {
  it('pages through the events in time order with a filter, as the store holds them', async () => {
    expect(events.length).toBeGreaterThan(3);
    const all = await get(`/api/runs/${SIM_RUN}/events?limit=2&offset=1&columns=event_number,time,s2_area`);
    expect(all.status).toBe(200);
    expect(all.body.product).toEqual({ run: SIM_RUN, type: EVENT_TABLE, lineage: eventsLineage });
    expect(all.body.total).toBe(events.length);
    // int64 columns (times, event numbers) travel as exact decimal strings
    expect(all.body.rows).toEqual([1, 2].map((i) => [String(i), String(events.time[i]), events.column('s2_area')[i]]));
    const where = encodeURIComponent('s2_area > 1000');
    const big = await get(`/api/runs/${SIM_RUN}/events?where=${where}&columns=event_number`);
    const expected = Array.from(events.column('s2_area') as Float32Array)
      .map((a, i) => [a, i])
      .filter(([a]) => a > 1000)
      .map(([, i]) => [String(i)]);
    expect(big.body.rows).toEqual(expected);
  });

  it('404s a run without events or an unknown one, 400s bad filters and pages', async () => {
    const none = await get(`/api/runs/${EMPTY_RUN}/events`);
    expect(none.status).toBe(404);
    expect(none.body.error).toBe(
      `run '${EMPTY_RUN}' has no events: make them with \`dance process ${EMPTY_RUN} --target event_info\``,
    );
    expect((await get('/api/runs/kr-01/events')).body.error).toBe("unknown run 'kr-01'; did you mean kr-001?");
    expect((await get(`/api/runs/${SIM_RUN}/events?lineage=nosuch`)).status).toBe(404);
    const bad = await get(`/api/runs/${SIM_RUN}/events?where=${encodeURIComponent('s2_area >')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^query: /);
    expect((await get(`/api/runs/${SIM_RUN}/events?limit=100000`)).body.error).toMatch(/limit must be <= 10000/);
    expect((await get(`/api/runs/${SIM_RUN}/events?columns=nope`)).body.error).toMatch(
      new RegExp(`^columns: ${EVENT_TABLE} has no column 'nope'`),
    );
    expect((await get(`/api/runs/${SIM_RUN}/events?lineage=..%2F..%2Fetc`)).status).toBe(400);
  });
});

describe('one event', () => {
  it("gives the event's row, its peaks numbered as the run's peaks with main and alternative S1/S2, and the truth", async () => {
    const n = 1;
    const { status, body } = await get(`/api/runs/${SIM_RUN}/events/${n}`);
    expect(status).toBe(200);
    expect(body.event.event_number).toBe(String(n));
    expect(body.event.time).toBe(String(events.time[n]));
    expect(body.event.s2_area).toBe(events.column('s2_area')[n]);
    expect([body.previous, body.next, body.total]).toEqual([0, 2, events.length]);
    const start = events.time[n];
    const end = (events.column('endtime') as BigInt64Array)[n];
    // every peak_basics row inside the window, with its row number in the product
    const inside = Array.from(basics.time.keys()).filter(
      (i) => basics.time[i] >= start && (basics.column('endtime') as BigInt64Array)[i] <= end,
    );
    expect(inside.length).toBeGreaterThan(1);
    // the chain counts the same peaks as inside the event
    expect(body.peaks.length).toBe((events.column('n_peaks') as Int32Array)[n]);
    expect(body.peaks.map((p: { index: number }) => p.index)).toEqual(inside);
    expect(body.peaks.map((p: { area: number }) => p.area)).toEqual(inside.map((i) => basics.column('area')[i]));
    expect(body.peaks.map((p: { time: string }) => p.time)).toEqual(inside.map((i) => String(basics.time[i])));
    for (const role of ['s1', 's2'] as const) {
      const index = (events.column(`${role}_index`) as Int32Array)[n];
      const peak = body.peaks.find((p: { role: string }) => p.role === role);
      expect(peak.index).toBe(index);
      expect(peak.time).toBe(String((events.column(`${role}_time`) as BigInt64Array)[n]));
      expect(peak.type).toBe(role === 's1' ? 1 : 2);
    }
    // the Kr-83m decay that made it: truth interactions inside the window
    expect(body.truth.interactions.length).toBeGreaterThan(0);
    for (const t of body.truth.interactions) {
      expect(BigInt(t.time) >= start && BigInt(t.time) < end).toBe(true);
      expect(t).toHaveProperty('z');
      expect(t).toHaveProperty('energy');
    }
    expect(body.window).toMatchObject({
      start: String(start),
      end: String(end),
      records: { run: SIM_RUN, type: 'raw_records', lineage: rawLineage },
    });
    // per-PMT areas for hit patterns: merged peaks when stored, else peaklets
    expect(store.has(body.window.patterns)).toBe(true);
    expect(['peaks', 'peaklets']).toContain(body.window.patterns.type);
  });

  it('numbers peaks across chunk boundaries exactly', async () => {
    const last = events.length - 1;
    const { body } = await get(`/api/runs/${SIM_RUN}/events/${last}`);
    expect(body.next).toBeNull();
    const s2 = body.peaks.find((p: { role: string }) => p.role === 's2');
    expect(s2.index).toBe((events.column('s2_index') as Int32Array)[last]);
  });

  it('404s unknown events and runs, 400s malformed event numbers', async () => {
    const missing = await get(`/api/runs/${SIM_RUN}/events/${events.length}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe(
      `run '${SIM_RUN}' has no event ${events.length}: ${EVENT_TABLE}/${eventsLineage} holds ${events.length} events, numbered 0 to ${events.length - 1}`,
    );
    expect((await get('/api/runs/nope/events/0')).status).toBe(404);
    expect((await get(`/api/runs/${EMPTY_RUN}/events/0`)).status).toBe(404);
    for (const bad of ['-1', 'abc', '1.5', '1e400', '99999999999999999999']) {
      const r = await get(`/api/runs/${SIM_RUN}/events/${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toMatch(/event_number/);
    }
  });

  it('hides blinded events: 404, skipped by previous/next, not in the list', async () => {
    const analysis = {
      ...DEFAULT_ANALYSIS,
      blinding: [{ name: 'third', table: EVENT_TABLE, where: 'event_number = 2', description: 'one event' }],
    };
    const blinded = await createServer({ workspace: { ...ws, config: { ...ws.config, analysis } }, webRoot: dir });
    try {
      const at = async (url: string) => (await blinded.app.inject({ method: 'GET', url })).json();
      const hidden = await blinded.app.inject({ method: 'GET', url: `/api/runs/${SIM_RUN}/events/2` });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error).toMatch(
        new RegExp(`^run '${SIM_RUN}' has no event 2: ${EVENT_TABLE}/\\w+ holds ${events.length - 1} events`),
      );
      expect((await at(`/api/runs/${SIM_RUN}/events/1`)).next).toBe(3);
      expect((await at(`/api/runs/${SIM_RUN}/events/3`)).previous).toBe(1);
      const list = await at(`/api/runs/${SIM_RUN}/events?columns=event_number`);
      expect(list.total).toBe(events.length - 1);
      expect(list.rows.flat()).not.toContain('2');
    } finally {
      await blinded.close();
    }
  });

  it('replies as @dance/api declares: parsed and encoded back, the JSON is unchanged', async () => {
    for (const [url, schema] of [
      [`/api/runs/${SIM_RUN}/events?limit=3`, eventsReply],
      [`/api/runs/${SIM_RUN}/events/1`, eventReply],
    ] as const) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect((schema as ReplySchema).encode(schema.parse(body))).toEqual(body);
    }
    const detail = eventReply.parse((await get(`/api/runs/${SIM_RUN}/events/1`)).body);
    expect(detail.window.start).toBe(events.time[1]);
    expect(detail.peaks.length).toBeGreaterThan(0);
  });

  it('is described in the OpenAPI document', async () => {
    const { body } = await get('/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/runs/{run}/events', '/api/runs/{run}/events/{event_number}']),
    );
    const params = body.paths['/api/runs/{run}/events/{event_number}'].get.parameters;
    expect(params.map((p: { name: string }) => p.name)).toEqual(['run', 'event_number', 'lineage']);
  });
});
