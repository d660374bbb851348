import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, RecordBatch, type RecordSchema } from '@dance/schema';
import { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalysisSession,
  type Axis,
  type BlindingRegion,
  type HistogramQuery,
  histogram,
  histogramInDuckDB,
  histogramWithEngine,
  selectProducts,
  syntheticEventInfo,
} from '../src/index.js';

const F = Math.fround;
/** Values DuckDB's ordering, casts and the bin edges treat specially (axis cs1: 100 bins over [0, 200)). */
const SPECIAL = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  2,
  4,
  199.99998,
  200,
  -1e-30,
  F(2.3),
  F(F(2.3) * (1 + 2 ** -23)),
  F(F(2.3) * (1 - 2 ** -23)),
  16777216,
  59422912,
  59422916,
  1e30,
  50,
  40,
  60,
];

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-fast-'));
  store = new Store(join(dir, 'data'));
  const w = store.writer({ run: '000001', type: 'event_info', lineage: 'synth0' }, syntheticEventInfo(1, 0n).schema);
  const events = syntheticEventInfo(3000, 1_780_000_000_000_000_000n, 7);
  const c = events.columns;
  SPECIAL.forEach((v, k) => {
    c.cs1[k] = v;
    c.cs2[SPECIAL.length + k] = v;
    c.s2_x[2 * SPECIAL.length + k] = v;
    c.s1_n_channels[3 * SPECIAL.length + k] = k - 5;
  });
  await w.write(events.slice(0, 1700));
  await w.write(events.slice(1700));
  await w.commit();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function session(blinding: BlindingRegion[] = []): Promise<AnalysisSession> {
  const selection = selectProducts(store, '', ['000001'], ['event_info']);
  return AnalysisSession.open(
    { memoryLimit: '256MB', threads: 1, tempDir: join(dir, 'tmp') },
    selection.tables,
    blinding,
  );
}

const CS1: Axis = { label: 'cs1', bins: 100, lo: 0, hi: 200 };

/** Both engines on one query: the scan must run and give DuckDB's histogram exactly. */
async function same(s: AnalysisSession, q: HistogramQuery): Promise<number> {
  const fast = await histogramWithEngine(s, q);
  expect(fast.engine, `${q.where} / ${q.axes.map((a) => a.label)}: ${'reason' in fast ? fast.reason : ''}`).toBe(
    'typed-array scan',
  );
  const duck = await histogramInDuckDB(s, q);
  expect(fast.histogram.toJSON(), `${q.where}`).toEqual(duck.toJSON());
  return duck.entries.reduce((a, b) => a + b, 0);
}

describe('typed-array histogram scan', () => {
  it('matches DuckDB for every operator of the subset, with NaN, ±inf, -0 and bin edges in the data', async () => {
    const s = await session();
    try {
      const cuts = [
        'true',
        'cs1 < 50',
        'cs1 <= 2.3',
        'cs1 > 2.3',
        'cs1 >= 4',
        'cs1 = 2',
        'cs1 == 2.3',
        'cs1 <> 2',
        'cs1 != 0',
        'cs1 > 59422914.29044',
        '20 < cs1',
        '4 <= cs1',
        '2.3 >= cs1',
        '1e1 > cs1',
        '2 = cs1',
        '0 <> cs1',
        '-1 < alt_s1_area',
        's1_n_channels < cs1 AND 3 <= s1_n_channels',
        'cs1 < 16777217',
        'cs1 < 1e39',
        'cs1 * 3.5e38 > 5',
        'cs1 + 99999999999999 > 99999999999999.5',
        'cs1 BETWEEN 2 AND 1e2',
        'cs1 BETWEEN 16777217 AND 1e30',
        'cs1 NOT BETWEEN 2.3 AND 100',
        'NOT cs1 > 10',
        's2_x*s2_x + s2_y*s2_y < 1600',
        's2_x*s2_x + s2_y*s2_y < 1.6e3',
        'cs2 / cs1 > 55.5',
        'cs1 - 1.1 * s1_area >= -3',
        '-cs1 < -20 AND +cs2 > 0',
        'abs(s2_x) < 10.25',
        'ABS(cs1 - 50) <= 5',
        'alt_s1_area > 1',
        'alt_s1_area = alt_s1_area',
        'alt_s1_area < cs1',
        'cs1 < alt_s1_area',
        'cs1 >= alt_s1_area OR cs2 <= alt_s1_area',
        'cs1 > 1e1 OR s1_n_channels >= 5',
        's1_n_channels BETWEEN 2 AND 7.5',
        'cs1 > s1_n_channels',
        'n_peaks = -1 AND s1_n_channels <> 3',
        '(cs1 > 10 AND (cs2 < 3000 OR NOT s2_x > 0))',
        'cs1 * 0 = 0',
        'cs2 / 0 > 1',
        'cs1 / cs1 = 1',
        '"cs1" > 3 and CS2 > 1 and false or true',
      ];
      const counts = new Set<number>();
      for (const where of cuts) counts.add(await same(s, { table: 'event_info', axes: [CS1], where }));
      expect(counts.size).toBeGreaterThan(20); // the cuts really select different rows
    } finally {
      s.close();
    }
  });

  it('matches DuckDB for computed, integer, all-NaN and 2D axes and for weights', async () => {
    const s = await session();
    try {
      const where = 'cs2 > 200';
      for (const label of ['cs2 / cs1', 's1_n_channels', 'alt_s1_area', 'cs1 * 1e0 + 0.5', '-cs1'])
        await same(s, { table: 'event_info', axes: [{ label, bins: 40, lo: -10, hi: 130 }], where });
      const plane: Axis[] = [CS1, { label: 'cs2', bins: 30, lo: 0, hi: 15000 }];
      await same(s, { table: 'event_info', axes: plane, where });
      await same(s, { table: 'event_info', axes: [CS1], where, weight: 's1_n_channels' });
      await same(s, { table: 'event_info', axes: plane, weight: 'cs1 * 0 + 0.5' });
    } finally {
      s.close();
    }
  });

  it('applies blinding regions exactly as the blinded view does', async () => {
    const regions: BlindingRegion[] = [
      { name: 'wimp', table: 'event_info', where: 'cs1 BETWEEN 40 AND 60 AND cs2 > 2500' },
      { name: 'edge', table: 'event_info', where: 'cs1 > 1e20 OR s2_x < -45' },
      { name: 'other', table: 'peaks', where: 'area > 0' },
    ];
    const blinded = await session(regions);
    const open = await session();
    try {
      const q: HistogramQuery = { table: 'event_info', axes: [CS1], where: 'cs2 > 0' };
      expect(await same(blinded, q)).toBeLessThan(await same(open, q));
      // The 50 PE line (bin 26) loses the events of the region.
      const [b, o] = [await histogram(blinded, q), await histogram(open, q)];
      expect(b.sumw[26]).toBeLessThan(o.sumw[26]);
    } finally {
      blinded.close();
      open.close();
    }
  });

  it('falls back to DuckDB outside the subset, with the same result', async () => {
    const s = await session();
    try {
      const cases: [Partial<HistogramQuery>, RegExp][] = [
        [{ where: 'sqrt(abs(cs1)) > 2' }, /function sqrt/],
        [{ where: 'cs1 IS NOT NULL' }, /unexpected 'IS'/],
        [{ where: 'cs1 > null' }, /keyword null/],
        [{ where: 'n_peaks * 2 > 3' }, /integer arithmetic/],
        [{ where: 'time > 0' }, /column 'time' is i64/],
        [{ where: "cs1 > '3'" }, /unsupported text/],
        [{ where: '1 < 2' }, /constants only/],
        [{ where: 'cs1 < 1e39 * 1' }, /constants only/],
        [{ axes: [{ ...CS1, label: 'cs1 % 7' }] }, /unsupported text/],
        [{ weight: 'cs1 > 2' }, /not a number/],
      ];
      for (const [part, reason] of cases) {
        const q = { table: 'event_info', axes: [CS1], ...part };
        const r = await histogramWithEngine(s, q);
        expect(r.engine).toBe('duckdb');
        expect('reason' in r && r.reason).toMatch(reason);
        expect(r.histogram.toJSON()).toEqual((await histogramInDuckDB(s, q)).toJSON());
      }
    } finally {
      s.close();
    }
    const regions: BlindingRegion[] = [{ name: 'r', table: 'event_info', where: 'cs1 IN (50, 51)' }];
    const blinded = await session(regions);
    try {
      const r = await histogramWithEngine(blinded, { table: 'event_info', axes: [CS1] });
      expect(r.engine).toBe('duckdb');
    } finally {
      blinded.close();
    }
  });

  it('gives DuckDB’s error for a malformed expression or a missing column, and leaves the chunks as they were', async () => {
    const s = await session();
    const chunks = selectProducts(store, '', ['000001'], ['event_info']).tables[0].files;
    const before = chunks.map((f) => readFileSync(f));
    try {
      for (const where of ['cs1 >', 'cs1 > > 2', 'nosuch > 1', 'cs1 BETWEEN 1']) {
        const q = { table: 'event_info', axes: [CS1], where };
        const duck = await histogramInDuckDB(s, q).catch((e: Error) => e.message);
        expect(duck).toMatch(/^query: (syntax error|Binder Error)/);
        await expect(histogram(s, q)).rejects.toThrow(duck as string);
      }
    } finally {
      s.close();
    }
    expect(chunks.map((f) => readFileSync(f))).toEqual(before);
  });

  it('leaves a damaged chunk to DuckDB and gives its error', async () => {
    const other = new Store(join(dir, 'truncated'));
    const w = other.writer({ run: '000009', type: 'event_info', lineage: 'synth0' }, syntheticEventInfo(1, 0n).schema);
    await w.write(syntheticEventInfo(500, 1_780_000_000_000_000_000n, 3));
    await w.commit();
    const selection = selectProducts(other, '', ['000009'], ['event_info']);
    const [file] = selection.tables[0].files;
    const bytes = readFileSync(file);
    bytes.fill(0xff, 4, bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8)); // every page, footer intact
    writeFileSync(file, bytes);
    const s = await AnalysisSession.open(
      { memoryLimit: '256MB', threads: 1, tempDir: join(dir, 'tmp') },
      selection.tables,
      [],
    );
    try {
      const q = { table: 'event_info', axes: [CS1] };
      const duck = await histogramInDuckDB(s, q).catch((e: Error) => e.message);
      expect(duck).toMatch(/^stored data: Invalid Error: .*\(run dance check to find damaged files\)$/); // a UserError: exit 1
      await expect(histogram(s, q)).rejects.toThrow(duck as string);
    } finally {
      s.close();
    }
  });
  it('scans a type the registry does not know, with the columns its manifest says were stored', async () => {
    const scan = defineRecord({
      name: 'pmt_gain_scan',
      version: 2,
      storage: 'table',
      description: 'a test stand table DANCE does not define',
      fields: [
        { name: 'time', dtype: 'i64', unit: 'ns', description: 'start' },
        { name: 'channel', dtype: 'i16', unit: '', description: 'PMT' },
        { name: 'gain', dtype: 'f32', unit: 'PE/ADC', description: 'fitted gain' },
      ],
    });
    const other = new Store(join(dir, 'custom'));
    const w = other.writer({ run: '000010', type: 'pmt_gain_scan', lineage: 'bench0' }, scan);
    const rows = RecordBatch.allocate(scan, 494);
    for (let ch = 0; ch < 494; ch++) {
      rows.columns.time[ch] = 1_780_000_000_000_000_000n + BigInt(ch);
      rows.columns.channel[ch] = ch;
      rows.columns.gain[ch] = 0.004 + (ch % 10) * 0.0005;
    }
    await w.write(rows);
    await w.commit();
    const selection = selectProducts(other, '', ['000010'], ['pmt_gain_scan']);
    expect(selection.tables[0].schema?.fields.map((f) => f.name)).toEqual(['time', 'channel', 'gain']);
    const s = await AnalysisSession.open(
      { memoryLimit: '256MB', threads: 1, tempDir: join(dir, 'tmp') },
      selection.tables,
      [],
    );
    try {
      const q = {
        table: 'pmt_gain_scan',
        axes: [{ label: 'gain', bins: 10, lo: 0.004, hi: 0.009 }],
        where: 'channel >= 253',
      };
      const fast = await histogramWithEngine(s, q);
      expect(fast.engine).toBe('typed-array scan');
      expect(fast.histogram.toJSON()).toEqual((await histogramInDuckDB(s, q)).toJSON());
      expect(fast.histogram.entries.reduce((a, b) => a + b, 0)).toBe(494 - 253);
    } finally {
      s.close();
    }
  });
  it('leaves runs that stored different versions of a type to DuckDB, which joins their columns by name', async () => {
    const field = (name: string, dtype: 'i64' | 'i16' | 'f32') => ({ name, dtype, unit: '', description: name });
    const versions: RecordSchema[] = [
      defineRecord({
        name: 'gain_fit',
        version: 1,
        storage: 'table',
        description: 'v1',
        fields: [field('time', 'i64'), field('gain', 'f32')],
      }),
      defineRecord({
        name: 'gain_fit',
        version: 2,
        storage: 'table',
        description: 'v2',
        fields: [field('time', 'i64'), field('channel', 'i16'), field('gain', 'f32')],
      }),
    ];
    const other = new Store(join(dir, 'versions'));
    for (const [i, schema] of versions.entries()) {
      const w = other.writer({ run: `00002${i}`, type: 'gain_fit', lineage: `v${i}` }, schema);
      const rows = RecordBatch.allocate(schema, 3);
      (rows.column('time') as BigInt64Array).set([1n, 2n, 3n]);
      (rows.column('gain') as Float32Array).set([1, 2, 3]);
      await w.write(rows);
      await w.commit();
    }
    const selection = selectProducts(other, '', ['000020', '000021'], ['gain_fit']);
    expect(selection.tables[0].schema).toBeUndefined();
    const s = await AnalysisSession.open(
      { memoryLimit: '256MB', threads: 1, tempDir: join(dir, 'tmp') },
      selection.tables,
      [],
    );
    try {
      const r = await histogramWithEngine(s, {
        table: 'gain_fit',
        axes: [{ label: 'gain', bins: 3, lo: 0.5, hi: 3.5 }],
      });
      expect(r.engine).toBe('duckdb');
      expect('reason' in r && r.reason).toBe("the runs store 'gain_fit' with different schemas");
      expect(Array.from(r.histogram.entries)).toEqual([0, 2, 2, 2, 0]);
    } finally {
      s.close();
    }
  });
});
