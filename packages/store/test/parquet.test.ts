import { readFileSync } from 'node:fs';
import { concatBatches, RecordBatch, rawRecords } from '@dance/schema';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { decodeParquet, encodeParquet, ParquetFileWriter, parquetSchemaOf } from '../src/parquet/index.js';
import {
  allDefined,
  checkLevels,
  encodeDefinition,
  encodeRepetition,
  fixedListRepetition,
} from '../src/parquet/levels.js';
import { CREATED_BY } from '../src/parquet/write.js';
import { differingColumns, everyDtype, sampleBatch } from './parquet-sample.js';

function roundTrip(batch: RecordBatch, opts?: Parameters<typeof encodeParquet>[1]): RecordBatch {
  return decodeParquet(batch.schema, encodeParquet(batch, opts));
}

describe('Parquet codec round trip', () => {
  it.each([0, 1, 7, 100_000])('keeps every dtype and array field exactly (%i rows)', (n) => {
    const batch = sampleBatch(n);
    const back = roundTrip(batch);
    expect(back.length).toBe(n);
    expect(back.schema).toBe(everyDtype);
    expect(differingColumns(back, batch)).toEqual([]);
  });

  it('splits into row groups and pages and joins them back', () => {
    const batch = sampleBatch(140_000); // time alone is 1.1 MB: two pages per chunk
    const bytes = encodeParquet(batch, { rowGroupRows: 30_000 });
    const back = decodeParquet(everyDtype, bytes);
    expect(differingColumns(back, batch)).toEqual([]);
  });

  it('keeps times at the int64 edges exactly', () => {
    const times = [-(2n ** 63n), -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n];
    const batch = sampleBatch(times.length);
    batch.columns.time.set(times);
    expect([...roundTrip(batch).time]).toEqual(times);
  });

  it('keeps waveforms of raw_records', () => {
    const batch = RecordBatch.allocate(rawRecords, 500);
    for (let i = 0; i < batch.columns.data.length; i++) batch.columns.data[i] = ((i * 37) % 30000) - 15000;
    batch.columns.time.set(Array.from({ length: 500 }, (_, i) => BigInt(i) * 10n));
    expect(differingColumns(roundTrip(batch, { level: 3 }), batch)).toEqual([]);
  });

  it('writes exact min/max statistics of time per row group', () => {
    // Low words on both sides of 2^31 under equal high words, and negative high words.
    const hi = 5n << 32n;
    const times = [hi + 2n ** 31n, hi + 2n ** 32n - 1n, hi + 2n ** 31n - 1n, hi, -hi - 1n, -hi + 2n ** 31n];
    const batch = sampleBatch(times.length);
    batch.columns.time.set(times);
    const groups = parquetMetadata(encodeParquet(batch, { rowGroupRows: 4 })).row_groups;
    const stats = groups.map((g) => g.columns[0].meta_data?.statistics);
    expect(stats.map((s) => [s?.min_value, s?.max_value])).toEqual([
      [hi, hi + 2n ** 32n - 1n],
      [-hi - 1n, -hi + 2n ** 31n],
    ]);
  });

  it('writes the declaration, user metadata and created_by into the footer', () => {
    const bytes = encodeParquet(sampleBatch(2), { keyValueMetadata: { run: '000042' } });
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toContain('dance.schema');
    expect(text).toContain(JSON.stringify(everyDtype));
    expect(text).toContain('000042');
    expect(text).toContain(CREATED_BY);
  });

  it('names the package version in created_by', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(CREATED_BY).toBe(`DANCE ${pkg.version}`);
  });
});

describe('ParquetFileWriter', () => {
  it('streams row groups into one file that reads back as their concatenation', async () => {
    const parts = [sampleBatch(1000), sampleBatch(0), sampleBatch(2500, 2_000_000_000_000_000_000n)];
    const out: Uint8Array[] = [];
    const w = new ParquetFileWriter(everyDtype, async (b) => {
      out.push(b.slice());
    });
    for (const p of parts) await w.writeRowGroup(p);
    await w.finish();
    const back = decodeParquet(everyDtype, Buffer.concat(out));
    expect(differingColumns(back, concatBatches(everyDtype, parts))).toEqual([]);
    expect(parquetMetadata(Buffer.concat(out)).row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 2500]);
  });
});

describe('Parquet projection', () => {
  it('returns time plus the requested columns, with a projected schema', () => {
    const batch = sampleBatch(1000);
    const back = decodeParquet(everyDtype, encodeParquet(batch), { columns: ['a_f32', 'wave'] });
    expect(back.schema.fields.map((f) => f.name)).toEqual(['time', 'a_f32', 'wave']);
    expect(back.schema.name).toBe('every_dtype');
    expect(back.schema.version).toBe(3);
    expect(Object.keys(back.columns)).toEqual(['time', 'a_f32', 'wave']);
    expect([...back.columns.a_f32]).toEqual([...batch.columns.a_f32]);
    expect([...back.columns.wave]).toEqual([...batch.columns.wave]);
    expect([...back.time]).toEqual([...batch.time]);
  });

  it('never decompresses the columns it skips', () => {
    const bytes = encodeParquet(sampleBatch(1000));
    // Wreck every byte of the a_u64 and pos column chunks: a read of other columns must not notice.
    const wrecked = bytes.slice();
    for (const name of ['a_u64', 'pos']) {
      const [from, to] = chunkRange(bytes, name);
      wrecked.fill(0xee, from, to);
    }
    const back = decodeParquet(everyDtype, wrecked, { columns: ['a_i16'] });
    expect(back.length).toBe(1000);
    expect(() => decodeParquet(everyDtype, wrecked, { columns: ['a_u64'], file: 'x.parquet' })).toThrow(
      /x\.parquet: column 'a_u64'/,
    );
  });

  it('rejects an unknown column name', () => {
    const bytes = encodeParquet(sampleBatch(1));
    expect(() => decodeParquet(everyDtype, bytes, { columns: ['nope'], file: 'f.parquet' })).toThrow(
      "f.parquet: cannot read column 'nope': data type 'every_dtype' has no such field",
    );
  });
});

describe('parquetSchemaOf', () => {
  it('derives the Parquet columns from the declaration', () => {
    const cols = parquetSchemaOf(rawRecords);
    expect(cols.map((c) => [c.path.join('.'), c.physicalType, c.logicalType])).toEqual([
      ['time', 'INT64', 'INT(64, signed)'],
      ['length', 'INT32', 'INT(32, signed)'],
      ['dt', 'INT32', 'INT(16, signed)'],
      ['channel', 'INT32', 'INT(16, signed)'],
      ['pulse_length', 'INT32', 'INT(32, signed)'],
      ['record_i', 'INT32', 'INT(16, signed)'],
      ['baseline', 'INT32', 'INT(16, signed)'],
      ['data.list.element', 'INT32', 'INT(16, signed)'],
    ]);
    expect(cols.at(-1)).toMatchObject({ listSize: 110, maxDefinitionLevel: 1, maxRepetitionLevel: 1 });
    const every = parquetSchemaOf(everyDtype);
    expect(Object.fromEntries(every.map((c) => [c.field, c.physicalType]))).toMatchObject({
      a_bool: 'BOOLEAN',
      a_u8: 'INT32',
      a_u64: 'INT64',
      a_f32: 'FLOAT',
      a_f64: 'DOUBLE',
      flags: 'BOOLEAN',
    });
  });
});

/** Byte range of a column's chunk in the first row group, as an independent reader (hyparquet) sees it. */
function chunkRange(bytes: Uint8Array, name: string): [number, number] {
  const chunk = parquetMetadata(bytes).row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === name);
  if (!chunk?.meta_data) throw new Error(`no chunk for ${name}`);
  const from = Number(chunk.meta_data.data_page_offset);
  return [from, from + Number(chunk.meta_data.total_compressed_size)];
}

describe('Parquet levels', () => {
  it('accepts bit-packed levels from other writers and pinpoints a wrong one', () => {
    // Bit-packed run of one group (header 0b11 = 3) holding repetition levels 0,1,1,0,1,1,0,1 for k = 3.
    const good = Uint8Array.of(3, 0b10110110);
    expect(checkLevels(good, 8, 1, 0, fixedListRepetition(3))).toBeUndefined();
    const bad = Uint8Array.of(3, 0b10111110);
    expect(checkLevels(bad, 8, 1, 0, fixedListRepetition(3))).toBe('unexpected level 1 at value 3');
    expect(checkLevels(Uint8Array.of(3), 8, 1, 0, fixedListRepetition(3))).toBe('a bit-packed level run is malformed');
  });

  it('encodes the fixed-list pattern as RLE runs the checker accepts', () => {
    for (const k of [1, 2, 110]) {
      const rep = encodeRepetition(7, k);
      expect(checkLevels(rep, 7 * k, 1, 0, fixedListRepetition(k))).toBeUndefined();
      // Shifted by one value the pattern no longer fits (for k = 1 every level is 0 anyway).
      if (k > 1) expect(checkLevels(rep, 7 * k, 1, 1, fixedListRepetition(k))).toMatch(/^unexpected level/);
      expect(checkLevels(encodeDefinition(7 * k), 7 * k, 1, 0, allDefined(1))).toBeUndefined();
    }
    expect(checkLevels(encodeDefinition(5), 6, 1, 0, allDefined(1))).toBe('levels end after 5 of 6');
  });
});
