import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, RecordBatch } from '@dance/schema';
import { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type DanceServer } from '../src/index.js';
import { type DemoWorkspace, demoWorkspace, EMPTY_RUN, processDemo, SIM_RUN } from './demo-workspace.js';

let dir: string;
let demo: DemoWorkspace;
let server: DanceServer;
let store: Store;
let events: RecordBatch;
let basics: RecordBatch;
let eventsLineage: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-events-'));
  demo = await demoWorkspace(join(dir, 'ws'));
  store = new Store(demo.ws.dataDir);
  const basicsLineage = await processDemo(demo, 'peak_basics');
  basics = await store.readAll({ run: SIM_RUN, type: 'peak_basics', lineage: basicsLineage });
  eventsLineage = await standInEvents(store, basics, basicsLineage);
  events = await store.readAll({ run: SIM_RUN, type: 'event_basics', lineage: eventsLineage });
  server = await createServer({ workspace: demo.ws, webRoot: join(dir, 'no-web') });
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
    expect(all.body.product).toEqual({ run: SIM_RUN, type: 'event_basics', lineage: eventsLineage });
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
      /^columns: event_basics has no column 'nope'/,
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
      records: { run: SIM_RUN, type: 'raw_records', lineage: demo.lineage },
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
      `run '${SIM_RUN}' has no event ${events.length}: event_basics/${eventsLineage} holds ${events.length} events, numbered 0 to ${events.length - 1}`,
    );
    expect((await get('/api/runs/nope/events/0')).status).toBe(404);
    expect((await get(`/api/runs/${EMPTY_RUN}/events/0`)).status).toBe(404);
    for (const bad of ['-1', 'abc', '1.5', '1e400', '99999999999999999999']) {
      const r = await get(`/api/runs/${SIM_RUN}/events/${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toMatch(/event_number/);
    }
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

/**
 * Events as the contract describes them, until the chain makes event_basics: each S2 above 100 PE
 * opens a window from 2.3 ms before it to 0.2 ms after, overlapping windows merge; the main S2 is
 * the largest S2 inside, the main S1 the largest S1 before it.
 */
async function standInEvents(store: Store, peaks: RecordBatch, lineage: string): Promise<string> {
  const time = (name: string) => defineRecordField(name, 'i64');
  const schema = defineRecord({
    name: 'event_basics',
    version: 0,
    storage: 'table',
    description: 'stand-in',
    fields: [
      time('time'),
      time('endtime'),
      time('event_number'),
      ...['s1', 'alt_s1', 's2', 'alt_s2'].flatMap((s) => [
        defineRecordField(`${s}_index`, 'i32'),
        time(`${s}_time`),
        defineRecordField(`${s}_area`, 'f32'),
      ]),
      defineRecordField('drift_time', 'f32'),
    ],
  });
  const type = peaks.column('type');
  const area = peaks.column('area') as Float32Array;
  const center = peaks.column('center_time') as BigInt64Array;
  const windows: [bigint, bigint][] = [];
  for (let i = 0; i < peaks.length; i++) {
    if (type[i] !== 2 || area[i] <= 100) continue;
    const w: [bigint, bigint] = [peaks.time[i] - 2_300_000n, peaks.time[i] + 200_000n];
    const last = windows.at(-1);
    if (last && w[0] <= last[1]) last[1] = w[1];
    else windows.push(w);
  }
  const out = RecordBatch.allocate(schema, windows.length);
  const ends = peaks.column('endtime') as BigInt64Array;
  windows.forEach(([a, b], e) => {
    const inside = Array.from(peaks.time.keys()).filter((i) => peaks.time[i] >= a && ends[i] <= b);
    const largest = (list: number[]) => list.reduce((x, i) => (x < 0 || area[i] > area[x] ? i : x), -1);
    const s2 = largest(inside.filter((i) => type[i] === 2));
    const s1 = largest(inside.filter((i) => type[i] === 1 && peaks.time[i] < peaks.time[s2]));
    const set = (name: string, v: number | bigint) => {
      (out.column(name) as { [k: number]: number | bigint })[e] = v;
    };
    set('time', a);
    set('endtime', b);
    set('event_number', BigInt(e));
    for (const [role, i] of [
      ['s1', s1],
      ['alt_s1', -1],
      ['s2', s2],
      ['alt_s2', -1],
    ] as const) {
      set(`${role}_index`, i);
      set(`${role}_time`, i < 0 ? -1n : peaks.time[i]);
      set(`${role}_area`, i < 0 ? Number.NaN : area[i]);
    }
    set('drift_time', s1 < 0 ? Number.NaN : Number(center[s2] - center[s1]));
  });
  const key = { run: SIM_RUN, type: 'event_basics', lineage: `standin${lineage}` };
  const writer = store.writer(key, schema, {
    provenance: {
      made_from: { type: 'event_basics', lineage: key.lineage, inputs: [{ type: 'peak_basics', lineage }] },
    },
  });
  await writer.write(out);
  await writer.commit();
  return key.lineage;
}

function defineRecordField(name: string, dtype: 'i64' | 'i32' | 'f32') {
  return { name, dtype, unit: '', description: name };
}
