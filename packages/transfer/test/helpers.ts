import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Adler32 } from '@dance/store';
import type { Sums } from '../src/checksums.js';

/** A fresh temporary folder and its file:// URL (with a trailing slash). */
export function tempSite(label: string): { dir: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), `dance-${label}-`));
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
