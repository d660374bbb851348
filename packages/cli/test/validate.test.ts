import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../signal/test/npy.js';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
const run = (...args: string[]) => dance(['--workspace', join(tmp.dir, 'ws'), ...args], { cwd: tmp.dir });

beforeAll(async () => {
  tmp = tempDir();
  expect((await dance(['init', join(tmp.dir, 'ws')], { cwd: tmp.dir })).code).toBe(0);
});
afterAll(() => tmp.remove());

describe('dance validate on bad input', () => {
  it('refuses a run with nothing stored, an imported run (no truth) and a malformed --input', async () => {
    const none = await run('validate', 'nothing');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("run 'nothing': nothing is stored (dance ls lists runs)");
    writeFileSync(join(tmp.dir, 'raw.npy'), gunzipSync(readFileSync(fixture('raw_records'))));
    expect((await run('import', join(tmp.dir, 'raw.npy'), '--run', 'imp')).code).toBe(0);
    const imported = await run('validate', 'imp');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      "run 'imp' has no truth_peaks: validation needs a run simulated with `dance sim` (imported data has no truth)",
    );
    const input = await run('validate', 'imp', '--input', 'peak_basics');
    expect(input.code).toBe(1);
    expect(input.stderr).toContain("--input 'peak_basics': expected type=lineage");
    expect(existsSync(join(tmp.dir, 'ws', 'reports'))).toBe(false);
  });

  it('names the dance process to run when a product the chain can make is missing', async () => {
    const sim = await run('sim', '--run', 'kr', '--duration', '0.3', '--workers', '0');
    expect(sim.code, sim.stderr).toBe(0);
    const missing = await run('validate', 'kr');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /run 'kr': no (event_info|peak_positions|peak_basics) stored; make it with `dance process kr --target \1`/,
    );
  });
});
