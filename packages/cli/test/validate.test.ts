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
  it('refuses a run with nothing stored, an imported run (no truth), a malformed --input and a hostile run name', async () => {
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
    const hostile = await run('validate', '../../x');
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toContain('invalid product run "../../x"');
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

describe('dance validate end to end', () => {
  it('checks a short simulated Kr-83m run processed to event_info against its truth', async () => {
    const sim = await run('sim', '--run', 'kr2', '--duration', '1', '--rate', '60', '--workers', '0', '--seed', '4');
    expect(sim.code, sim.stderr).toBe(0);
    const processed = await run('process', 'kr2', '--target', 'event_info', '--global-tag', 'sim-truth');
    expect(processed.code, processed.stderr).toBe(0);
    const out = join(tmp.dir, 'kr2-report');
    const r = await run('--json', 'validate', 'kr2', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.passed).toBe(true);
    expect(report.provenance.products.map((p: { type: string }) => p.type)).toEqual([
      'truth_peaks',
      'event_info',
      'peak_positions',
      'peak_basics',
    ]);
    expect(report.provenance.software.dance).toMatch(/^\d+\.\d+\.\d+/);
    for (const c of report.checks) expect(c.skipped, c.id).toBeUndefined();
    const kr = report.checks.find((c: { id: string }) => c.id === 'kr_merged_energy');
    expect(Math.abs(kr.measured)).toBeLessThan(0.05);
    expect(readFileSync(join(out, 'report.html'), 'utf8').match(/<svg /g)?.length).toBe(5);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).checks).toEqual(report.checks);
    const human = await run('validate', 'kr2', '--out', out);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Validation of run kr2 against truth: PASSED/);
    expect(human.stdout).toContain('line 41.5 keV (merged S1)');
  });
});
