import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordBatch, type rawRecords, SAMPLES_PER_RECORD, toStructBytes } from '@dance/schema';
import { Store } from '@dance/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SimulateRunOptions, simulateRun, validateRun } from '../src/index.js';

const base: SimulateRunOptions = {
  detector: 'xenon-demo',
  source: { name: 'kr83m' },
  rateHz: 30,
  durationS: 1.2,
  seed: 11,
  run: 'kr-a',
  chunkS: 0.5,
  danceVersion: 'test',
};

const digest = (b: RecordBatch) => createHash('sha256').update(toStructBytes(b)).digest('hex');

describe('a simulated run in the store', () => {
  let store: Store;
  let lineage: string;
  let raw: RecordBatch;

  beforeAll(async () => {
    store = new Store(mkdtempSync(join(tmpdir(), 'dance-sim-')));
    const r = await simulateRun(base, store);
    lineage = r.lineage;
    raw = await store.readAll({ run: 'kr-a', type: 'raw_records', lineage });
  });

  it('writes raw_records and both truth products, one chunk per window, with run info in the provenance', () => {
    const types = store.list({ run: 'kr-a' }).map((k) => k.type);
    expect(types.sort()).toEqual(['raw_records', 'truth_interactions', 'truth_peaks']);
    const m = store.manifest({ run: 'kr-a', type: 'raw_records', lineage });
    expect(m.chunks.length).toBe(3);
    expect(m.provenance).toMatchObject({
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      seed: 11,
      dance_version: 'test',
    });
  });

  // worker threads run packages/sim/dist (see run.ts): build with `npx tsc -b` before this test,
  // or a stale dist gives different bytes than the sources the rest of the test runs
  it('gives byte-identical products for other chunk lengths and for two worker threads', async () => {
    const truth = await store.readAll({ run: 'kr-a', type: 'truth_peaks', lineage });
    for (const [run, extra] of [
      ['kr-b', { chunkS: 0.17 }],
      ['kr-c', { workers: 2 }],
    ] as const) {
      const r = await simulateRun({ ...base, ...extra, run }, store);
      expect(r.lineage).toBe(lineage);
      const other = await store.readAll({ run, type: 'raw_records', lineage });
      expect(other.length).toBe(raw.length);
      expect(digest(other)).toBe(digest(raw));
      expect(digest(await store.readAll({ run, type: 'truth_peaks', lineage }))).toBe(digest(truth));
    }
  });

  it('changes the data (and the lineage) with the seed', async () => {
    const r = await simulateRun({ ...base, durationS: 0.2, seed: 12, run: 'kr-d' }, store);
    expect(r.lineage).not.toBe(lineage);
  });

  it('writes raw_records with the strax layout invariants', () => {
    const c = (raw as RecordBatch<typeof rawRecords.fields>).columns;
    expect(raw.length).toBeGreaterThan(10000);
    expect(raw.isTimeSorted()).toBe(true);
    // plain loops collecting violations: one expect per sample would take half a minute
    const bad: string[] = [];
    const pulses = new Map<string, number[]>();
    for (let i = 0; i < raw.length; i++) {
      if (!(c.length[i] > 0 && c.length[i] <= SAMPLES_PER_RECORD)) bad.push(`row ${i}: length ${c.length[i]}`);
      if (c.dt[i] !== 10 || c.baseline[i] !== 16000) bad.push(`row ${i}: dt ${c.dt[i]} baseline ${c.baseline[i]}`);
      if (c.channel[i] < 0 || c.channel[i] >= 494) bad.push(`row ${i}: channel ${c.channel[i]}`);
      // the pulse start is the record time minus the samples of the records before it
      const key = `${c.channel[i]}:${c.time[i] - BigInt(c.record_i[i] * SAMPLES_PER_RECORD * 10)}`;
      const list = pulses.get(key) ?? [];
      list.push(i);
      pulses.set(key, list);
    }
    for (const [key, rows] of pulses) {
      const first = rows[0];
      if (rows.some((i, k) => c.record_i[i] !== k)) bad.push(`pulse ${key}: record_i not 0, 1, 2...`);
      const total = rows.reduce((s, i) => s + c.length[i], 0);
      if (total !== c.pulse_length[first])
        bad.push(`pulse ${key}: lengths sum to ${total}, pulse_length ${c.pulse_length[first]}`);
      if (rows.slice(0, -1).some((i) => c.length[i] !== SAMPLES_PER_RECORD))
        bad.push(`pulse ${key}: short inner record`);
      // zero-length encoding: each pulse starts on an even sample and crosses the threshold
      if (Number(c.time[first] / 10n) % 2 !== 0) bad.push(`pulse ${key}: odd start sample`);
      let min = 1 << 15;
      for (const i of rows) {
        for (let s = 0; s < SAMPLES_PER_RECORD; s++) {
          const v = c.data[i * SAMPLES_PER_RECORD + s];
          if (s >= c.length[i] && v !== 0) bad.push(`row ${i}: sample ${s} past length is ${v}`);
          if (s < c.length[i]) min = Math.min(min, v);
        }
      }
      if (min >= 16000 - 15) bad.push(`pulse ${key}: never crosses the threshold`);
      // the first 40 of the 50 pre-trigger samples are baseline plus noise
      let pre = 0;
      for (let s = 0; s < 40; s++) pre += c.data[first * SAMPLES_PER_RECORD + s];
      if (Math.abs(pre / 40 - 16000) > 3) bad.push(`pulse ${key}: pre-trigger mean ${pre / 40}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(pulses.size).toBeGreaterThan(10000);
  });

  it('passes the validation report on a run long enough for statistics', async () => {
    const r = await simulateRun({ ...base, run: 'kr-val', rateHz: 150, durationS: 2, chunkS: 1 }, store);
    const out = mkdtempSync(join(tmpdir(), 'dance-val-'));
    const report = await validateRun(store, 'kr-val', out);
    expect(report.lineage).toBe(r.lineage);
    expect(report.checks.map((c) => c.name)).toEqual([
      'photon yield',
      'charge yield',
      'S1 = g1 x photons',
      'S2 = g2 x electrons x exp(-t/tau)',
      'drift time linear in depth',
      'single-electron S2 size',
      'S2 width grows with depth as diffusion says',
    ]);
    for (const c of report.checks) expect(c, c.summary).toMatchObject({ passed: true });
    const md = readFileSync(report.markdownPath, 'utf8');
    expect(md).toContain('| S1 = g1 x photons | pass |');
    expect(readFileSync(join(out, 'plot-5.svg'), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });

  it('refuses bad run options before writing anything, leaving stored products intact', async () => {
    const before = store.manifest({ run: 'kr-a', type: 'raw_records', lineage });
    await expect(simulateRun({ ...base, source: { name: 'cs137' } }, store)).rejects.toThrow(
      "unknown source 'cs137'; valid sources: kr83m, tritium, flat-er, flat-nr, gamma, ambe",
    );
    await expect(simulateRun({ ...base, durationS: -1 }, store)).rejects.toThrow(
      'sim: --duration must be in (0, 86400] s, got -1',
    );
    await expect(simulateRun({ ...base, volume: { rMaxCm: 80, zMinCm: -10, zMaxCm: 0 } }, store)).rejects.toThrow(
      'volume: r_max 80 cm must be in (0, 66.4]',
    );
    // same run and lineage exists: the store refuses to overwrite, the product is unchanged
    await expect(simulateRun(base, store)).rejects.toThrow();
    expect(store.manifest({ run: 'kr-a', type: 'raw_records', lineage })).toEqual(before);
    expect(digest(await store.readAll({ run: 'kr-a', type: 'raw_records', lineage }))).toBe(digest(raw));
  });
});
