import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
const ws = () => join(tmp.dir, 'ws');
const run = (...args: string[]) => dance(['--workspace', ws(), ...args], { cwd: tmp.dir });
const ok = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
const store = () => new Store(join(ws(), 'data'));
const product = (type: string) => store().readAll(store().list({ run: 'kr-001', type })[0]);

beforeAll(async () => {
  tmp = tempDir();
  expect((await dance(['init', ws()], { cwd: tmp.dir })).code).toBe(0);
  // 100 Kr-83m decays on the demo detector: enough S2s for a resolution and events for the 41.5 keV line
  await ok('sim', '--detector', 'xenon-demo', '--duration', '5', '--rate', '20', '--run', 'kr-001');
}, 120_000);
afterAll(() => tmp.remove());

describe('positions and corrections from conditions on a simulated Kr-83m run', () => {
  it('registers the true conditions of the simulated detector under sim-truth', async () => {
    const get = async (name: string) =>
      JSON.parse(await ok('--json', 'cond', 'get', name, '--tag', 'sim-truth', '--run', 'kr-001'));
    expect((await get('electron_lifetime')).value).toBe(15e6);
    expect((await get('g1')).value).toBe(0.151);
    expect((await get('s2_xy_map')).value).toBe('light_model');
  });

  it('reconstructs S2 positions far better than the centroid', async () => {
    await ok('process', 'kr-001', '--target', 'peak_positions');
    const [peaks, positions, truth] = await Promise.all(['peaks', 'peak_positions', 'truth_peaks'].map(product));
    const end = peaks.endTime();
    const tc = truth.column('center_time') as BigInt64Array;
    const fit: number[] = [];
    const centroid: number[] = [];
    for (let k = 0; k < peaks.length; k++) {
      if (peaks.column('type')[k] !== 2 || !((peaks.column('area')[k] as number) > 1000)) continue;
      // the true S2 of this peak: the largest one whose centre lies inside it
      let best = -1;
      for (let j = 0; j < truth.length; j++) {
        if (truth.column('type')[j] !== 2 || tc[j] < peaks.time[k] || tc[j] >= end[k]) continue;
        if (best < 0 || truth.column('area')[j] > truth.column('area')[best]) best = j;
      }
      if (best < 0) continue;
      const miss = (x: string, y: string) =>
        Math.hypot(
          (positions.column(x)[k] as number) - (truth.column('x')[best] as number),
          (positions.column(y)[k] as number) - (truth.column('y')[best] as number),
        );
      fit.push(miss('x', 'y'));
      centroid.push(miss('x_centroid', 'y_centroid'));
    }
    const rms = (v: number[]) => Math.sqrt(v.reduce((s, d) => s + d * d, 0) / v.length);
    expect(fit.length).toBeGreaterThan(80);
    // measured: about 0.2 cm for the fit, 4-6 cm for the centroid (see packages/chain/README.md)
    expect(rms(fit)).toBeLessThan(1);
    expect(rms(fit)).toBeLessThan(rms(centroid) / 5);
  });

  it('asks for a global tag, and names condition and tag when one is missing or NaN, storing nothing', async () => {
    const before = store().list({ run: 'kr-001' }).length;
    const none = await run('process', 'kr-001', '--target', 'corrected_areas');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'corrected_areas needs the detector conditions electron_lifetime, g1, g2, lce_depth_slope, lce_radial_slope, s2_xy_map: pass --global-tag <tag>',
    );
    const unknown = await run('process', 'kr-001', '--target', 'event_info', '--global-tag', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      "no version of condition 'electron_lifetime' is valid for run 'kr-001' in global tag 'nope'",
    );
    await ok('cond', 'add', 'g1', 'NaN', '--runs', '0', '--comment', 'a broken calibration');
    await ok('cond', 'tag', 'broken');
    const nan = await run('process', 'kr-001', '--target', 'corrected_areas', '--global-tag', 'broken');
    expect(nan.code).toBe(1);
    expect(nan.stderr).toContain(`condition 'g1'@2 in global tag 'broken' is "NaN", not a finite number`);
    expect(store().list({ run: 'kr-001' }).length).toBe(before);
  });

  it('corrects Kr-83m events with the true conditions: single-S1 events peak at 41.5 keV', async () => {
    // the workspace's default global tag stands in for --global-tag
    appendFileSync(join(ws(), 'dance.yaml'), 'global_tag: sim-truth\n');
    const made = JSON.parse(await ok('--json', 'process', 'kr-001', '--target', 'event_info'));
    expect(made.conditions).toContainEqual({ name: 'g1', version: 1, tag: 'sim-truth' });
    const info = await product('event_info');
    const energies: number[] = [];
    for (let i = 0; i < info.length; i++) {
      // one S1 found: the 32.1 and 9.4 keV scintillation merged into a single S1 peak
      if (info.column('alt_s1_index')[i] !== -1 || !((info.column('s2_area')[i] as number) > 1000)) continue;
      energies.push(info.column('e_ces')[i] as number);
    }
    energies.sort((a, b) => a - b);
    const median = energies[Math.floor(energies.length / 2)];
    expect(energies.length).toBeGreaterThan(30);
    // the median of a line with ~5 % resolution from ≥ 30 events is known to ~1.5 %; allow 4 % for
    // S1 light lost below the hit threshold and on dead PMTs, which the corrections do not restore
    expect(median).toBeGreaterThan(41.5 * 0.96);
    expect(median).toBeLessThan(41.5 * 1.04);
    const prov = await ok('prov', 'kr-001', 'corrected_areas');
    expect(prov).toContain('condition:g1@1');
    expect(prov).toContain('condition:electron_lifetime@1');
  });
});
