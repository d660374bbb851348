import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRecord, type FieldSpec, isUserError, type RecordSchema } from '@dance/schema';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { decodeParquet, encodeParquet } from '../src/parquet/index.js';
import { differingColumns, everyDtype, sampleBatch, tempDir } from './parquet-sample.js';

const original = sampleBatch(3);
const good = encodeParquet(original);
const goodCopy = good.slice();
const footerLength = new DataView(good.buffer, good.byteOffset + good.length - 8).getUint32(0, true);
const footerStart = good.length - 8 - footerLength;

/** Decodes, and tells how it went: 'same' data, a UserError message, or anything else thrown. */
function attempt(bytes: Uint8Array, schema: RecordSchema = everyDtype): 'same' | 'different' | string {
  try {
    const back = decodeParquet(schema, bytes, { file: 'bad.parquet' });
    return differingColumns(back, original).length === 0 ? 'same' : 'different';
  } catch (e) {
    if (isUserError(e)) return e.message;
    return `NOT A UserError: ${String(e)}`;
  }
}

const isReport = (outcome: string) => outcome.startsWith('bad.parquet:');

describe('Parquet reader on damaged files', () => {
  it('gives a UserError at every truncation point', () => {
    const outcomes = Array.from({ length: good.length }, (_, cut) => attempt(good.subarray(0, cut)));
    expect(outcomes.filter((o) => !isReport(o))).toEqual([]);
    expect(outcomes[0]).toBe('bad.parquet: is 0 bytes long, too short for a Parquet file');
    expect(outcomes[good.length - 1]).toMatch(/does not end with the Parquet magic PAR1 \(truncated\?\)/);
  });

  it('gives a UserError when the data part is cut out before an intact footer', () => {
    const tail = good.subarray(footerStart);
    const outcomes = Array.from({ length: footerStart }, (_, cut) => {
      const bytes = new Uint8Array(cut + tail.length);
      bytes.set(good.subarray(0, cut));
      bytes.set(tail, cut);
      return attempt(bytes);
    });
    expect(outcomes.filter((o) => !isReport(o))).toEqual([]);
    expect(outcomes.some((o) => /column '\w+'.*\(at byte \d+\)/.test(o))).toBe(true);
  });

  it('never returns wrong data or crashes when any byte is flipped', () => {
    const counts = { same: 0, report: 0 };
    const wrong: string[] = [];
    for (let at = 0; at < good.length; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bytes = good.slice();
        bytes[at] ^= mask;
        const o = attempt(bytes);
        if (o === 'same') counts.same++;
        else if (isReport(o)) counts.report++;
        else wrong.push(`byte ${at} ^ ${mask}: ${o}`);
      }
    }
    expect(wrong).toEqual([]);
    // Flips that leave the data intact hit only what the reader ignores (statistics, metadata text).
    expect(counts.report).toBeGreaterThan(counts.same);
  });

  it('names the footer when the footer length is wrong', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(bytes.length - 8, good.length, true);
    expect(attempt(bytes)).toBe(
      `bad.parquet: footer length ${good.length} runs past the start of the file (at byte ${good.length - 8})`,
    );
  });

  it('never writes into the bytes it reads', () => {
    for (let at = 0; at < good.length; at += 7) attempt(good.subarray(0, at));
    attempt(good);
    expect(Buffer.from(good).equals(goodCopy)).toBe(true);
  });

  it('rejects a file that does not start with PAR1', () => {
    const bytes = good.slice();
    bytes[0] = 0x51;
    expect(attempt(bytes)).toBe('bad.parquet: does not start with the Parquet magic PAR1 (at byte 0)');
  });
});

describe('Parquet reader against the expected schema', () => {
  const variant = (change: (fields: FieldSpec[]) => FieldSpec[]) =>
    defineRecord({ ...everyDtype, fields: change([...everyDtype.fields]) });

  it('names a column whose type differs', () => {
    const s = variant((fs) => fs.map((f) => (f.name === 'a_f32' ? { ...f, dtype: 'f64' } : f)));
    expect(attempt(good, s)).toBe("bad.parquet: column 'a_f32' is FLOAT in the file, expected DOUBLE for float64");
  });

  it('names a column whose integer width differs', () => {
    const s = variant((fs) => fs.map((f) => (f.name === 'a_i16' ? { ...f, dtype: 'u16' } : f)));
    expect(attempt(good, s)).toBe(
      "bad.parquet: column 'a_i16' is INT32 INT(16, signed) in the file, expected INT32 INT(16, unsigned) for uint16",
    );
  });

  it('names a missing column', () => {
    const s = variant((fs) => [...fs, { name: 'energy', dtype: 'f32', unit: 'keV', description: 'e' }]);
    expect(attempt(good, s)).toMatch(/^bad\.parquet: column 'energy' is missing \(the file has: "time", "a_i8", /);
  });

  it('names a column that is an array in one and a scalar in the other', () => {
    const s = variant((fs) => fs.map((f) => (f.name === 'wave' ? { ...f, shape: undefined } : f)));
    expect(attempt(good, s)).toBe("bad.parquet: column 'wave' is a group in the file but a scalar i16 in every_dtype");
    const t = variant((fs) => fs.map((f) => (f.name === 'a_i16' ? { ...f, shape: 4 } : f)));
    expect(attempt(good, t)).toMatch(/^bad\.parquet: column 'a_i16' is not a LIST of i16 in the file/);
  });

  it('names a column whose arrays have another length', () => {
    const s = variant((fs) => fs.map((f) => (f.name === 'wave' ? { ...f, shape: 4 } : f)));
    expect(attempt(good, s)).toMatch(/^bad\.parquet: column 'wave' chunk holds 15 values, expected 12 for 3 rows/);
  });
});

describe('Parquet reader on files from other writers', () => {
  it('explains dictionary encoding and reads PLAIN optional columns without nulls', async () => {
    const dir = tempDir();
    const dict = join(dir, 'dict.parquet');
    const plain = join(dir, 'plain.parquet');
    const nulls = join(dir, 'nulls.parquet');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = `select (1700000000000000000 + range * 1000)::BIGINT as time, (range % 3)::FLOAT as area,
                   [range::SMALLINT, 2, 3] as wave from range(5000)`;
    await db.run(`copy (${rows}) to '${dict}' (format parquet, compression zstd)`);
    await db.run(`copy (${rows}) to '${plain}' (format parquet, compression zstd, dictionary_size_limit 0)`);
    await db.run(
      `copy (select range::BIGINT as time, case when range = 7 then null else 1.5 end::FLOAT as area,
             [1::SMALLINT, 2, 3] as wave from range(10))
       to '${nulls}' (format parquet, compression uncompressed, dictionary_size_limit 0)`,
    );
    db.closeSync();
    const duckType = defineRecord({
      name: 'duck',
      version: 1,
      storage: 'table',
      description: 'written by DuckDB',
      fields: [
        { name: 'time', dtype: 'i64', unit: 'ns', description: 't' },
        { name: 'area', dtype: 'f32', unit: 'PE', description: 'a' },
        { name: 'wave', dtype: 'i16', shape: 3, unit: 'ADC', description: 'w' },
      ],
    });
    const read = (f: string, columns?: string[]) =>
      decodeParquet(duckType, readFileSync(f), { file: 'hits-000003.parquet', columns });
    expect(() => read(dict, ['area'])).toThrow(
      /^hits-000003\.parquet: column 'area' uses encoding (RLE_DICTIONARY|PLAIN_DICTIONARY), which DANCE's reader does not support$/,
    );
    const back = read(plain);
    expect(back.length).toBe(5000);
    expect(back.columns.time[4999]).toBe(1700000000000000000n + 4999n * 1000n);
    expect(back.columns.area[4]).toBe(1);
    expect([...back.columns.wave.subarray(3 * 4999)]).toEqual([4999, 2, 3]);
    expect(() => read(nulls, ['area'])).toThrow(
      /^hits-000003\.parquet: column 'area' has nulls or empty lists \(unexpected level 0 at value 7\), which DANCE's reader does not support \(at byte \d+\)$/,
    );
  });
});
