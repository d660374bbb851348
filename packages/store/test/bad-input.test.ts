import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawRecords } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { LocalSite, Store } from '../src/index.js';
import { makeRecords, plain, T0, tempStoreDir } from './helpers.js';

const key = { run: '000007', type: 'raw_records', lineage: 'feedbeef' };
const other = { ...key, lineage: 'cafe0001' };

/** A store with two committed products; returns their contents. */
async function twoProducts(dir: string) {
  const store = new Store(dir);
  const a = makeRecords(40);
  const b = makeRecords(30, T0 + 10_000_000n);
  for (const [k, batch] of [
    [key, a],
    [other, b],
  ] as const) {
    const w = store.writer(k, rawRecords);
    await w.write(batch.slice(0, 20));
    await w.write(batch.slice(20));
    await w.commit();
  }
  return { store, a, b };
}

const chunkPath = (dir: string, index: number) =>
  join(dir, key.run, `${key.type}-${key.lineage}`, `${key.type}-${key.lineage}-00000${index}.arrow`);
const manifestPath = (dir: string) => join(dir, key.run, `${key.type}-${key.lineage}`, 'manifest.json');

describe('bad input: damaged files give a UserError naming the file and harm nothing else', () => {
  it('truncated chunk', async () => {
    const dir = tempStoreDir();
    const { store, b } = await twoProducts(dir);
    truncateSync(chunkPath(dir, 1), 100);
    await expect(store.readAll(key)).rejects.toThrow(`${chunkPath(dir, 1)}: chunk is 100 bytes, the manifest says`);
    // the first chunk still reads, and so does the other product
    const first = store.read(key);
    expect((await first.next()).value?.length).toBe(20);
    expect(plain(await store.readAll(other))).toEqual(plain(b));
  });

  it('corrupt chunk: adler32 by default, sha256 on request, and the decoder when unchecked', async () => {
    const dir = tempStoreDir();
    const { store, b } = await twoProducts(dir);
    const bytes = readFileSync(chunkPath(dir, 0));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(chunkPath(dir, 0), bytes);
    await expect(store.readAll(key)).rejects.toThrow(`${chunkPath(dir, 0)}: adler32 checksum mismatch`);
    await expect(store.readAll(key, { verify: 'sha256' })).rejects.toThrow(
      `${chunkPath(dir, 0)}: sha256 checksum mismatch`,
    );
    writeFileSync(chunkPath(dir, 0), new Uint8Array(bytes.length)); // zeros: not an Arrow file at all
    await expect(store.readAll(key, { verify: 'none' })).rejects.toThrow(
      `${chunkPath(dir, 0)}: not a readable Arrow IPC file`,
    );
    expect(plain(await store.readAll(other))).toEqual(plain(b));
  });

  it('missing chunk', async () => {
    const dir = tempStoreDir();
    const { store } = await twoProducts(dir);
    writeFileSync(chunkPath(dir, 1), ''); // emptied, then removed
    new LocalSite(dir).remove(`${key.run}/${key.type}-${key.lineage}/${key.type}-${key.lineage}-000001.arrow`);
    await expect(store.readAll(key)).rejects.toThrow(`${chunkPath(dir, 1)}: chunk 1 is missing`);
  });

  it('tampered, unparsable and missing manifests', async () => {
    const dir = tempStoreDir();
    const { store, b } = await twoProducts(dir);
    const text = readFileSync(manifestPath(dir), 'utf8');
    writeFileSync(manifestPath(dir), text.replace('"rows": 40', '"rows": 41'));
    expect(() => store.manifest(key)).toThrow(`${manifestPath(dir)}: manifest checksum mismatch`);
    await expect(store.readAll(key)).rejects.toThrow('manifest checksum mismatch');
    writeFileSync(manifestPath(dir), text.slice(0, 200));
    expect(() => store.manifest(key)).toThrow(`${manifestPath(dir)}: manifest is not valid JSON`);
    new LocalSite(dir).remove(`${key.run}/${key.type}-${key.lineage}/manifest.json`);
    expect(() => store.manifest(key)).toThrow(`${manifestPath(dir)}: manifest is missing`);
    expect(store.has(key)).toBe(false);
    expect(() => store.manifest({ ...key, lineage: 'nothere' })).toThrow('no product 000007/raw_records-nothere in');
    expect(plain(await store.readAll(other))).toEqual(plain(b));
  });
});

describe('atomic writes', () => {
  it('a crash between chunks leaves nothing visible; resume continues after the journaled chunks', async () => {
    const dir = tempStoreDir();
    const all = makeRecords(60);
    const w = new Store(dir).writer(key, rawRecords);
    await w.write(all.slice(0, 20));
    await w.write(all.slice(20, 40));
    // the process dies here: no commit. A partial third chunk file is on disk, not journaled.
    const tmp = join(dir, key.run, `.tmp-${key.type}-${key.lineage}`);
    writeFileSync(join(tmp, `${key.type}-${key.lineage}-000002.arrow`), 'half a chunk');

    const store = new Store(dir);
    expect(store.has(key)).toBe(false);
    expect(store.list()).toEqual([]);
    const resumed = store.writer(key, rawRecords, { resume: true });
    expect(resumed.resumedChunks.map((c) => c.rows)).toEqual([20, 20]);
    expect(resumed.nextStart).toBe(resumed.resumedChunks[1].end);
    expect(readdirSync(tmp).sort()).toEqual([
      'journal.jsonl',
      `${key.type}-${key.lineage}-000000.arrow`,
      `${key.type}-${key.lineage}-000001.arrow`,
    ]);
    await resumed.write(all.slice(40));
    const m = await resumed.commit();
    expect(m.chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(plain(await store.readAll(key))).toEqual(plain(all));
    expect(existsSync(tmp)).toBe(false);
    expect(readdirSync(join(dir, key.run, `${key.type}-${key.lineage}`)).sort()).toEqual([
      'manifest.json',
      `${key.type}-${key.lineage}-000000.arrow`,
      `${key.type}-${key.lineage}-000001.arrow`,
      `${key.type}-${key.lineage}-000002.arrow`,
    ]);
  });

  it('resume drops a journaled chunk whose file was damaged, and everything after it', async () => {
    const dir = tempStoreDir();
    const all = makeRecords(60);
    const w = new Store(dir).writer(key, rawRecords);
    for (const [a, z] of [
      [0, 20],
      [20, 40],
      [40, 60],
    ])
      await w.write(all.slice(a, z));
    const tmp = join(dir, key.run, `.tmp-${key.type}-${key.lineage}`);
    truncateSync(join(tmp, `${key.type}-${key.lineage}-000001.arrow`), 10);
    const resumed = new Store(dir).writer(key, rawRecords, { resume: true });
    expect(resumed.resumedChunks.length).toBe(1);
    await resumed.write(all.slice(20));
    await resumed.commit();
    expect(plain(await new Store(dir).readAll(key))).toEqual(plain(all));
  });

  it('without resume, a stale temporary directory is cleanly restarted', async () => {
    const dir = tempStoreDir();
    const w = new Store(dir).writer(key, rawRecords);
    await w.write(makeRecords(10));
    const fresh = new Store(dir).writer(key, rawRecords);
    expect(fresh.resumedChunks).toEqual([]);
    await fresh.write(makeRecords(5));
    expect((await fresh.commit()).rows).toBe(5);
  });

  it('a full disk mid-chunk: UserError naming the file, no visible product, earlier product intact, resumable', async () => {
    const dir = tempStoreDir();
    const { b } = await twoProducts(dir);
    let writes = 0;
    let failAt = Number.POSITIVE_INFINITY;
    const site = new LocalSite(dir, {
      faults: {
        beforeWrite() {
          if (++writes >= failAt)
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      },
    });
    const store = new Store(site);
    const k = { ...key, lineage: 'full0disk' };
    const big = makeRecords(30_000);
    const w = store.writer(k, rawRecords);
    await w.write(big.slice(0, 100));
    failAt = writes + 1; // the next chunk file's first block fails
    const tmp = join(dir, k.run, `.tmp-${k.type}-${k.lineage}`);
    const file = join(tmp, `${k.type}-${k.lineage}-000001.arrow`);
    await expect(w.write(big.slice(100))).rejects.toThrow(`cannot write ${file}: ENOSPC: no space left on device`);
    expect(existsSync(file)).toBe(true); // the failed chunk is only in the temporary directory
    expect(store.has(k)).toBe(false);
    expect(store.list().map((p) => p.lineage)).toEqual(['cafe0001', 'feedbeef']);
    expect(plain(await store.readAll(other))).toEqual(plain(b));
    // space is back: resume keeps the first chunk, drops the half one, finishes
    failAt = Number.POSITIVE_INFINITY;
    const resumed = store.writer(k, rawRecords, { resume: true });
    expect(resumed.resumedChunks.length).toBe(1);
    await resumed.write(big.slice(100));
    await resumed.commit();
    expect((await store.readAll(k)).length).toBe(30_000);
  });

  it('a crash between the two renames of an overwrite: the old product is put back', async () => {
    const dir = tempStoreDir();
    const { a } = await twoProducts(dir);
    const site = new LocalSite(dir);
    site.rename(`${key.run}/${key.type}-${key.lineage}`, `${key.run}/.old-${key.type}-${key.lineage}`);
    const store = new Store(dir);
    expect(store.has(key)).toBe(false);
    expect(() => store.writer(key, rawRecords)).toThrow('already exists'); // recovered first, then refused
    expect(plain(await store.readAll(key))).toEqual(plain(a));
    expect(() => store.list({ run: '../..' })).toThrow('invalid product run "../.."');
  });

  it('a full disk while committing leaves the previous version of the product in place', async () => {
    const dir = tempStoreDir();
    const { a } = await twoProducts(dir);
    let fail = false;
    const store = new Store(
      new LocalSite(dir, {
        faults: {
          beforeWrite(path) {
            if (fail && path.endsWith('manifest.json'))
              throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
        },
      }),
    );
    const w = store.writer(key, rawRecords, { overwrite: true });
    await w.write(makeRecords(5));
    fail = true;
    await expect(w.commit()).rejects.toThrow('manifest.json: ENOSPC');
    expect(plain(await store.readAll(key))).toEqual(plain(a));
  });
});
