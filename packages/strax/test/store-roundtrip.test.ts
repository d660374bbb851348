import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordBatch, rawRecords } from '@dance/schema';
import { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { readNpyRecords, readStraxChunkInfo, writeNpy } from '../src/index.js';
import { fixture, tempDir } from './helpers.js';

const RAW = fixture('raw_records.npy');

describe('through the store and back', () => {
  it('npy → store → npy is byte-identical to the strax .npy', async () => {
    const dir = tempDir();
    const store = new Store(join(dir, 'data'));
    const key = { run: '012345', type: 'raw_records', lineage: 'npy-import' };
    const w = store.writer(key, rawRecords);
    for await (const batch of readNpyRecords(RAW, rawRecords, { batchRows: 90 })) await w.write(batch);
    const manifest = await w.commit();
    expect(manifest.chunks.map((c) => c.rows)).toEqual([90, 90, 90]);
    const out = join(dir, 'export.npy');
    await writeNpy(out, rawRecords, store.read(key), 270);
    expect(readFileSync(out).equals(readFileSync(RAW))).toBe(true);
  });

  it('a strax directory imported chunk by chunk exports as the .npy numpy saved from the same records', async () => {
    const dir = tempDir();
    const store = new Store(join(dir, 'data'));
    const key = { run: '012345', type: 'raw_records', lineage: 'strax-qlcwod25sz' };
    const w = store.writer(key, rawRecords);
    const straxDir = join(fixture('strax-real-zstd'), '012345-raw_records-qlcwod25sz');
    for await (const { info, batch } of readStraxChunkInfo(straxDir, rawRecords)) {
      if (batch.length) await w.write(batch as RecordBatch, { start: info.start, end: info.end });
    }
    const manifest = await w.commit();
    expect(manifest.chunks.map((c) => [c.rows, c.start, c.end])).toEqual([
      [136, 1700000000000015670n, 1700000000001549620n],
      [134, 1700000000001578450n, 1700000000003179981n],
    ]);
    const out = join(dir, 'export.npy');
    await writeNpy(out, rawRecords, store.read(key));
    expect(readFileSync(out).equals(readFileSync(RAW))).toBe(true);
  });
});
