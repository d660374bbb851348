import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatBatches, type RecordBatch, type RecordSchema } from '@dance/schema';
import { afterEach } from 'vitest';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dance-strax-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

export async function collect<S extends RecordSchema>(
  schema: S,
  batches: AsyncIterable<RecordBatch<S['fields']>>,
): Promise<RecordBatch<S['fields']>> {
  const all: RecordBatch<S['fields']>[] = [];
  for await (const b of batches) all.push(b);
  return concatBatches(schema, all);
}

/** Whether a command runs here (Debian tools are optional on developer machines, present in CI). */
export function has(cmd: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
