import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, readNpyGz } from '../../signal/test/npy.js';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
const run = (...args: string[]) => dance(['--workspace', join(tmp.dir, 'ws'), ...args], { cwd: tmp.dir });
const STRAX = ['--strax-compat', '--set', 'to_pe=0.005', '--set', 'n_top_channels=253'];

/** The npy header's dtype text. */
const descr = (bytes: Buffer) =>
  bytes
    .subarray(10, 10 + bytes.readUInt16LE(8))
    .toString('latin1')
    .split("'shape'")[0];

beforeAll(async () => {
  tmp = tempDir();
  expect((await dance(['init', join(tmp.dir, 'ws')], { cwd: tmp.dir })).code).toBe(0);
  writeFileSync(join(tmp.dir, 'raw.npy'), gunzipSync(readFileSync(fixture('raw_records'))));
  const imported = await run('import', join(tmp.dir, 'raw.npy'), '--run', 'r');
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(() => tmp.remove());

describe('dance process, lineage and export on strax raw_records', () => {
  it('asks for --strax-compat gains on a run without a detector, and rejects unknown options', async () => {
    const plain = await run('process', 'r', '--target', 'peaklets');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      'run r has no detector in its raw_records provenance (imported?): use --strax-compat',
    );
    const unknown = await run('process', 'r', '--target', 'peaklets', ...STRAX, '--set', 'gain=2');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--set: unknown option 'gain'; known: baseline_samples,");
    const target = await run('process', 'r', '--target', 'event_display');
    expect(target.code).toBe(1);
    expect(target.stderr).toContain("--target: no plugin makes 'event_display'; known: records, hits, peaklets");
  });

  it('reproduces strax hits and peaklets in exported .npy files with strax dtypes', async () => {
    for (const target of ['peaklets', 'hits']) {
      const r = await run(
        '--json',
        'process',
        'r',
        '--target',
        target,
        ...STRAX,
        '--workers',
        '2',
        '--chunk-mb',
        '0.05',
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).computed.at(-1).type).toBe(target);
    }
    for (const type of ['hits', 'peaklets']) {
      const out = join(tmp.dir, `${type}.npy`);
      expect((await run('export', 'r', type, '--format', 'npy', '--out', out)).code).toBe(0);
      const ours = readFileSync(out);
      const strax = gunzipSync(readFileSync(fixture(type)));
      expect(descr(ours)).toBe(descr(strax));
      writeFileSync(`${out}.gz`, gzipSync(ours));
      const mine = readNpyGz(`${out}.gz`);
      const theirs = readNpyGz(fixture(type));
      expect(mine.length).toBe(theirs.length);
      // strax's rows in stable time order, −0 as +0 (see @dance/chain); tight_coincidence is straxen's
      const time = theirs.columns.time as BigInt64Array;
      const order = [...time.keys()].sort((a, b) => Number(time[a] - time[b]) || a - b);
      for (const [name, col] of Object.entries(theirs.columns)) {
        if (name === 'tight_coincidence') continue;
        const width = col.length / theirs.length;
        const sorted = order.flatMap((i) =>
          [...col.subarray(i * width, (i + 1) * width)].map((x) => (x === 0 ? 0 : x)),
        );
        expect([...mine.columns[name]], name).toEqual(sorted);
      }
    }
  });

  it('shows the lineage tree of a stored product', async () => {
    const r = await run('--json', 'lineage', 'r', 'peaklets');
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse(r.stdout);
    expect(tree.plugin).toMatchObject({
      name: 'peaklets',
      version: '1',
      options: { to_pe: 0.005, n_top_channels: 253 },
    });
    expect(tree.inputs[0].type).toBe('records');
    expect(tree.inputs[0].inputs[0]).toMatchObject({ type: 'raw_records', stored: true });
    const text = await run('lineage', 'r', 'peaklets');
    expect(text.stdout).toMatch(/^peaklets [0-9a-f]{12} \(plugin peaklets v1, code [0-9a-f]{12}\)/);
    const raw = await run('lineage', 'r', 'raw_records');
    expect(raw.code).toBe(1);
    expect(raw.stderr).toContain('was not made by the pipeline');
  });

  it('processes a simulated run with the gains of its detector', async () => {
    expect((await run('sim', '--run', 's', '--duration', '0.2', '--workers', '0')).code).toBe(0);
    const r = await run('--json', 'process', 's', '--target', 'peaklets');
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse((await run('--json', 'lineage', 's', 'peaklets')).stdout);
    expect(tree.plugin.options.to_pe).toHaveLength(494);
    expect(tree.plugin.options.n_top_channels).toBeGreaterThan(0);
    const again = await run('process', 's', '--target', 'peaklets');
    expect(again.stdout).toContain('is already stored');
  });
});
