import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, isUserError, peakBasics, truthPeaks } from '@dance/schema';
import { Store } from '@dance/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KR83M } from '../src/kr83m.js';
import { validateRun } from '../src/report.js';
import { krEventInfo, madeFrom, normals, T0, writeProduct } from './helpers.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dance-validate-'));
  store = new Store(join(dir, 'data'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (offsets: number[]) => offsets.map((o) => T0 + BigInt(o));

/**
 * `n` S1/S2 pairs 100 µs apart: S1 of 50 PE, S2 of 5000 PE; the reconstruction finds every S1 with
 * 5 % more area, and the first `missedS2` S2s not at all.
 */
async function simulatedRun(
  run: string,
  lineage: string,
  n: number,
  o: { missedS2?: number; truth?: boolean; source?: string } = {},
) {
  const missedS2 = o.missedS2 ?? 0;
  const recoLineage = `${lineage}-pb`;
  const truth = { time: [] as number[], endtime: [] as number[], center: [] as number[], type: [] as number[] };
  const reco = { time: [] as number[], endtime: [] as number[], type: [] as number[], area: [] as number[] };
  for (let k = 0; k < n; k++) {
    const t = k * 100_000;
    truth.time.push(t, t + 10_000);
    truth.endtime.push(t + 100, t + 12_000);
    truth.center.push(t + 30, t + 11_000);
    truth.type.push(1, 2);
    reco.time.push(t - 10);
    reco.endtime.push(t + 200);
    reco.type.push(1);
    reco.area.push(52.5);
    if (k >= missedS2) {
      reco.time.push(t + 9_900);
      reco.endtime.push(t + 12_500);
      reco.type.push(2);
      reco.area.push(5000);
    }
  }
  const size = truth.type.map((ty) => (ty === 1 ? 50 : 5000));
  if (o.truth !== false) {
    await writeProduct(
      store,
      { run, type: 'truth_peaks', lineage },
      truthPeaks,
      {
        time: at(truth.time),
        endtime: at(truth.endtime),
        center_time: at(truth.center),
        type: truth.type,
        n_pe: size,
        area: size,
        x: truth.type.map(() => 1),
        y: truth.type.map(() => 2),
      },
      { source: { name: o.source ?? 'kr83m' } },
    );
  }
  await writeProduct(
    store,
    { run, type: 'peak_basics', lineage: recoLineage },
    peakBasics,
    { time: at(reco.time), endtime: at(reco.endtime), type: reco.type, area: reco.area },
    madeFrom(['peak_basics', recoLineage], ['peaklets', 'pl'], ['raw_records', lineage]),
  );
}

describe('validateRun', () => {
  it('writes report.html and report.json with exact figures and passes', async () => {
    await simulatedRun('r', 'sim1', 20);
    const out = join(dir, 'report');
    const report = await validateRun(store, 'r', out, { needed: ['peak_basics'], software: { dance: 'test' } });
    expect(report.passed).toBe(true);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.s1_efficiency).toMatchObject({ measured: 1, entries: 20, passed: true });
    expect(byId.s2_efficiency).toMatchObject({ measured: 1, entries: 20, passed: true });
    expect(byId.s1_area_bias.measured).toBeCloseTo(0.05, 12);
    expect(byId.s2_area_bias.measured).toBe(0);
    expect(byId.s2_position.skipped).toBe('no peak_positions: dance process r --target peak_positions');
    expect(byId.kr_merged_energy.skipped).toBe('no event_info: dance process r --target event_info');
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.provenance.products).toEqual([
      { run: 'r', type: 'truth_peaks', lineage: 'sim1' },
      { run: 'r', type: 'peak_basics', lineage: 'sim1-pb' },
    ]);
    expect(json.provenance.software).toEqual({ dance: 'test' });
    expect(json.checks[4].measured).toBeNull();
    expect(json.figures.classification).toEqual([
      { truthType: 1, missed: 0, asUnknown: 0, asS1: 20, asS2: 0 },
      { truthType: 2, missed: 0, asUnknown: 0, asS1: 0, asS2: 20 },
    ]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<h1>Processing vs truth: run r</h1>');
    expect(html).not.toContain('FAIL');
  });

  it('fails the S2 efficiency check when S2s are missed and says which', async () => {
    await simulatedRun('r', 'sim1', 20, { missedS2: 2 });
    const report = await validateRun(store, 'r', join(dir, 'out'), { needed: ['peak_basics'] });
    expect(report.passed).toBe(false);
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => [c.id, c.measured])).toEqual([['s2_efficiency', 0.9]]);
    expect(report.figures.classification[1]).toEqual({ truthType: 2, missed: 2, asUnknown: 0, asS1: 0, asS2: 18 });
    expect(readFileSync(report.html, 'utf8')).toContain('<b class="fail">FAIL</b>');
  });

  /** 250 events of a 41.5 keV line 2 % high (σ 2 keV) over 50 background events, none split. */
  async function krEvents(run: string) {
    const n = 300;
    const z = normals(3, n);
    const t = Array.from({ length: n }, (_, i) => T0 + BigInt(i) * 1_000_000n);
    const e = z.map((v, i) => (i < 250 ? KR83M.merged * 1.02 + 2 * v : 10 + 60 * Math.abs(v)));
    await writeProduct(store, { run, type: 'event_info', lineage: 'ei' }, krEventInfo, {
      time: t,
      s1_center_time: t,
      alt_s1_center_time: t.map(() => -1n),
      cs1: e.map(() => 100),
      alt_cs1: e.map(() => Number.NaN),
      e_ces: e,
    });
  }

  it('fits the Kr-83m line from event_info and checks it against 41.5 keV', async () => {
    await simulatedRun('r', 'sim1', 20);
    await krEvents('r');
    const report = await validateRun(store, 'r', join(dir, 'out'), { needed: ['peak_basics', 'event_info'] });
    const kr = report.checks.find((c) => c.id === 'kr_merged_energy')!;
    expect(kr.passed).toBe(true);
    expect(Math.abs(kr.measured - 0.02)).toBeLessThan(0.01);
    expect(report.kr83m?.mergedEvents).toBe(300);
    expect(report.kr83m?.lines.map((l) => l.line)).toEqual(['41.5 keV (merged S1)']);
    expect(report.kr83m?.notes[0]).toMatch(/^32\.1 keV \(first S1 of split events\): 0 events/);
    expect(readFileSync(report.html, 'utf8').match(/<svg /g)).toHaveLength(4);
  });

  it('makes no Kr-83m check on a run of another source', async () => {
    await simulatedRun('er', 'sim1', 20, { source: 'flat-er' });
    await krEvents('er');
    const report = await validateRun(store, 'er', join(dir, 'out'), { needed: ['peak_basics', 'event_info'] });
    expect(report.checks.find((c) => c.id === 'kr_merged_energy')?.skipped).toBe(
      'the simulated source is flat-er, not kr83m',
    );
    expect(report.kr83m).toBeUndefined();
    expect(readFileSync(report.html, 'utf8')).toContain('<p>the simulated source is flat-er, not kr83m</p>');
  });

  it('validates the processed simulation: lineages from pins, from made_from, else the newest', async () => {
    await simulatedRun('r', 'sim1', 20);
    await simulatedRun('r', 'sim2', 20, { missedS2: 5 });
    const newest = await validateRun(store, 'r', join(dir, 'a'), { needed: ['peak_basics'] });
    expect(newest.provenance.products.map((k) => k.lineage)).toEqual(['sim2', 'sim2-pb']);
    const pinned = await validateRun(store, 'r', join(dir, 'b'), {
      needed: ['peak_basics'],
      pinned: { peak_basics: 'sim1-pb' },
    });
    expect(pinned.provenance.products.map((k) => k.lineage)).toEqual(['sim1', 'sim1-pb']);
    expect(pinned.passed).toBe(true);
    await expect(
      validateRun(store, 'r', join(dir, 'c'), { needed: ['peak_basics'], pinned: { peak_basics: 'nope' } }),
    ).rejects.toThrow("--input peak_basics=nope: no such product of run 'r'; stored: sim1-pb, sim2-pb");
    await expect(
      validateRun(store, 'r', join(dir, 'c'), { needed: ['peak_basics'], pinned: { truth_peaks: 'sim1' } }),
    ).rejects.toThrow(
      "--input truth_peaks=sim1: only event_info, peak_positions, peak_basics can be chosen (the truth is the processed raw_records' simulation)",
    );
  });
});

describe('validateRun on bad input', () => {
  /** Runs validateRun expecting a UserError; checks that no report was written and the store is intact. */
  async function refused(run: string, needed: ('peak_basics' | 'event_info')[] = ['peak_basics']) {
    const before = store.list().map((k) => store.manifest(k));
    const out = join(dir, 'out');
    const err = await validateRun(store, run, out, { needed }).catch((e: unknown) => e);
    expect(isUserError(err), String(err)).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(store.list().map((k) => store.manifest(k))).toEqual(before);
    return (err as Error).message;
  }

  it('an empty run, a run without truth, a missing product', async () => {
    expect(await refused('nothing')).toBe("run 'nothing': nothing is stored (dance ls lists runs)");
    await simulatedRun('r', 'sim1', 3);
    expect(await refused('r', ['peak_basics', 'event_info'])).toBe(
      "run 'r': no event_info stored; make it with `dance process r --target event_info`",
    );
    await simulatedRun('imported', 'strax1', 3, { truth: false });
    expect(await refused('imported', ['peak_basics', 'event_info'])).toBe(
      "run 'imported' has no truth_peaks: validation needs a run simulated with `dance sim` (imported data has no truth)",
    );
  });

  it('a report directory that is a file', async () => {
    await simulatedRun('r', 'sim1', 3);
    const file = join(dir, 'taken');
    writeFileSync(file, 'x');
    const err = await validateRun(store, 'r', file, { needed: ['peak_basics'] }).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toBe(`report directory ${file}: cannot write (EEXIST)`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('an empty simulation', async () => {
    await simulatedRun('r', 'sim1', 0);
    expect(await refused('r')).toBe("run 'r': truth_peaks sim1 has no rows (an empty simulation): nothing to validate");
  });

  it('truth of another simulation than the one processed', async () => {
    await simulatedRun('r', 'sim1', 3, { truth: false });
    await writeProduct(store, { run: 'r', type: 'truth_peaks', lineage: 'sim9' }, truthPeaks, { time: [T0] });
    expect(await refused('r')).toBe(
      "run 'r': the processed raw_records sim1 have no truth_peaks of the same simulation (stored: sim9)",
    );
  });

  it('a stored product with a wrong column type', async () => {
    await simulatedRun('r', 'sim1', 3, { truth: false });
    const bad = defineRecord({
      ...peakBasics,
      fields: peakBasics.fields.map((f) => (f.name === 'type' ? { ...f, dtype: 'i64' as const } : f)),
    });
    await writeProduct(store, { run: 'r', type: 'truth_peaks', lineage: 'sim1' }, truthPeaks, { time: [T0] });
    await writeProduct(store, { run: 'r', type: 'peak_basics', lineage: 'pb' }, bad, {
      time: [T0],
      endtime: [T0 + 10n],
      type: [1n] as unknown as number[],
    });
    expect(await refused('r')).toBe("r/peak_basics pb: field 'type' is not a numeric column");
  });
});
