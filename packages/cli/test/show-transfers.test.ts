import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.remove());

describe('products the CLI makes are replicas a rule can copy from', () => {
  it('sim registers a local replica; a rule copies it; dance show lists replicas, transfers and rules', async () => {
    const ws = join(tmp.dir, 'ws');
    const far = join(tmp.dir, 'far');
    mkdirSync(far);
    const run = async (args: string[]) => {
      const r = await dance(args, { cwd: ws });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    expect((await dance(['init', ws], { cwd: tmp.dir })).code).toBe(0);
    await run(['sim', '--duration', '0.5', '--rate', '10', '--run', 'kr-001', '--detector', 'xenon-lab']);
    await run(['site', 'add', 'far', '--kind', 'posix', '--url', `file://${far}`]);
    const before = JSON.parse(await run(['--json', 'show', 'kr-001']));
    expect(before.transfers.replicas).toEqual([{ site: 'local', state: 'available', files: 3 }]);
    expect(before.transfers.rules).toEqual([]);
    await run(['rule', 'add', 'kr-001', '--sites', 'far', '--type', 'truth_peaks']);
    await run(['daemon', '--once']);
    const after = JSON.parse(await run(['--json', 'show', 'kr-001']));
    expect(after.transfers.replicas).toEqual([
      { site: 'far', state: 'available', files: 1 },
      { site: 'local', state: 'available', files: 3 },
    ]);
    expect(after.transfers.queued).toEqual([]);
    expect(after.transfers.rules.map((r: { id: number; state: string }) => [r.id, r.state])).toEqual([[1, 'ok']]);
    expect(await run(['show', 'kr-001'])).toContain(
      '    #1 1 copy of {"runs":"id = \'kr-001\'","type":"truth_peaks"} on \'far\': ok',
    );
  });
});
