import { type BlindingRegion, regionHash, type UnblindingEntry } from './blinding.js';
import type { CutSet } from './cuts.js';
import type { Selection } from './selection.js';
import { livetime, type VetoSet } from './vetoes.js';

/** What a result was made from: enough to reproduce it and to tell two results apart. */
export interface ResultProvenance {
  software: { name: 'dance'; version: string };
  created: string;
  runQuery: string;
  runs: string[];
  products: Selection['products'];
  /** The query, histogram or fit as asked. */
  request: Record<string, unknown>;
  cuts?: CutSet;
  vetoes?: {
    file: string;
    name: string;
    version: number;
    lineage: string;
    intervals: number;
    /** Per product: exposure and livetime after vetoes, ns. */
    livetime: { run: string; exposure: bigint; live: bigint }[];
  };
  blinding: {
    blinded: { name: string; table: string; where: string; definition: string }[];
    unblinded: UnblindingEntry[];
  };
}

export function resultProvenance(args: {
  version: string;
  selection: Selection;
  request: Record<string, unknown>;
  cuts?: CutSet;
  vetoes?: VetoSet;
  blinded: readonly BlindingRegion[];
  unblinded: readonly UnblindingEntry[];
}): ResultProvenance {
  return {
    software: { name: 'dance', version: args.version },
    created: new Date().toISOString(),
    runQuery: args.selection.query,
    runs: args.selection.runs,
    products: args.selection.products,
    request: args.request,
    ...(args.cuts ? { cuts: args.cuts } : {}),
    ...(args.vetoes ? { vetoes: vetoProvenance(args.vetoes, args.selection) } : {}),
    blinding: {
      blinded: args.blinded.map((r) => ({ name: r.name, table: r.table, where: r.where, definition: regionHash(r) })),
      unblinded: [...args.unblinded],
    },
  };
}

function vetoProvenance(v: VetoSet, selection: Selection): NonNullable<ResultProvenance['vetoes']> {
  return {
    file: v.file,
    name: v.name,
    version: v.version,
    lineage: v.lineage,
    intervals: v.starts.length,
    livetime: selection.products.map((p) => ({ run: p.run, ...livetime(p.start, p.end, v) })),
  };
}
