import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatBatches, type RecordSchema } from '@dance/schema';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { Store } from '../src/index.js';
import { hitsLike, makeHits, plain, T0, tempStoreDir } from './helpers.js';

const key = { run: 'run9', type: 'test_hits', lineage: 'h1' };

describe('store round trip (a table type, Parquet)', () => {
  it('round-trips chunks, cuts time ranges, projects, and the files open in DuckDB and hyparquet', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const hits = makeHits(500);
    const w = store.writer(key, hitsLike);
    await w.write(hits.slice(0, 300));
    await w.write(hits.slice(300));
    const manifest = await w.commit();
    expect(manifest.format).toBe('parquet-zstd');
    expect(manifest.chunks.map((c) => c.file)).toEqual(['test_hits-h1-000000.parquet', 'test_hits-h1-000001.parquet']);
    // hit i spans [T0 + 1000 i, + (5 + i % 7) × 10 ns)
    expect(manifest.chunks[0].end).toBe(T0 + 299_000n + BigInt((5 + (299 % 7)) * 10));

    const parts = [];
    for await (const b of store.read(key)) parts.push(b);
    expect(plain(concatBatches(hitsLike as RecordSchema, parts))).toEqual(plain(hits));

    const cut = await store.readAll(key, { start: T0 + 299_050n, end: T0 + 302_000n, columns: ['area'] });
    expect(cut.schema.fields.map((f) => f.name)).toEqual(['time', 'area']);
    expect(Array.from(cut.column('area') as Float32Array)).toEqual([149.5, 150, 150.5]); // hits 299 (ends 299_110), 300, 301

    const paths = manifest.chunks.map((c) => join(dir, 'run9', 'test_hits-h1', c.file));
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const rows = (
        await db.runAndReadAll(
          `select count(*)::int as n, sum(area)::double as area, min(time) as t0 from read_parquet(['${paths.join("','")}'])`,
        )
      ).getRowObjectsJS();
      expect(rows).toEqual([{ n: 500, area: (0.5 * 499 * 500) / 2, t0: T0 }]);
    } finally {
      db.closeSync();
    }
    const bytes = readFileSync(paths[1]);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const objects = await parquetReadObjects({ file: ab, compressors });
    expect(objects.length).toBe(200);
    expect(objects[0]).toMatchObject({ time: T0 + 300_000n, channel: 300, area: 150, length: 5 + (300 % 7) });
  });

  it('a corrupt Parquet chunk is a UserError naming the file; the other chunk still reads', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const w = store.writer(key, hitsLike);
    await w.write(makeHits(50));
    await w.write(makeHits(50, T0 + 1_000_000n));
    const { chunks } = await w.commit();
    const path = join(dir, 'run9', 'test_hits-h1', chunks[0].file);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 9)); // truncated
    await expect(store.readAll(key)).rejects.toThrow(`${path}: chunk is ${bytes.length - 9} bytes`);
    writeFileSync(path, new Uint8Array(bytes.length)); // same size, garbage
    await expect(store.readAll(key, { verify: 'none' })).rejects.toThrow(path);
    expect((await store.readAll(key, { start: T0 + 1_000_000n })).length).toBe(50);
  });
});
