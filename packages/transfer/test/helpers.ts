import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Adler32 } from '@dance/store';
import { afterAll } from 'vitest';
import type { Sums } from '../src/checksums.js';

/** Folders tempSite made, removed after the test file that made them (thousands piled up in /tmp before). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder and its file:// URL (with a trailing slash). */
export function tempSite(label: string): { dir: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), `dance-${label}-`));
  made.push(dir);
  return { dir, url: `${pathToFileURL(dir).href}/` };
}

/** Random bytes written to `dir/path`, with their checksums. */
export function randomFile(dir: string, path: string, size: number): Sums {
  const bytes = randomBytes(size);
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
  return { size, adler32: new Adler32().update(bytes).hex(), sha256: createHash('sha256').update(bytes).digest('hex') };
}
