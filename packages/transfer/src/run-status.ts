import type { Catalog } from '@dance/catalog';
import { sql } from 'kysely';
import { listRules, type Rule } from './rules.js';
import { selectFiles } from './selection.js';
import { transferDb } from './tables.js';

/** Where a run's files are and what is still moving: what `dance show` prints about transfers. */
export interface RunTransferStatus {
  /** Files of the run per site and replica state. */
  replicas: { site: string; state: string; files: number }[];
  /** Queued transfers per destination; `failing` counts those whose last attempt failed. */
  queued: { dest: string; files: number; failing: number }[];
  /** Rules whose selection includes at least one of the run's files. */
  rules: Rule[];
}

export async function runTransferStatus(catalog: Catalog, run: string): Promise<RunTransferStatus> {
  const db = await transferDb(catalog);
  const replicas = await db
    .selectFrom('replicas')
    .innerJoin('dids', 'dids.id', 'replicas.file_id')
    .where('dids.scope', '=', run)
    .select(['replicas.site as site', 'replicas.state as state', (eb) => eb.fn.countAll().as('files')])
    .groupBy(['replicas.site', 'replicas.state'])
    .orderBy('replicas.site')
    .execute();
  const queued = await db
    .selectFrom('transfer_requests')
    .innerJoin('dids', 'dids.id', 'transfer_requests.file_id')
    .where('dids.scope', '=', run)
    .select([
      'transfer_requests.dest as dest',
      (eb) => eb.fn.countAll().as('files'),
      sql<number>`sum(case when transfer_requests.error is null then 0 else 1 end)`.as('failing'),
    ])
    .groupBy('transfer_requests.dest')
    .orderBy('transfer_requests.dest')
    .execute();
  const rules: Rule[] = [];
  for (const rule of await listRules(catalog)) {
    const files = await selectFiles(catalog, db, rule.selection);
    if (files.some((f) => f.did.startsWith(`${run}:`))) rules.push(rule);
  }
  return {
    replicas: replicas.map((r) => ({ site: r.site, state: r.state, files: Number(r.files) })),
    queued: queued.map((q) => ({ dest: q.dest, files: Number(q.files), failing: Number(q.failing) })),
    rules,
  };
}
