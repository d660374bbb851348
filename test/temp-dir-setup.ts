import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest globalSetup: the test files write their temporary stores, sites and server files below one
 * directory made for this run (TMPDIR, which os.tmpdir() and child processes follow), removed when
 * the run ends. Without it every run left ~70 directories (~100 MB) in /tmp.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'dance-test-'));
  // servers the tests start as their own users (xrootd) must reach their directories below it
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
