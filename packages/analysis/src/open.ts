import { join, resolve } from 'node:path';
import { Store } from '@dance/store';
import { activeRegions, type BlindingRegion, readUnblindingLog, regionHash, type UnblindingEntry } from './blinding.js';
import { type Cut, type CutSet, checkCuts, loadCuts } from './cuts.js';
import { type ResultProvenance, resultProvenance } from './provenance.js';
import { type Selection, selectProducts, selectRuns } from './selection.js';
import { AnalysisSession } from './session.js';
import { loadVetoes, type VetoSet } from './vetoes.js';

/** The data-quality veto as the first step of every cut flow. */
const VETO_CUT: Cut = { name: 'dq-veto', expr: 'NOT vetoed', description: 'event time outside every veto interval' };

/** The workspace's `analysis` section (dance.yaml), as validated there. */
export interface AnalysisConfig {
  memory_limit: string;
  threads?: number;
  temp_dir: string;
  max_temp_size?: string;
  blinding: BlindingRegion[];
}

export const DEFAULT_ANALYSIS: AnalysisConfig = { memory_limit: '1GB', temp_dir: '.dance/tmp', blinding: [] };

/** The audited record of unblinding acts, kept in the workspace root next to dance.yaml. */
export function unblindingLogPath(root: string): string {
  return join(root, 'unblinding.jsonl');
}

export interface OpenRequest {
  /** Workspace root (temp dir and unblinding log are relative to it). */
  root: string;
  dataDir: string;
  catalogUrl?: string;
  config?: AnalysisConfig;
  /** Catalog run expression; '' for every stored run. */
  runs: string;
  tables: string[];
  lineage?: string;
  cutsFile?: string;
  vetoFile?: string;
}

/** An open analysis: the session, what it selected, and the provenance any result from it carries. */
export interface OpenAnalysis {
  session: AnalysisSession;
  selection: Selection;
  cuts?: CutSet;
  vetoes?: VetoSet;
  /** The selection predicate: cuts ANDed, with `NOT vetoed` first when vetoes are applied. */
  cutList: Cut[];
  blinded: BlindingRegion[];
  unblinded: UnblindingEntry[];
  provenance(version: string, request: Record<string, unknown>): ResultProvenance;
}

/** Selects runs and products, opens the blinded DuckDB session and checks the cuts against it. */
export async function openAnalysis(req: OpenRequest): Promise<OpenAnalysis> {
  const config = req.config ?? DEFAULT_ANALYSIS;
  const store = new Store(req.dataDir);
  const runs = await selectRuns(store, req.runs, req.catalogUrl);
  const selection = selectProducts(store, req.runs, runs, req.tables, req.lineage);
  const log = readUnblindingLog(unblindingLogPath(req.root));
  const blinded = activeRegions(config.blinding, log);
  const unblinded = log.filter((e) =>
    config.blinding.some((r) => r.name === e.region && regionHash(r) === e.definition),
  );
  const cuts = req.cutsFile === undefined ? undefined : loadCuts(req.cutsFile);
  const vetoes = req.vetoFile === undefined ? undefined : loadVetoes(req.vetoFile);
  const session = await AnalysisSession.open(
    {
      memoryLimit: config.memory_limit,
      threads: config.threads,
      tempDir: resolve(req.root, config.temp_dir),
      maxTempSize: config.max_temp_size,
    },
    selection.tables,
    blinded,
    vetoes,
  );
  try {
    if (cuts) await checkCuts(session, req.tables[0], cuts);
  } catch (err) {
    session.close();
    throw err;
  }
  const cutList = [...(vetoes ? [VETO_CUT] : []), ...(cuts?.cuts ?? [])];
  return {
    session,
    selection,
    cuts,
    vetoes,
    cutList,
    blinded,
    unblinded,
    provenance: (version, request) =>
      resultProvenance({ version, selection, request, cuts, vetoes, blinded, unblinded }),
  };
}
