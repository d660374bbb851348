import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatch, rawRecords } from '@dance/schema';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readNpyRecords, writeParquetFile } from '../src/index.js';
import { collect, fixture, tempDir } from './helpers.js';

const RAW = fixture('raw_records.npy');

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    db.closeSync();
  }
}

describe('Parquet export', () => {
  it('writes one row group per chunk that DuckDB reads back exactly', async () => {
    const out = join(tempDir(), 'raw_records.parquet');
    const records = await collect(rawRecords, readNpyRecords(RAW, rawRecords));
    await writeParquetFile(out, rawRecords, readNpyRecords(RAW, rawRecords, { batchRows: 100 }), {
      run: '012345',
      lineage: 'abc123',
    });
    const groups = await query(
      `select row_group_id, any_value(row_group_num_rows) as n from parquet_metadata('${out}') group by 1 order by 1`,
    );
    expect(groups.map((g) => Number(g.n))).toEqual([100, 100, 70]);
    const rows = await query(`select * from read_parquet('${out}')`);
    expect(rows.length).toBe(270);
    for (const i of [0, 99, 100, 269]) {
      expect(rows[i].time).toBe(records.time[i]);
      expect(rows[i].channel).toBe(records.columns.channel[i]);
      expect(rows[i].pulse_length).toBe(records.columns.pulse_length[i]);
      expect(rows[i].data).toEqual(Array.from(records.columns.data.subarray(i * 110, (i + 1) * 110)));
    }
    const kv = await query(`select decode(key) as k, decode(value) as v from parquet_kv_metadata('${out}')`);
    const meta = Object.fromEntries(kv.map((r) => [r.k, r.v]));
    expect(meta['dance.run']).toBe('012345');
    expect(meta['dance.lineage']).toBe('abc123');
    expect(JSON.parse(String(meta['dance.schema'])).name).toBe('raw_records');
  });

  it('writes an empty product and leaves an existing file untouched on failure', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.parquet');
    await writeParquetFile(empty, rawRecords, []);
    expect(await query(`select count(*)::INTEGER as n from read_parquet('${empty}')`)).toEqual([{ n: 0 }]);
    const out = join(dir, 'keep.parquet');
    writeFileSync(out, 'previous');
    async function* failing() {
      yield RecordBatch.allocate(rawRecords, 2);
      throw new Error('chunk checksum mismatch');
    }
    await expect(writeParquetFile(out, rawRecords, failing())).rejects.toThrow('chunk checksum mismatch');
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(dir).sort()).toEqual(['empty.parquet', 'keep.parquet']);
  });
});
