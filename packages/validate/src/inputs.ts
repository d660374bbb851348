import { type RecordBatch, UserError } from '@dance/schema';
import type { ProductKey, Store } from '@dance/store';
import type { RecoPeaks, TruthPeaks } from './matching.js';

/** The products validation reads, most downstream first: later ones are looked up in earlier ones' lineage. */
export const PRODUCTS = ['event_info', 'peak_positions', 'peak_basics'] as const;
export type ValidatedProduct = (typeof PRODUCTS)[number];

/** The event_info columns the Kr-83m spectrum reads. */
export const KR_COLUMNS = ['s1_center_time', 'alt_s1_center_time', 'cs1', 'alt_cs1', 'e_ces'] as const;

export interface ValidationInputs {
  run: string;
  truth: TruthPeaks;
  reco: RecoPeaks;
  /** event_info columns (KR_COLUMNS) when stored. */
  events?: RecordBatch;
  eventsKey?: ProductKey;
  /** The simulated source (truth_peaks provenance `source.name`), e.g. 'kr83m'. */
  source?: string;
  /** Every product read, with its lineage: the report's provenance. */
  products: ProductKey[];
  /** Products not stored, with the command that makes them. */
  missing: { type: ValidatedProduct; make: string }[];
}

/** The slice of a pipeline product's provenance used here: which lineages it was made from. */
interface MadeFrom {
  type: string;
  lineage: string;
  inputs: readonly MadeFrom[];
}

/**
 * Reads a run's truth and reconstructed products. Each product's lineage is, in order: the one pinned,
 * the only one stored, the one the more downstream product was made from, the newest. The truth must
 * come from the simulation whose raw_records were processed. Types in `needed` must be stored.
 */
export async function loadInputs(
  store: Store,
  run: string,
  needed: readonly ValidatedProduct[],
  pinned: Readonly<Record<string, string>> = {},
): Promise<ValidationInputs> {
  for (const [type, lineage] of Object.entries(pinned)) {
    if (!(PRODUCTS as readonly string[]).includes(type)) {
      throw new UserError(
        `--input ${type}=${lineage}: only ${PRODUCTS.join(', ')} can be chosen (the truth is the processed raw_records' simulation)`,
      );
    }
  }
  if (store.list({ run }).length === 0) throw new UserError(`run '${run}': nothing is stored (dance ls lists runs)`);
  if (store.list({ run, type: 'truth_peaks' }).length === 0) {
    throw new UserError(
      `run '${run}' has no truth_peaks: validation needs a run simulated with \`dance sim\` (imported data has no truth)`,
    );
  }
  const chosen = new Map<ValidatedProduct, ProductKey>();
  const trees: MadeFrom[] = [];
  for (const type of PRODUCTS) {
    const key = chooseLineage(store, run, type, pinned[type], trees);
    if (!key) continue;
    chosen.set(type, key);
    const tree = madeFrom(store, key);
    if (tree) trees.push(tree);
  }
  const make = (type: string) => `dance process ${run} --target ${type}`;
  for (const type of needed) {
    if (!chosen.has(type)) throw new UserError(`run '${run}': no ${type} stored; make it with \`${make(type)}\``);
  }
  const truthKey = truthFor(store, run, trees);
  if (store.manifest(truthKey).rows === 0) {
    throw new UserError(
      `run '${run}': truth_peaks ${truthKey.lineage} has no rows (an empty simulation): nothing to validate`,
    );
  }
  const basicsKey = chosen.get('peak_basics')!;
  const [truthBatch, basics] = await Promise.all([
    store.readAll(truthKey, { columns: ['endtime', 'center_time', 'type', 'n_pe', 'area', 'x', 'y'] }),
    store.readAll(basicsKey, { columns: ['endtime', 'type', 'area'] }),
  ]);
  const reco: RecoPeaks = {
    time: times(basics, 'time', basicsKey),
    endtime: times(basics, 'endtime', basicsKey),
    type: numbers(basics, 'type', basicsKey),
    area: numbers(basics, 'area', basicsKey),
  };
  const positionsKey = chosen.get('peak_positions');
  if (positionsKey) {
    const positions = await store.readAll(positionsKey, { columns: ['x', 'y'] });
    if (positions.length !== basics.length) {
      throw new UserError(
        `run '${run}': peak_positions ${positionsKey.lineage} has ${positions.length} rows but peak_basics ${basicsKey.lineage} ${basics.length}: pin matching lineages with --input`,
      );
    }
    reco.x = numbers(positions, 'x', positionsKey);
    reco.y = numbers(positions, 'y', positionsKey);
  }
  const eventsKey = chosen.get('event_info');
  const events = eventsKey ? await store.readAll(eventsKey, { columns: [...KR_COLUMNS] }) : undefined;
  const simulation = store.manifest(truthKey).provenance as { source?: { name?: unknown } } | undefined;
  return {
    run,
    source: typeof simulation?.source?.name === 'string' ? simulation.source.name : undefined,
    truth: {
      time: times(truthBatch, 'time', truthKey),
      endtime: times(truthBatch, 'endtime', truthKey),
      center_time: times(truthBatch, 'center_time', truthKey),
      type: numbers(truthBatch, 'type', truthKey),
      n_pe: numbers(truthBatch, 'n_pe', truthKey),
      area: numbers(truthBatch, 'area', truthKey),
      x: numbers(truthBatch, 'x', truthKey),
      y: numbers(truthBatch, 'y', truthKey),
    },
    reco,
    events,
    eventsKey,
    products: [truthKey, ...chosen.values()],
    missing: PRODUCTS.filter((t) => !chosen.has(t)).map((type) => ({ type, make: make(type) })),
  };
}

function chooseLineage(
  store: Store,
  run: string,
  type: string,
  pinned: string | undefined,
  trees: readonly MadeFrom[],
): ProductKey | undefined {
  const stored = store.list({ run, type });
  if (pinned !== undefined) {
    const key = stored.find((k) => k.lineage === pinned);
    if (!key) {
      const have = stored.length ? `; stored: ${stored.map((k) => k.lineage).join(', ')}` : '';
      throw new UserError(`--input ${type}=${pinned}: no such product of run '${run}'${have}`);
    }
    return key;
  }
  if (stored.length <= 1) return stored[0];
  for (const tree of trees) {
    const used = findType(tree, type);
    const key = used && stored.find((k) => k.lineage === used.lineage);
    if (key) return key;
  }
  return newest(store, stored);
}

/** truth_peaks (at least one is stored) of the simulation that made the processed raw_records. */
function truthFor(store: Store, run: string, trees: readonly MadeFrom[]): ProductKey {
  const stored = store.list({ run, type: 'truth_peaks' });
  const raw = trees.map((t) => findType(t, 'raw_records')).find((n) => n !== undefined);
  if (!raw) return newest(store, stored);
  const key = stored.find((k) => k.lineage === raw.lineage);
  if (!key) {
    throw new UserError(
      `run '${run}': the processed raw_records ${raw.lineage} have no truth_peaks of the same simulation (stored: ${stored.map((k) => k.lineage).join(', ')})`,
    );
  }
  return key;
}

/** A time column (int64 ns); a stored product with another dtype is a user-fixable mismatch. */
export function times(batch: RecordBatch, field: string, key: ProductKey): BigInt64Array {
  const column = batch.column(field);
  if (!(column instanceof BigInt64Array)) throw mismatch(key, field, 'an int64 time');
  return column;
}

/** A numeric (non-int64) column. */
export function numbers(batch: RecordBatch, field: string, key: ProductKey): ArrayLike<number> {
  const column = batch.column(field);
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) throw mismatch(key, field, 'a numeric');
  return column;
}

function mismatch(key: ProductKey, field: string, want: string): UserError {
  return new UserError(`${key.run}/${key.type} ${key.lineage}: field '${field}' is not ${want} column`);
}

function madeFrom(store: Store, key: ProductKey): MadeFrom | undefined {
  return (store.manifest(key).provenance as { made_from?: MadeFrom } | undefined)?.made_from;
}

function findType(node: MadeFrom, type: string): MadeFrom | undefined {
  if (node.type === type) return node;
  for (const input of node.inputs ?? []) {
    const found = findType(input, type);
    if (found) return found;
  }
  return undefined;
}

function newest(store: Store, keys: readonly ProductKey[]): ProductKey {
  const created = (k: ProductKey) => store.manifest(k).created;
  return [...keys].sort((a, b) => (created(a) < created(b) ? 1 : created(a) > created(b) ? -1 : 0))[0];
}
