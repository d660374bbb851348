import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatBatches, type RecordSchema, rawRecords } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { adler32 } from '../src/checksum/adler32.js';
import { chunkSizes, Store } from '../src/index.js';
import { makeRecords, plain, T0, tempStoreDir } from './helpers.js';

const key = { run: '000123', type: 'raw_records', lineage: 'abc123def' };

async function writeThreeChunks(store: Store) {
  const all = makeRecords(300);
  const w = store.writer(key, rawRecords, { provenance: { by: 'test' } });
  await w.write(all.slice(0, 100));
  await w.write(all.slice(100, 250), { end: T0 + 499_500n });
  await w.write(all.slice(250), { start: T0 + 499_500n });
  return { all, manifest: await w.commit() };
}

describe('store round trip (raw_records, Arrow IPC)', () => {
  it('reads back exactly what was written, chunk by chunk', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const { all } = await writeThreeChunks(store);
    const chunks = [];
    for await (const b of store.read(key)) chunks.push(b);
    expect(chunks.map((b) => b.length)).toEqual([100, 150, 50]);
    expect(plain(concatBatches(rawRecords as RecordSchema, chunks))).toEqual(plain(all));
    expect(chunks[0].schema).toBe(rawRecords);
    expect(store.has(key)).toBe(true);
    expect(store.list()).toEqual([key]);
    expect(store.list({ run: '000123', type: 'peaks' })).toEqual([]);
  });

  it('writes a manifest with per-chunk ranges, rows, bytes and checksums of the files', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const { manifest } = await writeThreeChunks(store);
    expect(manifest).toMatchObject({ ...key, format: 'arrow-ipc-zstd', rows: 300, provenance: { by: 'test' } });
    expect(manifest.schema.fields.map((f) => f.name)).toEqual(rawRecords.fields.map((f) => f.name));
    const [c0, c1, c2] = manifest.chunks;
    expect(c0).toMatchObject({ index: 0, file: 'raw_records-abc123def-000000.arrow', start: T0, rows: 100 });
    // default end: first ns after the last record ends (time + 110 samples × 10 ns)
    expect(c0.end).toBe(T0 + 198_000n + 1100n);
    expect(c1.start).toBe(c0.end);
    expect(c1.end).toBe(T0 + 499_500n);
    expect(c2.start).toBe(T0 + 499_500n);
    for (const c of manifest.chunks) {
      const bytes = readFileSync(join(dir, '000123', 'raw_records-abc123def', c.file));
      expect(bytes.length).toBe(c.bytes);
      expect(c.adler32).toBe(adler32(bytes).toString(16).padStart(8, '0'));
    }
    expect(store.manifest(key)).toEqual(manifest);
  });

  it('reads a time range: skips chunks by the manifest, keeps rows touching [start, end)', async () => {
    const store = new Store(tempStoreDir());
    const { all } = await writeThreeChunks(store);
    // record i spans [T0 + 2000 i, T0 + 2000 i + 1100)
    const start = T0 + 239_050n; // record 119 ends at 239_100 > start: kept
    const end = T0 + 260_000n; // record 130 starts at end: dropped
    const batches = [];
    for await (const b of store.read(key, { start, end })) batches.push(b);
    expect(batches.length).toBe(1); // only the middle chunk overlaps
    expect(Array.from(batches[0].time)).toEqual(Array.from(all.time.subarray(119, 130)));
    // edges: a range ending exactly at the first record's time is empty; one ns later holds it
    expect((await store.readAll(key, { end: T0 })).length).toBe(0);
    expect((await store.readAll(key, { end: T0 + 1n })).length).toBe(1);
    expect((await store.readAll(key, { start: T0 + 598_000n + 1100n })).length).toBe(0);
    expect((await store.readAll(key, { start: T0 + 598_000n + 1099n })).length).toBe(1);
  });

  it('projects columns (time always included)', async () => {
    const store = new Store(tempStoreDir());
    const { all } = await writeThreeChunks(store);
    const b = await store.readAll(key, { columns: ['channel'], start: T0 + 9000n, end: T0 + 16_000n });
    expect(b.schema.fields.map((f) => f.name)).toEqual(['time', 'channel']);
    expect(Array.from(b.columns.channel as Int16Array)).toEqual(
      Array.from((all.column('channel') as Int16Array).subarray(4, 8)),
    );
    const d = await store.readAll(key, { columns: ['data'] });
    expect(Array.from(d.column('data') as Int16Array)).toEqual(Array.from(all.column('data') as Int16Array));
    await expect(store.readAll(key, { columns: ['nope'] })).rejects.toThrow(
      "data type 'raw_records' has no column 'nope'",
    );
  });

  it('checks chunk invariants on write', async () => {
    const store = new Store(tempStoreDir());
    const w = store.writer(key, rawRecords);
    const b = makeRecords(10);
    await expect(w.write(b.take([1, 0, 2]))).rejects.toThrow('chunk 0 is not sorted by time');
    await expect(w.write(b, { start: T0 + 1n })).rejects.toThrow(`row time ${T0} is before the chunk start ${T0 + 1n}`);
    await expect(w.write(b, { end: T0 + 18_000n })).rejects.toThrow('past the chunk end');
    await w.write(b.slice(0, 5));
    await expect(w.write(b.slice(5), { start: T0 })).rejects.toThrow('overlaps the previous chunk');
    // a record crossing the boundary: it starts before the previous chunk's end
    await expect(w.write(makeRecords(3, T0 + 9000n))).rejects.toThrow('is before the chunk start');
    await w.abort();
    expect(store.has(key)).toBe(false);
  });

  it('refuses to replace a product unless asked, and then replaces it whole', async () => {
    const store = new Store(tempStoreDir());
    await writeThreeChunks(store);
    expect(() => store.writer(key, rawRecords)).toThrow('already exists');
    const w = store.writer(key, rawRecords, { overwrite: true });
    await w.write(makeRecords(7));
    await w.commit();
    expect(store.manifest(key).rows).toBe(7);
    expect((await store.readAll(key)).length).toBe(7);
  });

  it('rejects hostile keys with a UserError naming the bad value, touching nothing', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const bad = [
      [{ ...key, run: '../x' }, 'invalid product run "../x"'],
      [{ ...key, lineage: 'a/b' }, 'invalid product lineage "a/b"'],
      [{ ...key, run: 'a\u0000b' }, 'invalid product run "a\\u0000b"'],
      [{ ...key, lineage: 'x'.repeat(500) }, '(500 characters)'],
      [{ ...key, type: 'raw-records' }, 'invalid product type "raw-records"'],
      [{ ...key, run: '' }, 'invalid product run ""'],
    ] as const;
    for (const [k, msg] of bad) {
      expect(() => store.writer(k, rawRecords)).toThrow(msg);
      expect(() => store.has(k)).toThrow(msg);
      expect(() => store.manifest(k)).toThrow(expect.objectContaining({ name: 'UserError' }));
    }
    expect(store.list()).toEqual([]);
  });

  it('chunkSizes cuts only where no record crosses, so every cut is a valid chunk boundary', async () => {
    const overlapping = makeRecords(100, T0, 1000); // each record (1100 ns) overlaps the next
    expect(chunkSizes(overlapping, 10 * 244)).toEqual([100]);
    const spaced = makeRecords(100); // 2000 ns apart: any cut is fine
    const sizes = chunkSizes(spaced, 30 * 244);
    expect(sizes).toEqual([30, 30, 30, 10]);
    const store = new Store(tempStoreDir());
    const w = store.writer(key, rawRecords);
    let at = 0;
    for (const n of sizes) await w.write(spaced.slice(at, (at += n)));
    expect((await w.commit()).chunks.map((c) => c.rows)).toEqual(sizes);
  });
});
