import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { isoToNs, rawRecords } from '@dance/schema';
import { writeNpy } from '@dance/strax';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, MAIN, tempDir } from './cli.js';
import { demoRawRecords } from './raw-records.js';

let tmp: { dir: string; remove: () => void };
let input: string;

beforeAll(async () => {
  tmp = tempDir();
  await dance(['init', '--name', 'bars'], { cwd: tmp.dir });
  input = join(tmp.dir, 'rr.npy');
  const batch = demoRawRecords({ seed: 5, pulses: 300, start: isoToNs('2026-01-01T00:00:00Z'), durationNs: 1e8 });
  await writeNpy(input, rawRecords, [batch], batch.length);
});
afterAll(() => tmp.remove());

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a user at a terminal would. */
function onTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const command = ['node', MAIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      'script',
      ['-qec', command, '/dev/null'],
      { cwd: tmp.dir, env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

describe('progress bar', () => {
  it('shows a bar with ETA on a terminal, in colour', async () => {
    const out = await onTerminal(['import', input, '--run', 'tty1', '--chunk-rows', '200']);
    expect(out).toMatch(/import tty1\/raw_records .* 100% \| ETA \d+s \| \d+\/\d+ rows/);
    expect(out).toContain('\x1b[36m');
  });

  it('has no colour with NO_COLOR', async () => {
    const out = await onTerminal(['import', input, '--run', 'tty2', '--chunk-rows', '200'], { NO_COLOR: '1' });
    expect(out).toMatch(/import tty2\/raw_records =+ 100% \| ETA/);
    expect(out).not.toContain('\x1b[36m');
  });

  it('stays out of --json output, and away when not on a terminal', async () => {
    const json = await onTerminal(['--json', 'import', input, '--run', 'tty3']);
    expect(json).not.toContain('ETA');
    expect(JSON.parse(json).run).toBe('tty3');
    const piped = await dance(['import', input, '--run', 'pipe'], { cwd: tmp.dir });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
  });

  it('prints one line per step with --verbose when not on a terminal', async () => {
    const r = await dance(['--verbose', 'import', input, '--run', 'verbose'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^import verbose\/raw_records: \d+ rows\nimport verbose\/raw_records: \d+ rows in \d+\.\d s\n$/,
    );
  });
});
