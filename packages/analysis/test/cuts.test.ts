import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalysisSession,
  activeRegions,
  allOf,
  checkCuts,
  cutFlow,
  histogram,
  loadCuts,
  readUnblindingLog,
  unblind,
} from '../src/index.js';
import { makeStore, openSession } from './fixture.js';

let env: { dir: string; store: Store; cleanup: () => void };
let session: AnalysisSession;

const CUTS = `name: kr-selection
version: 1
cuts:
  - name: fiducial
    expr: s2_x*s2_x + s2_y*s2_y < 40*40
    description: inner 40 cm radius
  - name: drift
    expr: drift_time BETWEEN 1e5 AND 1.8e6
  - name: s1-channels
    expr: s1_n_channels >= 3
`;

function writeCuts(name: string, text: string): string {
  const file = join(env.dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  env = await makeStore();
  session = await openSession(env.dir, env.store);
});
afterAll(() => {
  session?.close();
  env?.cleanup();
});

describe('cuts from files', () => {
  it('loads a versioned cut file with a content lineage', () => {
    const set = loadCuts(writeCuts('cuts.yaml', CUTS));
    expect(set.cuts.map((c) => c.name)).toEqual(['fiducial', 'drift', 's1-channels']);
    expect(set.lineage).toMatch(/^[0-9a-f]{16}$/);
    const edited = loadCuts(writeCuts('cuts2.yaml', CUTS.replace('>= 3', '>= 4')));
    expect(edited.lineage).not.toBe(set.lineage);
  });

  it('gives a cut flow whose counts match direct counts, with N-1 efficiencies', async () => {
    const set = loadCuts(writeCuts('cuts.yaml', CUTS));
    await checkCuts(session, 'event_info', set);
    const flow = await cutFlow(session, 'event_info', set.cuts);
    expect(flow.total).toBe(8000);
    const count = async (where: string) =>
      Number((await session.all(`SELECT count(*) AS n FROM event_info WHERE ${where}`))[0].n);
    for (const [i, row] of flow.rows.entries()) {
      expect(row.passed).toBe(await count(allOf(set.cuts.slice(0, i + 1))));
      expect(row.passedOthers).toBe(await count(allOf(set.cuts.filter((_, j) => j !== i))));
    }
    const all = flow.rows[2].passed;
    expect(flow.rows[0].cumulative).toBeCloseTo(0.64, 1); // (40/50)^2 of a uniform disc
    expect(flow.rows[1].efficiency).toBeCloseTo(flow.rows[1].passed / flow.rows[0].passed, 12);
    expect(flow.rows[0].nMinusOneEfficiency).toBe(all / flow.rows[0].passedOthers);
    // The N-1 distribution of a cut's variable: every other cut applied.
    const others = allOf(set.cuts.filter((c) => c.name !== 'drift'));
    const h = await histogram(session, {
      table: 'event_info',
      axes: [{ label: 'drift_time', bins: 10, lo: 0, hi: 2e6 }],
      where: others,
    });
    expect(h.entries.reduce((a, b) => a + b)).toBe(flow.rows[1].passedOthers);
  });

  it('names the file and cut for a missing column, a malformed expression and bad keys', async () => {
    const missing = loadCuts(writeCuts('bad1.yaml', CUTS.replace('s1_n_channels', 's1_n_chanels')));
    await expect(checkCuts(session, 'event_info', missing)).rejects.toThrow(
      /bad1\.yaml: cut 's1-channels': Binder Error: Referenced column "s1_n_chanels" not found/,
    );
    const malformed = loadCuts(writeCuts('bad2.yaml', CUTS.replace('BETWEEN 1e5 AND', 'BETWEEN AND')));
    await expect(checkCuts(session, 'event_info', malformed)).rejects.toThrow(/bad2\.yaml: cut 'drift': syntax error/);
    expect(() => loadCuts(writeCuts('bad3.yaml', CUTS.replace('>= 3', '>= 3; DROP TABLE x')))).toThrow(
      "bad3.yaml: cuts[2] 's1-channels': expr must be one expression (no ';' or comments)",
    );
    expect(() => loadCuts(writeCuts('bad4.yaml', CUTS.replace('    expr: s2_x', '    exp: s2_x')))).toThrow(
      "bad4.yaml: cuts[0]: unknown key 'exp'",
    );
    expect(() => loadCuts(writeCuts('bad5.yaml', 'name: [unclosed'))).toThrow(/bad5\.yaml: cannot read cut file/);
    const sneaky = loadCuts(
      writeCuts('bad6.yaml', CUTS.replace('s1_n_channels >= 3', "cs1 IN (SELECT 1 FROM read_parquet('x'))")),
    );
    await expect(checkCuts(session, 'event_info', sneaky)).rejects.toThrow(/cut 's1-channels': query would unblind/);
  });
});

describe('blinding', () => {
  const region = { name: 'kr-line', table: 'event_info', where: 'cs1 BETWEEN 40 AND 60', description: 'signal' };

  it('hides the region from queries, histograms and cut flows until unblinding is logged', async () => {
    const blinded = await openSession(env.dir, env.store, [region]);
    try {
      const [inside] = await blinded.all('SELECT count(*) AS n FROM event_info WHERE cs1 BETWEEN 40 AND 60');
      expect(inside.n).toBe(0n);
      const [open] = await session.all('SELECT count(*) AS n FROM event_info WHERE NOT (cs1 BETWEEN 40 AND 60)');
      const [all] = await blinded.all('SELECT count(*) AS n FROM event_info');
      expect(all.n).toBe(open.n);
      const h = await histogram(blinded, { table: 'event_info', axes: [{ label: 'cs1', bins: 20, lo: 0, hi: 100 }] });
      for (let bin = 9; bin <= 12; bin++) expect(h.sumw[bin]).toBe(0); // [40, 60)
    } finally {
      blinded.close();
    }
    const log = join(env.dir, 'analysis', 'unblinding.jsonl');
    expect(activeRegions([region], readUnblindingLog(log))).toEqual([region]);
    expect(() => unblind(log, [region], 'kr-lin', { user: 'ana', reason: 'box opening' })).toThrow(
      "no blinding region 'kr-lin' in the workspace config (regions: kr-line)",
    );
    expect(() => unblind(log, [region], 'kr-line', { user: 'ana', reason: '' })).toThrow('unblinding needs a reason');
    unblind(log, [region], 'kr-line', { user: 'ana', reason: 'collaboration approved box opening' });
    const entries = readUnblindingLog(log);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ region: 'kr-line', user: 'ana', reason: 'collaboration approved box opening' });
    expect(activeRegions([region], entries)).toEqual([]);
    // Editing the region's definition blinds it again.
    const widened = { ...region, where: 'cs1 BETWEEN 30 AND 70' };
    expect(activeRegions([widened], entries)).toEqual([widened]);
  });

  it('refuses a region over a missing column, and a corrupt log, without touching the log', async () => {
    await expect(openSession(env.dir, env.store, [{ ...region, where: 'cs3 > 1' }])).rejects.toThrow(
      /blinding region 'kr-line' on table 'event_info': Binder Error: Referenced column "cs3" not found/,
    );
    const log = join(env.dir, 'bad', 'log.jsonl');
    mkdirSync(join(env.dir, 'bad'), { recursive: true });
    writeFileSync(log, '{"region":"a"}\nnot json\n');
    expect(() => readUnblindingLog(log)).toThrow(`${log}:2: unblinding log line is not JSON`);
    expect(readFileSync(log, 'utf8')).toBe('{"region":"a"}\nnot json\n');
  });
});
