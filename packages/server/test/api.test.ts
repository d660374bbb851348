import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '@dance/store';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type DanceServer } from '../src/index.js';
import { type DemoWorkspace, demoWorkspace, EMPTY_RUN, SIM_RUN, STORE_ONLY_LINEAGE } from './demo-workspace.js';

let dir: string;
let demo: DemoWorkspace;
let server: DanceServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-server-'));
  demo = await demoWorkspace(join(dir, 'ws'));
  // a file next to the workspace that no request may reach
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  const webRoot = join(dir, 'web');
  rmSync(webRoot, { recursive: true, force: true });
  await import('node:fs').then((fs) => {
    fs.mkdirSync(webRoot);
    fs.writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>DANCE</title>');
  });
  server = await createServer({ workspace: demo.ws, webRoot });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(url: string) {
  const res = await server.app.inject({ method: 'GET', url });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type']).includes('json') ? res.json() : res.rawPayload,
    res,
  };
}

const product = () => `/api/runs/${SIM_RUN}/products/raw_records/${demo.lineage}`;

describe('runs', () => {
  it('lists every run with times as exact strings', async () => {
    const { status, body } = await get('/api/runs');
    expect(status).toBe(200);
    expect(body.runs.map((r: { id: string }) => r.id).sort()).toEqual([EMPTY_RUN, SIM_RUN].sort());
    const kr = body.runs.find((r: { id: string }) => r.id === SIM_RUN);
    expect(kr.start).toBe('1767225600000000000');
    expect(kr.metadata).toEqual({ seed: 7, drift_field: 200 });
  });

  it('filters by expression, text and tag', async () => {
    const ids = async (q: string) => (await get(`/api/runs?${q}`)).body.runs.map((r: { id: string }) => r.id);
    expect(await ids(`where=${encodeURIComponent('drift_field > 100')}`)).toEqual([SIM_RUN]);
    expect(await ids(`where=${encodeURIComponent("mode = 'background'")}`)).toEqual([EMPTY_RUN]);
    expect(await ids('search=KRYPTON')).toEqual([SIM_RUN]);
    expect(await ids('tag=calibration')).toEqual([SIM_RUN]);
    expect(await ids('limit=1')).toHaveLength(1);
  });

  it('refuses a malformed filter, a huge page and unknown parameters with 400 and a message', async () => {
    const bad = await get(`/api/runs?where=${encodeURIComponent('drift_field >')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/\S/);
    const huge = await get('/api/runs?limit=1000000');
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(/limit must be <= 10000/);
    expect((await get('/api/runs?limit=abc')).status).toBe(400);
    expect((await get('/api/runs?from=yesterday')).body.error).toMatch(/from must match pattern/);
    const misspelt = await get('/api/runs?limt=5');
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error).toBe("querystring must NOT have additional properties: unknown parameter 'limt'");
  });

  it('shows one run with its products and 404s an unknown one with a suggestion', async () => {
    const { status, body } = await get(`/api/runs/${SIM_RUN}`);
    expect(status).toBe(200);
    expect(body.comments).toBe('calibration with krypton');
    expect(body.products.map((p: { type: string }) => p.type).sort()).toEqual([
      'raw_records',
      'truth_interactions',
      'truth_peaks',
    ]);
    const missing = await get('/api/runs/kr-01');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("unknown run 'kr-01'; did you mean kr-001?");
  });
});

describe('products', () => {
  it("lists a run's products with rows and chunks from the store", async () => {
    const { body } = await get(`/api/runs/${SIM_RUN}/products`);
    const raw = body.products.find((p: { type: string }) => p.type === 'raw_records');
    const manifest = new Store(demo.ws.dataDir).manifest({ run: SIM_RUN, type: 'raw_records', lineage: demo.lineage });
    expect(raw.rows).toBe(manifest.chunks.reduce((n, c) => n + c.rows, 0));
    expect(raw.chunks).toBe(2);
    expect(raw.lineage).toBe(demo.lineage);
    expect((await get(`/api/runs/${EMPTY_RUN}/products`)).body.products).toEqual([]);
  });

  it('includes products only the store holds, marked as not catalogued', async () => {
    const { body } = await get(`/api/runs/${SIM_RUN}/products`);
    const only = body.products.filter((p: { catalogued: boolean }) => !p.catalogued);
    expect(only.map((p: { type: string; lineage: string }) => `${p.type}/${p.lineage}`)).toEqual([
      `truth_peaks/${STORE_ONLY_LINEAGE}`,
    ]);
    const url = `/api/runs/${SIM_RUN}/products/truth_peaks/${STORE_ONLY_LINEAGE}`;
    const detail = await get(url);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ catalogued: false, stored: true, files: [], activity: null });
    expect(detail.body.chunks).toHaveLength(1);
    expect(only[0].rows).toBe(detail.body.chunks[0].rows);
    expect((await get(`${url}/provenance`)).body).toMatchObject({ catalogued: false, prov: null });
    const t0 = 1767225600000000000n;
    const window = await get(`${url}/data?start=${t0}&end=${t0 + 100_000_000n}`);
    expect(window.status).toBe(200);
    expect(Number(window.res.headers['x-dance-rows'])).toBeGreaterThan(0);
  });

  it('shows a product with chunks, files, replicas and the activity that made it', async () => {
    const { status, body } = await get(product());
    expect(status).toBe(200);
    expect(body.schema.name).toBe('raw_records');
    expect(body.chunks).toHaveLength(2);
    expect(body.files).toHaveLength(2);
    expect(body.files[0].replicas).toEqual([
      { file: `${body.files[0].scope}:${body.files[0].name}`, site: 'tape', state: 'available', path: 'kr/0.arrow' },
    ]);
    expect(body.files[1].replicas).toEqual([]);
    expect(body.activity.name).toBe('dance sim');
  });

  it('gives the provenance graph as a tree and PROV-JSON', async () => {
    const { body } = await get(`${product()}/provenance`);
    expect(body.entity).toBe(`product:${SIM_RUN}/raw_records/${demo.lineage}`);
    expect(body.graph.entity).toBe(body.entity);
    expect(body.graph.activity.name).toBe('dance sim');
    expect(body.prov.prefix).toEqual({ dance: 'urn:dance:' });
    expect(Object.keys(body.prov.wasGeneratedBy)).toHaveLength(1);
    expect(body.text).toContain('dance sim');
  });

  it('404s unknown products and 400s hostile names', async () => {
    const unknown = await get(`/api/runs/${SIM_RUN}/products/raw_records/000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(`unknown product ${SIM_RUN}/raw_records/000000000000`);
    expect((await get(`/api/runs/nope/products`)).status).toBe(404);
    // a literal `..` segment is resolved by the URL parser to a path that is not a route
    expect((await get(`/api/runs/../products`)).body.error).toBe('no such path /api/products');
    for (const hostile of ['..%2F..%2Fsecret.txt', '.dance', '%2Fetc%2Fpasswd', 'a%00b']) {
      const res = await get(`/api/runs/${hostile}/products`);
      expect(res.status, hostile).toBe(400);
      expect(res.body.error).toMatch(/run must match pattern/);
    }
  });
});

describe('data', () => {
  const window = (start: bigint, end: bigint, extra = '') => `${product()}/data?start=${start}&end=${end}${extra}`;
  const t0 = 1767225600000000000n;

  it('sends the rows of a window as an Arrow IPC stream equal to the store', async () => {
    const { status, res } = await get(window(t0, t0 + 50_000_000n));
    expect(status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    const key = { run: SIM_RUN, type: 'raw_records', lineage: demo.lineage };
    const stored = await new Store(demo.ws.dataDir).readAll(key, { start: t0, end: t0 + 50_000_000n });
    expect(table.numRows).toBe(stored.length);
    expect(table.numRows).toBeGreaterThan(10);
    expect(res.headers['x-dance-rows']).toBe(String(stored.length));
    expect(table.getChild('time')?.toArray()).toEqual(stored.column('time'));
    expect(table.getChild('channel')?.toArray()).toEqual(stored.column('channel'));
    const data = table.getChild('data');
    expect(data?.type.listSize).toBe(110);
    expect(data?.data[0].children[0].values).toEqual(stored.column('data'));
  });

  it('cuts windows from cached chunks exactly as the store does, across chunk boundaries', async () => {
    const key = { run: SIM_RUN, type: 'raw_records', lineage: demo.lineage };
    const store = new Store(demo.ws.dataDir);
    const boundary = store.manifest(key).chunks[1].start;
    const windows: [bigint, bigint][] = [
      [boundary - 2_000_000n, boundary + 3_000_000n],
      [boundary - 1_000n, boundary],
      [boundary, boundary + 1_000n],
      [t0 + 123_456_789n, t0 + 124_000_000n],
      [t0 + 123_456_789n, t0 + 124_000_000n], // again, from the cache
      [t0 + 600_000_000n, t0 + 650_000_000n], // after the run: no rows
    ];
    for (const [a, b] of windows) {
      const table = tableFromIPC((await get(window(a, b))).res.rawPayload);
      const stored = await store.readAll(key, { start: a, end: b });
      expect(table.numRows, `${a}..${b}`).toBe(stored.length);
      expect(table.getChild('time')?.toArray()).toEqual(stored.column('time'));
      expect(table.getChild('record_i')?.toArray()).toEqual(stored.column('record_i'));
    }
  });

  it('sends only the columns asked for', async () => {
    const { res } = await get(window(t0, t0 + 50_000_000n, '&columns=channel'));
    const table = tableFromIPC(res.rawPayload);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['time', 'channel']);
  });

  it('refuses bad windows and columns with a message', async () => {
    const cases: [string, RegExp][] = [
      [window(t0 + 10n, t0), /end .* must be after start/],
      [window(t0, t0 + 1_000_000_000n), /longer than the 100000000 ns/],
      [`${product()}/data?start=${t0}`, /must have required property 'end'/],
      [`${product()}/data?start=-1&end=5`, /start must match pattern/],
      [window(t0, t0 + 10n, '&columns=nope'), /raw_records has no field 'nope'/],
      [window(t0, t0 + 10n, '&columns=..%2Fx'), /columns must match pattern/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.error).toMatch(message);
    }
    expect((await get(`/api/runs/${SIM_RUN}/products/raw_records/000000000000/data?start=1&end=2`)).status).toBe(404);
  });
});

describe('rows', () => {
  const rows = (query: string) => `/api/runs/${SIM_RUN}/products/truth_peaks/${demo.lineage}/rows?${query}`;

  it('pages through a table product in time order with a filter, as the store holds it', async () => {
    const stored = await new Store(demo.ws.dataDir).readAll({
      run: SIM_RUN,
      type: 'truth_peaks',
      lineage: demo.lineage,
    });
    const times = Array.from(stored.column('time') as BigInt64Array, String);
    const first = await get(rows('columns=time,type&limit=5'));
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(stored.length);
    expect(first.body.columns).toEqual(['time', 'type']);
    expect(first.body.rows.map((r: string[]) => r[0])).toEqual(times.slice(0, 5));
    const second = await get(rows('columns=time&limit=5&offset=5'));
    expect(second.body.rows.map((r: string[]) => r[0])).toEqual(times.slice(5, 10));
    const s1 = (stored.column('type') as Int16Array).filter((t) => t === 1).length;
    const filtered = await get(rows(`where=${encodeURIComponent('type = 1')}&columns=type&limit=10000`));
    expect(filtered.body.total).toBe(s1);
    expect(filtered.body.rows.every((r: number[]) => r[0] === 1)).toBe(true);
  });

  it('gives pages that join into the whole filtered list, whatever the offset', async () => {
    const stored = await new Store(demo.ws.dataDir).readAll({
      run: SIM_RUN,
      type: 'truth_peaks',
      lineage: demo.lineage,
    });
    const type = stored.column('type') as Int16Array;
    const s2 = Array.from(stored.column('time') as BigInt64Array, String).filter((_, i) => type[i] === 2);
    const where = `where=${encodeURIComponent('type = 2')}&columns=time`;
    const pages: string[] = [];
    for (let offset = 0; offset < s2.length + 3; offset += 3) {
      const page = await get(rows(`${where}&limit=3&offset=${offset}`));
      pages.push(...page.body.rows.map((r: string[]) => r[0]));
    }
    expect(pages).toEqual(s2);
  });

  it('refuses bad filters, columns, pages and waveform products with 400', async () => {
    const cases: [string, RegExp][] = [
      [rows(`where=${encodeURIComponent('type =')}`), /\S/],
      [rows(`where=${encodeURIComponent("1=1) UNION SELECT * FROM read_parquet('/etc/passwd') --")}`), /\S/],
      [rows('columns=nope'), /truth_peaks has no column 'nope'/],
      [rows('limit=100000'), /limit must be <= 10000/],
      [rows('offset=-1'), /offset must be >= 0/],
      [
        `/api/runs/${SIM_RUN}/products/raw_records/${demo.lineage}/rows`,
        /not Parquet: only table products can be queried/,
      ],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.error).toMatch(message);
    }
    expect((await get(`/api/runs/${SIM_RUN}/products/truth_peaks/000000000000/rows`)).status).toBe(404);
  });
});

describe('detector', () => {
  it("gives the PMT arrays of the run's built-in detector and 404s runs without one", async () => {
    const { status, body } = await get(`/api/runs/${SIM_RUN}/detector`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'xenon-demo', channels: 494 });
    expect(body.x).toHaveLength(494);
    expect(body.y).toHaveLength(494);
    expect(body.topChannels).toBeGreaterThan(0);
    expect(body.topChannels).toBeLessThan(494);
    expect(Math.max(...body.x.map((x: number, i: number) => Math.hypot(x, body.y[i])))).toBeLessThanOrEqual(
      body.radius,
    );
    const none = await get(`/api/runs/${EMPTY_RUN}/detector`);
    expect(none.status).toBe(404);
    expect(none.body.error).toBe(`run '${EMPTY_RUN}' has no detector: PMT positions unknown`);
  });
});

describe('openapi and static files', () => {
  it('describes every API route from its validation schema', async () => {
    const { body } = await get('/api/openapi.json');
    expect(body.openapi).toBe('3.0.3');
    expect(Object.keys(body.paths).sort()).toEqual([
      '/api/analysis/cut-files',
      '/api/analysis/cutflow',
      '/api/analysis/events-in-box',
      '/api/analysis/hist',
      '/api/analysis/scatter',
      '/api/openapi.json',
      '/api/runs',
      '/api/runs/{run}',
      '/api/runs/{run}/detector',
      '/api/runs/{run}/events',
      '/api/runs/{run}/events/{event_number}',
      '/api/runs/{run}/products',
      '/api/runs/{run}/products/{type}/{lineage}',
      '/api/runs/{run}/products/{type}/{lineage}/data',
      '/api/runs/{run}/products/{type}/{lineage}/provenance',
      '/api/runs/{run}/products/{type}/{lineage}/rows',
    ]);
    const limit = body.paths['/api/runs'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 10000 } });
    const start = body.paths['/api/runs/{run}/products/{type}/{lineage}/data'].get.parameters.find(
      (p: { name: string }) => p.name === 'start',
    );
    expect(start).toMatchObject({ in: 'query', required: true, schema: { pattern: '^[0-9]{1,19}$' } });
  });

  it('serves the web app and nothing outside it', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(String(index.body)).toContain('<title>DANCE</title>');
    for (const url of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/ws/dance.yaml',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(String(res.body)).not.toContain('secret');
    }
  });

  it('is read-only: writes are not routes', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
      const res = await server.app.inject({ method, url: `/api/runs/${SIM_RUN}` });
      expect(res.statusCode, method).toBe(404);
    }
  });
});
