import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Histogram, pngChunks, pngProvenance } from '@dance/analysis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type DanceServer } from '../src/index.js';
import { type AnalysisWorkspace, analysisWorkspace, CUTS_YAML, RUN_START, RUNS } from './analysis-workspace.js';

let dir: string;
let env: AnalysisWorkspace;
let server: DanceServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-analysis-api-'));
  env = await analysisWorkspace(join(dir, 'ws'));
  server = await createServer({ workspace: env.ws, webRoot: join(dir, 'no-web') });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, params: Record<string, string | number> = {}) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await server.app.inject({ method: 'GET', url: `/api/analysis/${path}?${query}` });
  return { status: res.statusCode, body: res.json() };
}

/** The stored events as plain rows, computed independently of DuckDB (float32 arithmetic as stored). */
function events(runs: readonly string[] = RUNS.map((r) => r.id)) {
  return runs.flatMap((run) => {
    const b = env.events.get(run);
    if (!b) throw new Error(run);
    const c = b.columns as unknown as Record<'time' | 'event_number', BigInt64Array> &
      Record<'cs1' | 'cs2' | 's2_x' | 's2_y' | 'drift_time', Float32Array>;
    return Array.from({ length: b.length }, (_, i) => ({
      run,
      time: c.time[i],
      event_number: c.event_number[i],
      cs1: c.cs1[i],
      cs2: c.cs2[i],
      fiducial: Math.fround(Math.fround(c.s2_x[i] * c.s2_x[i]) + Math.fround(c.s2_y[i] * c.s2_y[i])) < 1600,
      drift: c.drift_time[i] > 1e5,
    }));
  });
}
const visible = (runs?: readonly string[]) => events(runs).filter((e) => !(e.cs1 >= 45 && e.cs1 <= 55));
const passing = (runs?: readonly string[]) => visible(runs).filter((e) => e.fiducial && e.drift);

describe('analysis API', () => {
  it('histograms an expression with the cut file applied, the blinded band empty', async () => {
    const { status, body } = await get('hist', { expr: 'cs1', bins: 20, lo: 0, hi: 100, cuts: 'cuts.yaml' });
    expect(status).toBe(200);
    const axis = { label: 'cs1', bins: 20, lo: 0, hi: 100 };
    const expected = new Histogram([axis]).fill([passing().map((e) => e.cs1)]);
    expect(body.histogram.sumw).toEqual([...expected.sumw]);
    expect(body.histogram.sumw.slice(10, 12)).toEqual([0, 0]); // [45, 55) is blinded
    expect(body.provenance.cuts.lineage).toMatch(/^[0-9a-f]{16}$/);
    expect(body.provenance.blinding.blinded.map((b: { name: string }) => b.name)).toEqual(['kr-line']);
    expect(body.provenance.products.map((p: { run: string }) => p.run)).toEqual(['000001', '000002']);
  });

  it('takes the range from the data when none is given, and the runs from a catalog expression', async () => {
    const { body } = await get('hist', { expr: 'cs1', bins: 10, runs: "source = 'kr83m'" });
    const all = visible(['000001']).map((e) => e.cs1);
    const values = all.filter(Number.isFinite);
    expect(all.length - values.length).toBe(20); // no S1: NaN, counted as overflow
    const [lo, hi] = body.histogram.axes.map((a: { lo: number; hi: number }) => [a.lo, a.hi])[0];
    expect(lo).toBe(Math.min(...values));
    expect(hi).toBeGreaterThan(Math.max(...values));
    expect(body.histogram.entries.reduce((a: number, b: number) => a + b, 0)).toBe(all.length);
    expect([body.histogram.sumw[0], body.histogram.sumw[11]]).toEqual([0, 20]);
    expect(body.provenance.runs).toEqual(['000001']);
  });

  it('gives the N−1 distribution of a cut', async () => {
    const { body } = await get('hist', {
      expr: 'drift_time',
      bins: 4,
      lo: 0,
      hi: 4e6,
      cuts: 'cuts.yaml',
      without: 'drift',
    });
    const entries = body.histogram.entries.reduce((a: number, b: number) => a + b, 0);
    expect(entries).toBe(visible().filter((e) => e.fiducial).length);
  });

  it('bins the cS1–cS2 plane with the cuts, nothing in the blinded band', async () => {
    const q = { cuts: 'cuts.yaml', xbins: 20, xlo: 0, xhi: 100, ybins: 10, ylo: 0, yhi: 10000 };
    const { status, body } = await get('scatter', q);
    expect(status).toBe(200);
    const ev = passing();
    const expected = new Histogram([
      { label: 'cs1', bins: 20, lo: 0, hi: 100 },
      { label: 'cs2', bins: 10, lo: 0, hi: 10000 },
    ]).fill([ev.map((e) => e.cs1), ev.map((e) => e.cs2)]);
    expect(body.histogram.sumw).toEqual([...expected.sumw]);
    for (let iy = 0; iy < 12; iy++) expect(body.histogram.sumw.slice(22 * iy + 10, 22 * iy + 12)).toEqual([0, 0]);
    const auto = await get('scatter', { cuts: 'cuts.yaml', xbins: 5, ybins: 5 });
    expect(auto.body.histogram.entries.reduce((a: number, b: number) => a + b, 0)).toBe(ev.length);
    expect(ev.every((e) => Number.isFinite(e.cs1))).toBe(true); // no position, no fiducial pass
  });

  it('sends the plots as SVG and PNG with the provenance embedded, as dance hist writes them', async () => {
    const q = new URLSearchParams({ expr: 'cs1', bins: '20', lo: '0', hi: '100', cuts: 'cuts.yaml' });
    const json = (await get('hist', Object.fromEntries(q))).body;
    const svg = await server.app.inject({ method: 'GET', url: `/api/analysis/hist?${q}&format=svg` });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toMatch(/^<svg /);
    expect(svg.body).toContain(`"lineage":"${json.provenance.cuts.lineage}"`);
    const png = await server.app.inject({ method: 'GET', url: `/api/analysis/scatter?cuts=cuts.yaml&format=png` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toBe('inline; filename="cs1-vs-cs2.png"');
    expect(pngChunks(png.rawPayload)[0].data.readUInt32BE(0)).toBe(640);
    const embedded = pngProvenance(png.rawPayload) as typeof json.provenance;
    expect(embedded.cuts).toEqual(json.provenance.cuts);
    expect(embedded.request.scatter.axes.map((a: { label: string }) => a.label)).toEqual(['cs1', 'cs2']);
    expect((await get('hist', { expr: 'cs1', format: 'gif' })).body.error).toMatch(/format must be equal to one of/);
  });

  it('reports the cut flow of the cut file', async () => {
    const { status, body } = await get('cutflow', { cuts: 'cuts.yaml' });
    expect(status).toBe(200);
    const v = visible();
    expect(body.cutflow.total).toBe(v.length);
    expect(body.cutflow.rows.map((r: { cut: string; passed: number }) => [r.cut, r.passed])).toEqual([
      ['fiducial', v.filter((e) => e.fiducial).length],
      ['drift', passing().length],
    ]);
    expect(body.cutflow.rows[1].passedOthers).toBe(v.filter((e) => e.fiducial).length); // N−1: all but drift
    expect(body.cuts.map((c: { expr: string }) => c.expr)).toEqual([
      's2_x*s2_x + s2_y*s2_y < 1600',
      'drift_time > 1e5',
    ]);
    const none = await get('cutflow');
    expect(none.body.cutflow).toEqual({ table: 'event_info', total: v.length, rows: [] });
  });

  it('applies a veto file first in the cut flow', async () => {
    const t = RUN_START + 2_000_000_000n;
    mkdirSync(join(env.ws.root, 'dq'), { recursive: true });
    writeFileSync(
      join(env.ws.root, 'dq/veto.yaml'),
      `name: dq\nversion: 1\nintervals:\n  - [${t}, ${t + 3_000_000_000n}]\n`,
    );
    const { status, body } = await get('cutflow', {
      cuts: 'cuts.yaml',
      vetoes: 'dq/veto.yaml',
      runs: "source = 'kr83m'",
    });
    expect(status).toBe(200);
    const vetoed = visible(['000001']).filter((e) => e.time >= t && e.time < t + 3_000_000_000n).length;
    expect(vetoed).toBeGreaterThan(0);
    expect(body.cutflow.rows.map((r: { cut: string }) => r.cut)).toEqual(['dq-veto', 'fiducial', 'drift']);
    expect(body.cutflow.rows[0].passed).toBe(body.cutflow.total - vetoed);
  });

  it('lists the events in a box, first in time, bounded, with their run and event number', async () => {
    const box = { cuts: 'cuts.yaml', xlo: 20, xhi: 40, ylo: 0, yhi: 1e5 };
    const inBox = passing()
      .filter((e) => e.cs1 >= 20 && e.cs1 < 40)
      .sort((a, b) => (a.time < b.time ? -1 : 1));
    const { status, body } = await get('events-in-box', { ...box, limit: 5 });
    expect(status).toBe(200);
    expect(body.columns).toEqual(['run', 'time', 'event_number', 'cs1', 'cs2']);
    expect(body.total).toBe(inBox.length);
    expect(body.truncated).toBe(true);
    expect(body.rows.map((r: unknown[]) => r.slice(0, 3))).toEqual(
      inBox.slice(0, 5).map((e) => [e.run, String(e.time), String(e.event_number)]),
    );
    const all = await get('events-in-box', { ...box, limit: 1000 });
    expect(all.body.rows).toHaveLength(inBox.length);
    expect(all.body.truncated).toBe(false);
    expect(new Set(all.body.rows.map((r: string[]) => r[0]))).toEqual(new Set(['000001', '000002']));
    // the blinded band lists nothing, however the box is drawn around it
    const blinded = await get('events-in-box', { xlo: 45, xhi: 55.0001, ylo: -1e9, yhi: 1e9 });
    expect(blinded.body).toMatchObject({ total: 0, rows: [] });
  });

  it('lists the workspace cut files, and why a broken one does not load', async () => {
    const { body } = await server.app
      .inject({ method: 'GET', url: '/api/analysis/cut-files' })
      .then((r) => ({ body: r.json() }));
    expect(body.files).toEqual([
      { file: 'broken.yaml', error: "key 'cuts': expected a non-empty list" },
      expect.objectContaining({ file: 'cuts.yaml', name: 'wimp', version: 1 }),
    ]);
  });

  it('refuses bad requests with 400 and a message, reading nothing around the blinding', async () => {
    const cases: [string, Record<string, string | number>, RegExp][] = [
      ['hist', { expr: 'cs1 +', lo: 0, hi: 1 }, /query: syntax error at or near/],
      ['hist', { expr: 'radius', lo: 0, hi: 1 }, /Referenced column "radius" not found/],
      ['hist', { expr: 'cs1', runs: "source = 'nothing'" }, /run selection 'source = 'nothing'' matches no runs/],
      ['hist', { expr: 'cs1', runs: 'source =' }, /\S/],
      [
        'hist',
        { expr: "(SELECT max(cs1) FROM read_parquet('data/000001/event_info-synth0/0.parquet'))", lo: 0, hi: 1 },
        /query would unblind: it calls read_parquet\(\)/,
      ],
      ['hist', { expr: 'cs1; DROP TABLE x', lo: 0, hi: 1 }, /expr must match pattern/],
      ['hist', { expr: 'cs1 -- x', lo: 0, hi: 1 }, /expr must match pattern/],
      ['hist', { expr: 'cs1', lo: 5, hi: 1 }, /range \[5, 1\) must be finite with lo < hi/],
      ['hist', { expr: 'cs1', bins: 100000 }, /bins must be <= 1000/],
      [
        'hist',
        { expr: 'cs1', cuts: 'cuts.yaml', without: 'drfit' },
        /without: no cut 'drfit' \(cuts: fiducial, drift\)/,
      ],
      ['hist', { expr: 'cs1', cuts: '../secret.yaml' }, /cuts must match pattern/],
      ['hist', { expr: 'cs1', cuts: 'missing.yaml' }, /missing\.yaml: cannot read cut file/],
      ['hist', { expr: 'cs1', table: 'peaks' }, /no 'peaks' products in the 2 selected run\(s\)/],
      ['hist', { expr: 'CASE WHEN cs1 > 1e9 THEN cs1 END', bins: 3 }, /no finite values pass the selection/],
      ['cutflow', { cuts: 'broken.yaml' }, /key 'cuts': expected a non-empty list/],
      ['scatter', { x: 'nope' }, /Referenced column "nope" not found/],
      ['scatter', { xbins: 500 }, /xbins must be <= 200/],
      ['events-in-box', { xlo: 1, xhi: 0, ylo: 0, yhi: 1 }, /needs finite edges with xlo < xhi/],
      ['events-in-box', { xlo: 0, xhi: 1, ylo: 0 }, /must have required property 'yhi'/],
      ['events-in-box', { xlo: 0, xhi: 1, ylo: 0, yhi: 1, limit: 5000 }, /limit must be <= 1000/],
      ['events-in-box', { xlo: 0, xhi: 1, ylo: 0, yhi: 1, y: "'x' FROM glob('*')" }, /\S/],
    ];
    for (const [path, params, message] of cases) {
      const { status, body } = await get(path, params);
      expect([path, params, status]).toEqual([path, params, 400]);
      expect(body.error).toMatch(message);
    }
    expect(readFileSync(join(env.ws.root, 'cuts.yaml'), 'utf8')).toBe(CUTS_YAML);
  });

  it('describes the routes in the OpenAPI document', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = res.json().paths;
    for (const p of ['hist', 'scatter', 'cutflow', 'events-in-box', 'cut-files'])
      expect(paths[`/api/analysis/${p}`]).toBeDefined();
    const names = paths['/api/analysis/events-in-box'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['runs', 'table', 'cuts', 'x', 'y', 'xlo', 'limit']));
  });
});
