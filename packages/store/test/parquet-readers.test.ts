import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatch, rawRecords } from '@dance/schema';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeParquet } from '../src/parquet/index.js';
import { everyDtype, sampleBatch, tempDir } from './parquet-sample.js';

// Independent readers must see exactly what DANCE wrote: DuckDB (C++) and hyparquet (pure JS).

const N = 3000;
const batch = sampleBatch(N);
batch.columns.time[0] = -(2n ** 63n);
batch.columns.time[1] = 2n ** 53n + 1n;
batch.columns.time[N - 1] = 2n ** 63n - 1n;
const dir = tempDir();
const file = join(dir, 'every.parquet');
const emptyFile = join(dir, 'empty.parquet');
let db: DuckDBConnection;

beforeAll(async () => {
  // Two row groups, so statistics and multi-group reads are exercised too.
  writeFileSync(file, encodeParquet(batch, { rowGroupRows: 2000, keyValueMetadata: { run: '000042' } }));
  writeFileSync(emptyFile, encodeParquet(RecordBatch.allocate(everyDtype, 0)));
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(() => db?.closeSync());

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
}

describe('DuckDB reads DANCE Parquet', () => {
  it('sees the declared column types', async () => {
    const rows = await query(`describe select * from read_parquet('${file}')`);
    expect(Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]))).toEqual({
      time: 'BIGINT',
      a_i8: 'TINYINT',
      a_u8: 'UTINYINT',
      a_bool: 'BOOLEAN',
      a_i16: 'SMALLINT',
      a_u16: 'USMALLINT',
      a_i32: 'INTEGER',
      a_u32: 'UINTEGER',
      a_u64: 'UBIGINT',
      a_f32: 'FLOAT',
      a_f64: 'DOUBLE',
      wave: 'SMALLINT[]',
      flags: 'BOOLEAN[]',
      pos: 'DOUBLE[]',
    });
  });

  it('reads every value of every row', async () => {
    const rows = await query(`select * from read_parquet('${file}')`);
    expect(rows.length).toBe(N);
    const c = batch.columns;
    for (const i of [0, 1, 2, 1234, 2000, N - 1]) {
      const r = rows[i];
      expect(r.time).toBe(c.time[i]);
      expect([r.a_i8, r.a_u8, r.a_bool, r.a_i16, r.a_u16, r.a_i32, r.a_u32]).toEqual([
        c.a_i8[i],
        c.a_u8[i],
        c.a_bool[i] === 1,
        c.a_i16[i],
        c.a_u16[i],
        c.a_i32[i],
        c.a_u32[i],
      ]);
      expect(r.a_u64).toBe(c.a_u64[i]);
      expect(r.a_f32).toBe(c.a_f32[i]);
      expect(r.a_f64).toEqual(c.a_f64[i]);
      expect(r.wave).toEqual([...c.wave.subarray(i * 5, i * 5 + 5)]);
      expect(r.flags).toEqual([...c.flags.subarray(i * 3, i * 3 + 3)].map((x) => x === 1));
      expect(r.pos).toEqual([...c.pos.subarray(i * 2, i * 2 + 2)]);
    }
  });

  it('agrees on aggregates and list elements', async () => {
    const [r] = await query(
      `select count(*) as n, sum(a_i16) as s16, sum(a_u32) as s32, sum(a_f32) as sf, sum(wave[3]) as w3,
              sum(len(wave)) as wl, min(time) as tmin, max(time) as tmax
       from read_parquet('${file}')`,
    );
    const c = batch.columns;
    const sum = (xs: ArrayLike<number>, pick = (i: number) => i) =>
      Array.from({ length: N }, (_, i) => xs[pick(i)]).reduce((a, b) => a + b, 0);
    expect(r.n).toBe(BigInt(N));
    expect(Number(r.s16)).toBe(sum(c.a_i16));
    expect(Number(r.s32)).toBe(sum(c.a_u32));
    expect(r.sf).toBe(sum(c.a_f32));
    expect(Number(r.w3)).toBe(sum(c.wave, (i) => i * 5 + 2));
    expect(Number(r.wl)).toBe(5 * N);
    expect(r.tmin).toBe(-(2n ** 63n));
    expect(r.tmax).toBe(2n ** 63n - 1n);
  });

  it('finds min/max statistics on time in each row group', async () => {
    const rows = await query(
      `select row_group_id, stats_min_value, stats_max_value from parquet_metadata('${file}')
       where path_in_schema = 'time' order by row_group_id`,
    );
    expect(rows.map((r) => [r.stats_min_value, r.stats_max_value])).toEqual([
      [String(-(2n ** 63n)), String(batch.columns.time[1999])],
      [String(batch.columns.time[2000]), String(2n ** 63n - 1n)],
    ]);
  });

  it('sees the key/value metadata', async () => {
    const rows = await query(`select decode(key) as k, decode(value) as v from parquet_kv_metadata('${file}')`);
    const kv = Object.fromEntries(rows.map((r) => [r.k, r.v]));
    expect(kv.run).toBe('000042');
    expect(JSON.parse(String(kv['dance.schema']))).toEqual(JSON.parse(JSON.stringify(everyDtype)));
  });

  it('reads an empty file as zero rows with the columns', async () => {
    const rows = await query(`select count(*) as n from read_parquet('${emptyFile}')`);
    expect(rows[0].n).toBe(0n);
    expect((await query(`describe select * from read_parquet('${emptyFile}')`)).length).toBe(14);
  });

  it('reads raw_records waveforms as SMALLINT lists across pages and row groups', async () => {
    const n = 5000; // 440 B of INT32 per row: the first row group (3000 rows) spans two 1 MB pages
    const rr = RecordBatch.allocate(rawRecords, n);
    for (let i = 0; i < rr.columns.data.length; i++) rr.columns.data[i] = (i % 65536) - 32768;
    const f = join(dir, 'rr.parquet');
    writeFileSync(f, encodeParquet(rr, { rowGroupRows: 3000 }));
    const [r] = await query(
      `select sum(data[110]) as last, sum(data[1]) as first, min(len(data)) as kmin, max(len(data)) as kmax
       from read_parquet('${f}')`,
    );
    const d = rr.columns.data;
    const sumAt = (s: number) => Array.from({ length: n }, (_, i) => d[i * 110 + s]).reduce((a, b) => a + b);
    expect(Number(r.last)).toBe(sumAt(109));
    expect(Number(r.first)).toBe(sumAt(0));
    expect([Number(r.kmin), Number(r.kmax)]).toEqual([110, 110]);
  });
});

describe('hyparquet reads DANCE Parquet', () => {
  it('reads every value of every row', async () => {
    const bytes = encodeParquet(batch, { rowGroupRows: 2000 });
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = await parquetReadObjects({ file: ab, compressors });
    expect(rows.length).toBe(N);
    const c = batch.columns;
    for (let i = 0; i < N; i++) {
      const r = rows[i];
      if (
        r.time !== c.time[i] ||
        r.a_i16 !== c.a_i16[i] ||
        r.a_u32 !== c.a_u32[i] ||
        r.a_u64 !== c.a_u64[i] ||
        r.a_bool !== (c.a_bool[i] === 1) ||
        !Object.is(r.a_f64, c.a_f64[i]) ||
        r.wave[4] !== c.wave[i * 5 + 4]
      )
        throw new Error(`row ${i} differs: ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`);
    }
    expect([...rows[7].pos]).toEqual([...c.pos.subarray(14, 16)]);
    expect(rows[7].flags).toEqual([true, false, true]); // (i + s) % 2 for i = 7
  });
});
