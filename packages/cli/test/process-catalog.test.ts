import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.remove());

describe('dance process registers what it makes in the catalog', () => {
  it('records each product with its plugin, code hash and stored inputs', async () => {
    const ws = join(tmp.dir, 'ws');
    const run = async (args: string[]) => {
      const r = await dance(args, { cwd: ws });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    expect((await dance(['init', ws], { cwd: tmp.dir })).code).toBe(0);
    const sim = JSON.parse(
      await run(['--json', 'sim', '--duration', '0.5', '--rate', '10', '--run', 'kr-001', '--detector', 'xenon-lab']),
    );
    const processed = JSON.parse(await run(['--json', 'process', 'kr-001', '--target', 'peaklets']));
    const products = JSON.parse(await run(['--json', 'show', 'kr-001'])).products.map(
      (p: { type: string; lineage: string }) => `${p.type}/${p.lineage}`,
    );
    expect(products).toContain(`peaklets/${processed.lineage}`);
    const tree = await run(['prov', 'kr-001', 'peaklets']);
    const lines = tree.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^product:kr-001/peaklets/${processed.lineage} {2}← peaklets 1 \\(code [0-9a-f]{8}\\)`),
    );
    expect(lines[1]).toMatch(new RegExp(`product:kr-001/raw_records/${sim.lineage} {2}← dance sim `));
    const uses = await run(['prov', '--uses', `product:kr-001/raw_records/${sim.lineage}`]);
    expect(uses).toContain(`product:kr-001/peaklets/${processed.lineage}`);
    // processing again makes nothing new and registers nothing twice
    expect(JSON.parse(await run(['--json', 'process', 'kr-001', '--target', 'peaklets'])).computed).toEqual([]);
  });
});
