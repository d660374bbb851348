import type { Catalog } from '@dance/catalog';
import { UserError } from '@dance/schema';
import type { Sums } from './checksums.js';
import type { TransferDb } from './tables.js';

/** What a rule keeps copies of: runs by expression, one data type, or a named dataset. */
export interface Selection {
  /** run expression, e.g. `source = 'kr83m' and has tag 'sr0'` */
  runs?: string;
  /** a data type, e.g. `peaks` (with `runs`: that type of those runs) */
  type?: string;
  /** a dataset or container, `scope:name` */
  dataset?: string;
}

/** A catalogued file as transfers need it. */
export interface CatalogFile extends Sums {
  id: number;
  /** `scope:name` */
  did: string;
  /** where it lives at a site unless a replica says otherwise: the store's layout */
  path: string;
}

/**
 * A product file `<run>:<type>/<lineage>/<chunk>` sits at `<run>/<type>-<lineage>/<chunk>` in a
 * store; any other file at `<scope>/<name>`.
 */
export function defaultPath(scope: string, name: string): string {
  const m = /^([^/]+)\/([^/]+)\/([^/]+)$/.exec(name);
  return m ? `${scope}/${m[1]}-${m[2]}/${m[3]}` : `${scope}/${name}`;
}

/** The files a selection names today (a rule re-evaluates it, so new runs join automatically). */
export async function selectFiles(catalog: Catalog, db: TransferDb, s: Selection): Promise<CatalogFile[]> {
  if (!s.dataset && !s.runs && !s.type) throw new UserError('a selection needs runs, a data type or a dataset');
  let q = db
    .selectFrom('dids')
    .leftJoin('products', 'products.id', 'dids.product_id')
    .select(['dids.id', 'dids.scope', 'dids.name', 'dids.size', 'dids.adler32', 'dids.sha256'])
    .where('dids.type', '=', 'file');
  if (s.dataset) {
    const members = await filesOfDataset(catalog, s.dataset);
    if (members.length === 0) return [];
    q = q.where((eb) =>
      eb.or(members.map((d) => eb.and([eb('dids.scope', '=', d.scope), eb('dids.name', '=', d.name)]))),
    );
  }
  if (s.runs || s.type) {
    if (s.type) q = q.where('products.type', '=', s.type);
    if (s.runs) {
      const runs = (await catalog.runs({ where: s.runs })).map((r) => r.id);
      if (runs.length === 0) return [];
      q = q.where('products.run_id', 'in', runs);
    }
  }
  const rows = await q.orderBy('dids.scope').orderBy('dids.name').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    did: `${r.scope}:${r.name}`,
    path: defaultPath(r.scope, r.name),
    size: Number(r.size),
    adler32: r.adler32 ?? '',
    sha256: r.sha256 ?? '',
  }));
}

/** Files of a dataset, or of every dataset inside a container (depth-first, each visited once). */
async function filesOfDataset(catalog: Catalog, did: string): Promise<{ scope: string; name: string }[]> {
  const files: { scope: string; name: string }[] = [];
  const seen = new Set<string>();
  const queue = [did];
  while (queue.length) {
    const next = queue.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const member of await catalog.datasetContents(next)) {
      if (member.type === 'file') {
        const colon = member.did.indexOf(':');
        files.push({ scope: member.did.slice(0, colon), name: member.did.slice(colon + 1) });
      } else queue.push(member.did);
    }
  }
  return files;
}
