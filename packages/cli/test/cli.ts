import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: tests run what users run (`npx tsc -b` first). */
export const MAIN = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `dance ...args` in `cwd` with only the given environment on top of PATH and HOME. */
export function dance(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx tsc -b\` before these tests`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      {
        cwd: opts.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
        maxBuffer: 64 << 20,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A fresh temporary directory (symlinks resolved, so paths compare equal) and its cleanup. */
export function tempDir(prefix = 'dance-cli-'): { dir: string; remove: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
