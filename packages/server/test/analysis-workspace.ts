import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticEventInfo } from '@dance/analysis';
import { openCatalog } from '@dance/catalog';
import { Store } from '@dance/store';
import { initWorkspace, openWorkspace, type Workspace } from '@dance/workspace';

export const RUN_START = 1_780_000_000_000_000_000n;
export const RUNS = [
  { id: '000001', source: 'kr83m' },
  { id: '000002', source: 'ambe' },
] as const;
export const CUTS_YAML =
  'name: wimp\nversion: 1\ncuts:\n  - name: fiducial\n    expr: s2_x*s2_x + s2_y*s2_y < 1600\n  - name: drift\n    expr: drift_time > 1e5\n';
export const BLINDED = 'cs1 BETWEEN 45 AND 55';

export interface AnalysisWorkspace {
  ws: Workspace;
  /** The stored events per run, to compute what the API must answer. */
  events: Map<string, ReturnType<typeof syntheticEventInfo>>;
}

/**
 * A workspace whose store holds event_info products (the chain's type, synthetic events, one chunk a run) of two
 * catalogued runs (every 50th event without S1 or S2 position, NaN), with a cut file, a broken cut file and
 * a blinded cS1 band in dance.yaml.
 */
export async function analysisWorkspace(dir: string, eventsPerRun = 1000): Promise<AnalysisWorkspace> {
  const fresh = initWorkspace(dir, { name: 'analysis-test' });
  appendFileSync(
    fresh.configPath,
    `analysis:\n  memory_limit: 256MB\n  threads: 1\n  blinding:\n    - name: kr-line\n      table: event_info\n      where: ${BLINDED}\n`,
  );
  writeFileSync(join(dir, 'cuts.yaml'), CUTS_YAML);
  writeFileSync(join(dir, 'broken.yaml'), 'name: broken\nversion: 1\ncuts: []\n');
  const ws = openWorkspace(dir);
  const store = new Store(ws.dataDir);
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  const events = new Map<string, ReturnType<typeof syntheticEventInfo>>();
  try {
    for (const [i, run] of RUNS.entries()) {
      const start = RUN_START + BigInt(i) * 10n ** 12n;
      const rows = syntheticEventInfo(eventsPerRun, start, i + 1);
      // as the chain marks a missing S1 (cS1 NaN) or S2 position: every 50th event
      for (let k = 7; k < eventsPerRun; k += 50) {
        rows.columns.cs1[k] = Number.NaN;
        rows.columns.s2_x[k] = Number.NaN;
      }
      const w = store.writer({ run: run.id, type: 'event_info', lineage: 'synth0' }, rows.schema);
      await w.write(rows, { start, end: start + 10n ** 12n });
      await w.commit();
      await catalog.registerRun({ id: run.id, number: i + 1, start, end: start + 10n ** 12n, source: run.source });
      events.set(run.id, rows);
    }
  } finally {
    await catalog.close();
  }
  return { ws, events };
}
