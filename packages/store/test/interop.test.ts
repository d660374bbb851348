import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawRecords } from '@dance/schema';
import { CompressionType, setCompressionCodec, tableFromIPC } from '@uwdata/flechette';
import { describe, expect, it } from 'vitest';
import { decompress } from 'zstd-napi';
import { Store } from '../src/index.js';
import { makeRecords, tempStoreDir } from './helpers.js';

const pythonDir = fileURLToPath(new URL('../python/', import.meta.url));
const key = { run: 'run1', type: 'raw_records', lineage: 'l1' };

/** flechette (not apache-arrow, the writer) reads our Arrow chunks; it only needs a zstd decoder. */
setCompressionCodec(CompressionType.ZSTD, {
  encode: () => {
    throw new Error('not used');
  },
  decode: (bytes: Uint8Array) => decompress(bytes),
});

describe('Arrow chunks open without DANCE', () => {
  it('flechette reads every column; Python + numpy rebuilds the split-bytes waveform', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const batch = makeRecords(50);
    const w = store.writer(key, rawRecords);
    await w.write(batch);
    const { chunks } = await w.commit();
    const file = join(dir, 'run1', 'raw_records-l1', chunks[0].file);
    const table = tableFromIPC(readFileSync(file), { useBigInt: true });
    expect(table.numRows).toBe(50);
    for (const f of rawRecords.fields.filter((f) => f.name !== 'data')) {
      expect(Array.from(table.getChild(f.name).toArray() as ArrayLike<unknown>), f.name).toEqual(
        Array.from(batch.column(f.name) as ArrayLike<unknown>),
      );
    }
    const lo = table.getChild('data_lo').data[0].children[0].values as Uint8Array;
    const hi = table.getChild('data_hi').data[0].children[0].values as Uint8Array;
    const meta = table.schema.fields.find((f) => f.name === 'data_lo')?.metadata;
    expect(meta?.get('dance.codec')).toBe('split-bytes:lo');
    expect(meta?.get('dance.dtype')).toBe('i16');
    writeFileSync(join(dir, 'lo.bin'), lo);
    writeFileSync(join(dir, 'hi.bin'), hi);
    const script = [
      'import sys, numpy as np, dance_store as d',
      `lo = np.fromfile(sys.argv[1], np.uint8).reshape(-1, 110)`,
      `hi = np.fromfile(sys.argv[2], np.uint8).reshape(-1, 110)`,
      'x = d.join_bytes(lo, hi)',
      'assert x.dtype == np.int16 and x.shape == (50, 110), (x.dtype, x.shape)',
      'x.tofile(sys.argv[3])',
    ].join('\n');
    execFileSync('/usr/bin/python3', ['-c', script, join(dir, 'lo.bin'), join(dir, 'hi.bin'), join(dir, 'data.bin')], {
      env: { ...process.env, PYTHONPATH: pythonDir },
    });
    const data = new Int16Array(new Uint8Array(readFileSync(join(dir, 'data.bin'))).buffer);
    expect(Array.from(data)).toEqual(Array.from(batch.column('data') as Int16Array));
  });

  it('keeps waveforms plain int16 where splitting the bytes does not pay (zero-suppressed data)', async () => {
    const dir = tempStoreDir();
    const store = new Store(dir);
    const batch = makeRecords(50);
    const data = batch.column('data') as Int16Array;
    for (let i = 0; i < data.length; i++) data[i] = i % 110 === 55 ? 200 : 0;
    const w = store.writer(key, rawRecords);
    await w.write(batch);
    const { chunks } = await w.commit();
    const table = tableFromIPC(readFileSync(join(dir, 'run1', 'raw_records-l1', chunks[0].file)));
    expect(table.getChild('data_lo')).toBeUndefined();
    expect(Array.from(table.getChild('data').data[0].children[0].values as Int16Array)).toEqual(Array.from(data));
    expect(Array.from((await store.readAll(key)).column('data') as Int16Array)).toEqual(Array.from(data));
  });
});
