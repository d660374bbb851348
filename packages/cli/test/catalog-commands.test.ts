import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCatalog } from '@dance/catalog';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshPgSchema } from '../../catalog/test/backends.js';
import { dance, tempDir } from './cli.js';

const T0 = 1_772_323_200_000_000_000n; // 2026-03-01T00:00:00Z
const HOUR = 3_600_000_000_000n;
const file = { name: '000000.arrow', size: 10, adler32: '0000abcd', sha256: 'ab'.repeat(32) };

describe('catalog commands (runs, show, meta, dataset, cond, prov)', () => {
  const tmp = tempDir();
  const cwd = tmp.dir;
  const run = (...args: string[]) => dance(args, { cwd });

  beforeAll(async () => {
    await run('init', '.');
    const c = await openCatalog(`sqlite:${join(cwd, 'catalog', 'dance.sqlite')}`);
    for (const n of [1, 2, 3]) {
      await c.registerRun({
        id: `kr-00${n}`,
        number: n,
        start: T0 + BigInt(n) * HOUR,
        end: T0 + BigInt(n) * HOUR + HOUR / 2n,
        mode: 'calibration',
        source: n < 3 ? 'kr83m' : 'none',
        tags: ['sr0'],
        metadata: { drift_field: 100 * n },
      });
    }
    await c.registerProduct('kr-001', 'raw_records', 'aaaa', [file], {
      activity: { name: 'dance sim', version: '0.1.0', user: 'alice', host: 'daq', start: T0 },
    });
    await c.close();
  });
  afterAll(() => tmp.remove());

  it('lists runs selected by an expression, as a table and as JSON', async () => {
    const table = await run('runs', '--where', "drift_field > 100 and source = 'kr83m'");
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout.split('\n')[1]).toMatch(
      /^kr-002\s+2\s+2026-03-01T02:00:00Z\s+1800 s\s+calibration\s+kr83m\s+sr0$/,
    );
    const json = await run('--json', 'runs', '--tag', 'sr0', '--from', '2026-03-01T02:00:00Z');
    expect(JSON.parse(json.stdout).map((r: { id: string; start: string }) => [r.id, r.start])).toEqual([
      ['kr-002', String(T0 + 2n * HOUR)],
      ['kr-003', String(T0 + 3n * HOUR)],
    ]);
  });

  it('exits 1 with a one-line message for bad expressions and unknown runs', async () => {
    expect(await run('runs', '--where', 'drift_field > 100)')).toEqual({
      code: 1,
      stdout: '',
      stderr: "dance: --where: unexpected ')' at column 18\n",
    });
    expect(await run('show', 'kr-01')).toEqual({
      code: 1,
      stdout: '',
      stderr: "dance: unknown run 'kr-01'; did you mean kr-001?\n",
    });
  });

  it('sets metadata (checked against the schema) and shows the run', async () => {
    const schema = join(cwd, 'schema.json');
    writeFileSync(schema, JSON.stringify({ type: 'object', properties: { drift_field: { type: 'number' } } }));
    expect((await run('meta', 'schema', schema)).stdout).toBe(`metadata schema version 1 from ${schema}\n`);
    expect((await run('meta', 'set', 'kr-001', 'drift_field=250', 'note=cathode ramp')).code).toBe(0);
    const bad = await run('meta', 'set', 'kr-001', 'drift_field=high');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("dance: run 'kr-001' metadata /drift_field: must be number (metadata schema version 1)\n");
    const shown = JSON.parse((await run('--json', 'show', 'kr-001')).stdout);
    expect(shown.metadata).toEqual({ drift_field: 250, note: 'cathode ramp' });
    expect(shown.products).toEqual([{ run: 'kr-001', type: 'raw_records', lineage: 'aaaa', files: 1, bytes: 10 }]);
  });

  it('manages datasets, conditions and provenance', async () => {
    expect((await run('dataset', 'add', 'kr-001:raw')).stdout).toBe('kr-001:raw  dataset, 0 members, open\n');
    expect((await run('dataset', 'attach', 'kr-001:raw', 'kr-001:raw_records/aaaa/000000.arrow')).code).toBe(0);
    expect((await run('dataset', 'list', 'kr-001:raw')).stdout).toBe('kr-001:raw_records/aaaa/000000.arrow  file\n');
    expect((await run('cond', 'add', 'gain', '[1.0, 0.9]', '--runs', '1-2')).stdout).toBe('gain@1 (array, runs 1-2)\n');
    expect((await run('cond', 'tag', 'gt-v1')).stdout).toBe('global tag gt-v1 pins 1 version\n');
    expect((await run('cond', 'get', 'gain', '--tag', 'gt-v1', '--run', 'kr-002')).stdout).toBe('gain@1 = [1,0.9]\n');
    const missing = await run('cond', 'get', 'gain', '--run', 'kr-003');
    expect(missing.stderr).toBe("dance: no version of condition 'gain' is valid for run 'kr-003'\n");

    const c = await openCatalog(`sqlite:${join(cwd, 'catalog', 'dance.sqlite')}`);
    const gain = await c.resolveCondition('gt-v1', 'gain', { run: 'kr-001' });
    await c.registerProduct('kr-001', 'peaks', 'bbbb', [file], {
      activity: { name: 'peaks', version: '0.1.0', user: 'alice', host: 'daq', start: T0 },
      inputs: ['product:kr-001/raw_records/aaaa'],
      conditions: [gain],
    });
    await c.close();
    expect((await run('prov', 'kr-001', 'peaks')).stdout.split('\n')).toEqual([
      'product:kr-001/peaks/bbbb  ← peaks 0.1.0 alice@daq 2026-03-01T00:00:00Z',
      '├── condition:gain@1',
      '└── product:kr-001/raw_records/aaaa  ← dance sim 0.1.0 alice@daq 2026-03-01T00:00:00Z',
      '',
    ]);
    const doc = JSON.parse((await run('prov', 'kr-001', 'peaks', '--format', 'prov-json')).stdout);
    expect(Object.keys(doc.entity)).toContain('dance:condition/gain@1');
    expect((await run('prov', '--uses', 'condition:gain@1')).stdout).toBe('product:kr-001/peaks/bbbb  ← peaks 0.1.0\n');
    expect((await run('prov', 'kr-001', 'events')).stderr).toBe('dance: run kr-001 has no events product\n');
  });
});

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL for catalog tests, from packages/catalog/test/pg-setup.ts ('' when there is none) */
    danceTestPgUrl: string;
  }
}

/** The same commands against a PostgreSQL catalog named in dance.yaml (when the test run has one). */
const pgUrl = inject('danceTestPgUrl');
describe.skipIf(!pgUrl)('catalog commands on a PostgreSQL catalog', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('registers through the library and lists and shows through the CLI', async () => {
    const url = await freshPgSchema(pgUrl);
    writeFileSync(join(tmp.dir, 'dance.yaml'), `version: 1\nname: collab\ncatalog: '${url}'\n`);
    const c = await openCatalog(url);
    await c.registerRun({ id: 'ar-001', number: 1, start: T0, source: 'ar37', metadata: { drift_field: 80 } });
    await c.close();
    const r = await dance(['--json', 'runs', '--where', "source = 'ar37' and drift_field < 100"], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).map((x: { id: string }) => x.id)).toEqual(['ar-001']);
    const unknown = await dance(['show', 'ar-01'], { cwd: tmp.dir });
    expect(unknown).toMatchObject({ code: 1, stderr: "dance: unknown run 'ar-01'; did you mean ar-001?\n" });
  });
});
