import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../src/index.js';
import { backends } from './backends.js';

const writer = fileURLToPath(new URL('./concurrent-writer.ts', import.meta.url));
const BATCHES = 40;

function runWriter(url: string, who: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(writer, [url, who, String(BATCHES)], { execArgv: ['--import', 'tsx'], stdio: 'pipe' });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${who} exited ${code}: ${stderr}`))));
  });
}

describe.each(backends)('two processes writing at once on $name', (backend) => {
  it('loses nothing, from creating the catalog on', async () => {
    const url =
      backend.name === 'sqlite'
        ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'dance-cat-')), 'catalog.sqlite')}`
        : await backend.freshUrl();
    let catalog: Catalog | undefined;
    try {
      await Promise.all([runWriter(url, 'a'), runWriter(url, 'b')]);
      catalog = await openCatalog(url);
      expect((await catalog.runs()).map((r) => r.id)).toEqual(['kr-001', 'kr-002']);
      const count = await catalog.connection.db
        .selectFrom('dids')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2 * BATCHES * 50);
      expect((await catalog.file('scope-b:39/49')).size).toBe(1000);
    } finally {
      await catalog?.close();
    }
  });
});
