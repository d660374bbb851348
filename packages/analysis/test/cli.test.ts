import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStore, RUN_START } from './fixture.js';

/** The built CLI (`npx tsc -b` first), as users run it. */
const MAIN = fileURLToPath(new URL('../../cli/dist/src/main.js', import.meta.url));

function dance(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx tsc -b\` before these tests`);
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

let env: Awaited<ReturnType<typeof makeStore>>;

beforeAll(async () => {
  env = await makeStore(1000);
  await dance(['init', env.dir], env.dir);
  appendFileSync(
    join(env.dir, 'dance.yaml'),
    'analysis:\n  memory_limit: 256MB\n  threads: 1\n  max_temp_size: 1GB\n  blinding:\n    - name: kr-line\n      where: cs1 BETWEEN 45 AND 55\n',
  );
  writeFileSync(
    join(env.dir, 'cuts.yaml'),
    'name: sel\nversion: 1\ncuts:\n  - name: fiducial\n    expr: s2_x*s2_x + s2_y*s2_y < 1600\n  - name: drift\n    expr: drift_time > 1e5\n',
  );
});
afterAll(() => env?.cleanup());

describe('dance query / hist / cutflow / fit / unblind', () => {
  it('streams query rows as JSON with provenance, blinded', async () => {
    const r = await dance(
      ['query', '--json', 'SELECT count(*) AS n FROM event_info WHERE cs1 BETWEEN 45 AND 55'],
      env.dir,
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.columns).toEqual(['n']);
    expect(out.rows).toEqual([['0']]);
    expect(out.provenance.runs).toEqual(['000001', '000002']);
    expect(out.provenance.products.map((p: { lineage: string }) => p.lineage)).toEqual(['synth0', 'synth0']);
    expect(out.provenance.blinding.blinded.map((b: { name: string }) => b.name)).toEqual(['kr-line']);
  });

  it('takes --table as one comma-separated value, leaving the SQL after it as the query', async () => {
    const sql = 'SELECT count(*) AS n FROM event_info WHERE cs1 < 10';
    const r = await dance(['query', '--json', '--table', 'event_info', sql], env.dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).provenance.products).toHaveLength(2);
    const twice = await dance(['query', '--table', 'event_info,event_info', sql], env.dir);
    expect(twice.stdout.split('\n')[0]).toBe('n');
    const empty = await dance(['query', '--table', 'event_info,', sql], env.dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      "option '--table <types>' argument 'event_info,' is invalid. expected product types separated by commas",
    );
    const missing = await dance(['query', '--table', 'event_info,peaks', sql], env.dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no 'peaks' products");
  });

  it('refuses a query that would unblind, and a run selection matching nothing (exit 1)', async () => {
    const r = await dance(['query', "SELECT * FROM read_parquet('data/*/*/*.parquet')"], env.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('query would unblind: it calls read_parquet()');
    const none = await dance(['query', 'SELECT 1', '--runs', "source = 'nothing'"], env.dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("run selection 'source = 'nothing'' matches no runs");
  });

  it('writes a histogram with cuts as JSON and SVG with embedded provenance', async () => {
    const svg = join(env.dir, 'cs1.svg');
    const r = await dance(
      ['hist', 'cs1', '--range', '0:100', '--bins', '20', '--cuts', 'cuts.yaml', '--svg', svg, '--json'],
      env.dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.histogram.sumw).toHaveLength(22);
    expect(out.histogram.sumw.slice(10, 12)).toEqual([0, 0]); // [45, 55) is blinded
    expect(out.provenance.cuts.lineage).toMatch(/^[0-9a-f]{16}$/);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg /);
    expect(text).toContain(`"lineage":"${out.provenance.cuts.lineage}"`);
  });

  it('prints the cut flow and names a cut with a missing column', async () => {
    const r = await dance(['cutflow', '--cuts', 'cuts.yaml', '--json'], env.dir);
    const flow = JSON.parse(r.stdout).cutflow;
    expect(flow.rows.map((x: { cut: string }) => x.cut)).toEqual(['fiducial', 'drift']);
    const nMinus1 = await dance(
      ['hist', 'drift_time', '--range', '0:2e6', '--cuts', 'cuts.yaml', '--without', 'drift', '--json'],
      env.dir,
    );
    const entries = JSON.parse(nMinus1.stdout).histogram.entries.reduce((x: number, y: number) => x + y, 0);
    expect(entries).toBe(flow.rows[1].passedOthers);
    const typo = await dance(['hist', 'cs1', '--range', '0:1', '--cuts', 'cuts.yaml', '--without', 'drfit'], env.dir);
    expect(typo.stderr).toContain("--without: no cut 'drfit' (cuts: fiducial, drift)");
    writeFileSync(join(env.dir, 'bad.yaml'), 'name: bad\nversion: 1\ncuts:\n  - name: r\n    expr: radius < 3\n');
    const bad = await dance(['cutflow', '--cuts', 'bad.yaml'], env.dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`bad.yaml: cut 'r': Binder Error: Referenced column "radius" not found`);
  });

  it('takes the range of the values passing the cuts when --range is left out, as the web page does', async () => {
    const r = await dance(['hist', 'cs1', '--bins', '10', '--cuts', 'cuts.yaml', '--json'], env.dir);
    expect(r.stderr).toBe('');
    const h = JSON.parse(r.stdout).histogram;
    const q = await dance(
      [
        'query',
        '--json',
        'SELECT min(cs1) AS lo, max(cs1) AS hi, count(*) AS n FROM event_info WHERE s2_x*s2_x + s2_y*s2_y < 1600 AND drift_time > 1e5',
      ],
      env.dir,
    );
    const [lo, hi, n] = JSON.parse(q.stdout).rows[0].map(Number);
    expect(h.axes[0].lo).toBe(lo);
    expect(h.axes[0].hi).toBeCloseTo(hi, 3);
    expect(h.axes[0].hi).toBeGreaterThan(hi); // the largest value lands in the last bin, not the overflow
    expect(h.sumw[0] + h.sumw[11]).toBe(0);
    expect(h.entries.reduce((x: number, y: number) => x + y, 0)).toBe(n);
    const two = await dance(['hist', 'cs1', '--range', '0:100', '--y', 'drift_time', '--json'], env.dir);
    expect(JSON.parse(two.stdout).histogram.axes.map((a: { lo: number }) => a.lo)).toHaveLength(2);
    const none = await dance(['hist', 'CASE WHEN cs1 > 1e9 THEN cs1 END'], env.dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no finite values pass the selection, so there is no range to take: give one');
  });

  it('fits, then after a logged unblinding sees the signal region', async () => {
    const blinded = JSON.parse(
      (await dance(['fit', 'cs1', '--range', '0:100', '--binned', '--bins', '50', '--json'], env.dir)).stdout,
    );
    expect(blinded.fit.valid).toBe(true);
    const u = await dance(['unblind', 'kr-line', '--reason', 'approved'], env.dir);
    expect(u.code).toBe(0);
    const log = readFileSync(join(env.dir, 'unblinding.jsonl'), 'utf8');
    expect(JSON.parse(log).reason).toBe('approved');
    const open = JSON.parse(
      (await dance(['fit', 'cs1', '--range', '0:100', '--binned', '--bins', '50', '--json'], env.dir)).stdout,
    );
    expect(open.fit.events).toBeGreaterThan(blinded.fit.events);
    expect(open.provenance.blinding.blinded).toEqual([]);
    expect(open.provenance.blinding.unblinded[0].region).toBe('kr-line');
    const mu = open.fit.parameters.find((p: { name: string }) => p.name === 'mu');
    expect(Math.abs(mu.value - 50)).toBeLessThan(4 * mu.error);
  });

  it('puts the veto first in the cut flow and reports livetime per run', async () => {
    const s = RUN_START + 1_000_000_000n;
    writeFileSync(join(env.dir, 'dq.yaml'), `name: dq\nversion: 1\nintervals:\n  - [${s}, ${s + 3_000_000_000n}]\n`);
    const r = await dance(['cutflow', '--vetoes', 'dq.yaml', '--cuts', 'cuts.yaml', '--json'], env.dir);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.cutflow.rows.map((x: { cut: string }) => x.cut)).toEqual(['dq-veto', 'fiducial', 'drift']);
    expect(out.cutflow.rows[0].passed).toBeLessThan(out.cutflow.total);
    const run1 = out.provenance.vetoes.livetime.find((l: { run: string }) => l.run === '000001');
    expect(BigInt(run1.exposure) - BigInt(run1.live)).toBe(3_000_000_000n);
  });
});
