import { openCatalog } from '@dance/catalog';
import { canonicalJson, type RecordSchema, UserError } from '@dance/schema';
import { type Manifest, type ProductKey, type Store, schemaOf } from '@dance/store';
import type { TableSource } from './session.js';

/** A product that feeds a result, as provenance records it. */
export interface ProductRef extends ProductKey {
  chunks: number;
  rows: number;
  /** Time span covered, ns: first chunk start to last chunk end (the exposure before vetoes). */
  start: bigint;
  end: bigint;
  /** sha256 of each chunk, in order: the exact bytes analysed. */
  sha256: string[];
}

export interface Selection {
  /** The run expression as given ('' for every run in the store). */
  query: string;
  runs: string[];
  tables: TableSource[];
  products: ProductRef[];
}

/**
 * Run ids from the catalog's metadata expression (e.g. `source = 'kr83m' and number >= 10`), or every
 * run with stored products when `query` is empty or there is no catalog. Errors when nothing matches.
 */
export async function selectRuns(store: Store, query: string, catalogUrl?: string): Promise<string[]> {
  let runs: string[];
  if (query.trim() === '' || catalogUrl === undefined) {
    if (query.trim() !== '') throw new UserError('--runs needs the workspace catalog');
    runs = [...new Set(store.list().map((k) => k.run))];
  } else {
    const catalog = await openCatalog(catalogUrl);
    try {
      runs = (await catalog.runs({ where: query })).map((r) => r.id);
    } finally {
      await catalog.close();
    }
  }
  if (runs.length === 0) throw new UserError(`run selection '${query || 'all'}' matches no runs`);
  return runs;
}

/**
 * The Parquet chunks of `types` for `runs`. A run with several lineages of a type needs `lineage`;
 * a run without the type is skipped, but a type found in no selected run is an error.
 */
export function selectProducts(
  store: Store,
  query: string,
  runs: readonly string[],
  types: readonly string[],
  lineage?: string,
): Selection {
  const wanted = new Set(runs);
  const tables: TableSource[] = [];
  const products: ProductRef[] = [];
  for (const type of types) {
    const byRun = new Map<string, ProductKey[]>();
    for (const key of store.list({ type })) {
      if (!wanted.has(key.run) || (lineage !== undefined && key.lineage !== lineage)) continue;
      byRun.set(key.run, [...(byRun.get(key.run) ?? []), key]);
    }
    const files: string[] = [];
    const schemas = new Map<string, RecordSchema>();
    for (const [run, keys] of byRun) {
      if (keys.length > 1) {
        throw new UserError(
          `run '${run}' has ${keys.length} lineages of '${type}' (${keys.map((k) => k.lineage).join(', ')}): pass --lineage`,
        );
      }
      const manifest: Manifest = store.manifest(keys[0]);
      if (manifest.format !== 'parquet-zstd') {
        throw new UserError(
          `'${type}' is stored as ${manifest.format}, not Parquet: only table products can be queried`,
        );
      }
      schemas.set(canonicalJson(manifest.schema), schemaOf(manifest.schema));
      const dir = `${run}/${type}-${manifest.lineage}`;
      files.push(...manifest.chunks.map((c) => store.site.locate(`${dir}/${c.file}`)));
      products.push({
        run,
        type,
        lineage: manifest.lineage,
        chunks: manifest.chunks.length,
        rows: manifest.rows,
        start: manifest.chunks[0]?.start ?? 0n,
        end: manifest.chunks[manifest.chunks.length - 1]?.end ?? 0n,
        sha256: manifest.chunks.map((c) => c.sha256),
      });
    }
    if (files.length === 0) {
      throw new UserError(
        `no '${type}' products${lineage ? ` with lineage ${lineage}` : ''} in the ${runs.length} selected run(s)`,
      );
    }
    tables.push({ name: type, files, schema: schemas.size === 1 ? [...schemas.values()][0] : undefined });
  }
  return { query, runs: [...runs], tables, products };
}
