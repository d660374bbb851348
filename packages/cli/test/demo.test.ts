import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, MAIN, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.remove());

describe('dance demo', () => {
  it('runs end to end and can be run again over its own directory', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await dance(['--json', 'demo', '--no-serve'], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      const dir = join(tmp.dir, '.dance-demo');
      expect(out.dir).toBe(dir);
      expect(out.steps.map((s: { step: string }) => s.step)).toEqual([
        'workspace',
        'simulate',
        'process',
        'validate',
        'strax interop',
        'catalog',
        'list',
      ]);
      expect(out.steps[2].summary).toMatch(
        /^kr-001 processed to event_info \(peaklets, peaklet_classification, peaks, peak_basics, peak_positions, events, event_basics, corrected_areas, event_info\) with the sim-truth conditions: \d+ events, median e_ces \d+\.\d keV for those with one S1$/,
      );
      expect(out.steps[3].summary).toMatch(
        /^kr-001 against its truth \(dance validate kr-001\): (\d+) of \1 checks passed/,
      );
      expect(existsSync(join(dir, 'reports', 'validate-kr-001', 'report.html'))).toBe(true);
      expect(out.steps[4].summary).toContain('byte-identical');
      expect(
        readFileSync(join(dir, 'strax-001-raw_records.npy')).equals(readFileSync(join(dir, 'kr-001-raw_records.npy'))),
      ).toBe(true);
      expect(out.steps[5].summary).toContain('"source = \'kr83m\' and drift_field > 10" finds kr-001;');
      expect(out.steps[5].summary).toContain('product:kr-001/raw_records/');
    }
    // the demo workspace is a normal workspace: its products are stored and catalogued
    const ws = join(tmp.dir, '.dance-demo');
    const ls = JSON.parse((await dance(['--json', 'ls'], { cwd: ws })).stdout);
    expect(ls.map((p: { run: string; type: string }) => `${p.run}/${p.type}`)).toEqual([
      'kr-001/corrected_areas',
      'kr-001/event_basics',
      'kr-001/event_info',
      'kr-001/events',
      'kr-001/peak_basics',
      'kr-001/peak_positions',
      'kr-001/peaklet_classification',
      'kr-001/peaklets',
      'kr-001/peaks',
      'kr-001/raw_records',
      'kr-001/truth_interactions',
      'kr-001/truth_peaks',
      'strax-001/raw_records',
    ]);
    const runs = JSON.parse((await dance(['--json', 'runs'], { cwd: ws })).stdout);
    expect(runs.map((r: { id: string; mode: string }) => [r.id, r.mode])).toEqual([
      ['kr-001', 'simulation'],
      ['strax-001', 'imported'],
    ]);
  });

  it('prints a readable summary', async () => {
    const r = await dance(['demo', '--no-serve', '--dir', 'elsewhere'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`DANCE demo in ${join(tmp.dir, 'elsewhere')}`);
    expect(lines[1]).toMatch(/^1\. workspace +created /);
    expect(lines[2]).toMatch(/^2\. simulate +2 s of Kr-83m at 20 Hz on xenon-demo/);
    expect(lines.at(-1)).toBe(`Look around: dance --workspace ${join(tmp.dir, 'elsewhere')} ls`);
  });

  it('refuses to delete a directory that is not a demo workspace', async () => {
    await dance(['init', 'mine'], { cwd: tmp.dir });
    const r = await dance(['demo', '--no-serve', '--dir', 'mine'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `dance: ${join(tmp.dir, 'mine')} exists and is not a DANCE demo workspace: choose another --dir, or remove it yourself\n`,
    );
    expect(existsSync(join(tmp.dir, 'mine', 'dance.yaml'))).toBe(true);
  });
});

describe('dance demo, as npm start runs it', () => {
  it('ends by serving the demo workspace until interrupted', async () => {
    const child = spawn(process.execPath, [MAIN, 'demo', '--dir', 'served', '--port', '0'], {
      cwd: tmp.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
        const m = /served at (http:\/\/127\.0\.0\.1:\d+\/?)[\s\S]*analysis: +\S+\n/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`demo exited (${code}) before serving: ${stderr}`)));
    });
    // the printed links are the served URL plus the app's route (no doubled slash)
    expect(stderr).toContain(`event display: ${new URL('#/run/kr-001/event/0', url)}\n`);
    expect(stderr).toContain(`analysis:      ${new URL('#/analysis', url)}\n`);
    expect(stderr).not.toMatch(/\d\/\/#/);
    const runs = (await (await fetch(new URL('/api/runs', url))).json()) as { runs?: { id: string }[] };
    expect(JSON.stringify(runs)).toContain('kr-001');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
