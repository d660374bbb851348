import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatch, rawRecords, toStructBytes } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { descrRepr, formatNpyHeader, openNpy, readNpyRecords, STRAX_TITLES, writeNpy } from '../src/index.js';
import { collect, fixture, tempDir } from './helpers.js';

const RAW = fixture('raw_records.npy');

describe('reading .npy', () => {
  it('parses the header numpy wrote for a strax raw_records array, titles included', () => {
    const npy = openNpy(RAW);
    expect(npy.version).toEqual([1, 0]);
    expect(npy.rows).toBe(270);
    expect(npy.dataOffset % 64).toBe(0);
    expect(npy.header.fortranOrder).toBe(false);
    const descr = npy.header.descr as { name: string; title?: string; type: string; shape?: number[] }[];
    expect(descr.map((f) => f.name)).toEqual(rawRecords.fields.map((f) => f.name));
    expect(descr[0]).toEqual({ name: 'time', title: 'Start time since unix epoch [ns]', type: '<i8' });
    expect(descr[7]).toEqual({ name: 'data', title: STRAX_TITLES.raw_records.data, type: '<i2', shape: [110] });
    expect(() => npy.check(rawRecords)).not.toThrow();
  });

  it('streams records in bounded batches with exact int64 times', async () => {
    const sizes: number[] = [];
    const batches: RecordBatch[] = [];
    for await (const b of readNpyRecords(RAW, rawRecords, { batchRows: 100 })) {
      sizes.push(b.length);
      batches.push(b);
    }
    expect(sizes).toEqual([100, 100, 70]);
    const first = batches[0];
    // Values from the strax metadata of the same records (first_time, first_endtime).
    expect(first.time[0]).toBe(1700000000000015670n);
    expect(first.time[0] + BigInt(Number(first.column('length')[0]) * Number(first.column('dt')[0]))).toBe(
      1700000000000016770n,
    );
    expect(first.column('dt')[0]).toBe(10);
    expect(first.column('baseline')[0]).toBe(16000);
    const all = await collect(rawRecords, readNpyRecords(RAW, rawRecords, { batchRows: 100 }));
    expect(all.isTimeSorted()).toBe(true);
    // Samples past `length` are zero padding.
    const i = Array.from(all.columns.length).findIndex((n) => n < 110);
    expect(
      Array.from(all.columns.data.subarray(i * 110 + all.columns.length[i], (i + 1) * 110)).every((x) => x === 0),
    ).toBe(true);
  });

  it('reads format versions 2.0 and 3.0 and empty arrays', async () => {
    const head = await collect(rawRecords, readNpyRecords(RAW, rawRecords, { batchRows: 5 }));
    for (const v of [2, 3]) {
      const path = fixture(`raw_records_v${v}.npy`);
      expect(openNpy(path).version).toEqual([v, 0]);
      const got = await collect(rawRecords, readNpyRecords(path, rawRecords));
      expect(toStructBytes(got)).toEqual(toStructBytes(head.slice(0, 5)));
    }
    const empty = await collect(rawRecords, readNpyRecords(fixture('raw_records_empty.npy'), rawRecords));
    expect(empty.length).toBe(0);
  });
});

describe('writing .npy', () => {
  it('reproduces numpy.save byte for byte: strax titles, plain names, empty arrays', async () => {
    const dir = tempDir();
    const cases = [
      { src: 'raw_records.npy', titles: 'strax' as const, batchRows: 64 },
      { src: 'raw_records_plain.npy', titles: 'none' as const, batchRows: 3 },
      { src: 'raw_records_empty.npy', titles: 'strax' as const, batchRows: 10 },
    ];
    for (const { src, titles, batchRows } of cases) {
      const out = join(dir, src);
      await writeNpy(out, rawRecords, readNpyRecords(fixture(src), rawRecords, { batchRows }), { titles });
      expect(readFileSync(out).equals(readFileSync(fixture(src))), src).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual(cases.map((c) => c.src).sort());
  });

  it('keeps the header length independent of the row count, as numpy does', () => {
    const d = descrRepr(rawRecords, STRAX_TITLES.raw_records);
    const lengths = [0, 9, 10, 123456789, 1e15].map((n) => formatNpyHeader(d, n).length);
    expect(new Set(lengths).size).toBe(1);
    expect(lengths[0] % 64).toBe(0);
  });

  it('checks the promised row count and leaves no file when the batches fail', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.npy');
    writeFileSync(out, 'previous export');
    const batch = RecordBatch.allocate(rawRecords, 3);
    await expect(writeNpy(out, rawRecords, [batch], 4)).rejects.toThrow('expected 4 rows');
    async function* failing() {
      yield batch;
      throw new Error('store read failed');
    }
    await expect(writeNpy(out, rawRecords, failing())).rejects.toThrow('store read failed');
    expect(readFileSync(out, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['out.npy']);
  });
});

describe('bad .npy input', () => {
  const read = (path: string) => collect(rawRecords, readNpyRecords(path, rawRecords));

  it('names the file and the first wrong field', async () => {
    const path = fixture('wrong_dtype.npy');
    await expect(read(path)).rejects.toThrow(
      `${path}: field 'channel' is '<i4', expected '<i2' (strax raw_records dtype)`,
    );
    await expect(read(path)).rejects.toHaveProperty('name', 'UserError');
  });

  it('rejects big-endian, Fortran-ordered and plain arrays', async () => {
    await expect(read(fixture('big_endian.npy'))).rejects.toThrow("field 'time' is big-endian ('>i8')");
    await expect(read(fixture('fortran.npy'))).rejects.toThrow('Fortran order');
    await expect(read(fixture('not_structured.npy'))).rejects.toThrow(
      "dtype is '<i8', expected a structured array (strax raw_records dtype)",
    );
  });

  it('says how much of a truncated body is missing, before yielding anything', async () => {
    const path = join(tempDir(), 'raw.npy');
    copyFileSync(RAW, path);
    const size = readFileSync(path).length;
    truncateSync(path, size - 100);
    const yielded: number[] = [];
    const run = async () => {
      for await (const b of readNpyRecords(path, rawRecords, { batchRows: 10 })) yielded.push(b.length);
    };
    await expect(run()).rejects.toThrow(
      `${path} is truncated: header promises 270 rows (65880 bytes) but only 65780 bytes follow (offset 640)`,
    );
    expect(yielded).toEqual([]);
  });

  it('rejects trailing bytes, a missing file, a non-npy file and a hostile header', async () => {
    const dir = tempDir();
    const long = join(dir, 'long.npy');
    writeFileSync(long, Buffer.concat([readFileSync(RAW), Buffer.alloc(7)]));
    await expect(read(long)).rejects.toThrow('7 unexpected bytes after the 270 rows');
    await expect(read(join(dir, 'absent.npy'))).rejects.toThrow('absent.npy: cannot open (ENOENT)');
    const text = join(dir, 'text.npy');
    writeFileSync(text, 'time,channel\n1,2\n');
    await expect(read(text)).rejects.toThrow('not a .npy file');
    const evil = join(dir, 'evil.npy');
    const header = "{'descr': __import__('os').system('touch pwned'), 'fortran_order': False, 'shape': (1,), }";
    const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length + 1, 0]);
    writeFileSync(evil, Buffer.concat([pre, Buffer.from(`${header}\n`)]));
    await expect(read(evil)).rejects.toThrow('malformed .npy header');
    expect(existsSync('pwned')).toBe(false);
  });
});
