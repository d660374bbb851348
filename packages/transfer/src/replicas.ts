import type { ReplicaState } from '@dance/catalog';
import { nowNs } from '@dance/schema';
import type { TransferDb } from './tables.js';

/** A replica row as the engine needs it. */
export interface ReplicaRow {
  fileId: number;
  site: string;
  state: ReplicaState;
  path: string | null;
}

export async function replicasOfFiles(db: TransferDb, fileIds: number[]): Promise<Map<number, ReplicaRow[]>> {
  const out = new Map<number, ReplicaRow[]>(fileIds.map((id) => [id, []]));
  // chunks of 500 keep the statement under every backend's parameter limit
  for (let i = 0; i < fileIds.length; i += 500) {
    const rows = await db
      .selectFrom('replicas')
      .select(['file_id', 'site', 'state', 'path'])
      .where('file_id', 'in', fileIds.slice(i, i + 500))
      .orderBy('site')
      .execute();
    for (const r of rows) {
      out
        .get(Number(r.file_id))
        ?.push({ fileId: Number(r.file_id), site: r.site, state: r.state as ReplicaState, path: r.path });
    }
  }
  return out;
}

export async function setReplica(db: TransferDb, fileId: number, site: string, state: ReplicaState, path: string) {
  await db
    .insertInto('replicas')
    .values({ file_id: fileId, site, state, path, updated_ns: nowNs() })
    .onConflict((oc) => oc.columns(['file_id', 'site']).doUpdateSet({ state, path, updated_ns: nowNs() }))
    .execute();
}

export async function dropReplica(db: TransferDb, fileId: number, site: string) {
  await db.deleteFrom('replicas').where('file_id', '=', fileId).where('site', '=', site).execute();
}

/** Bytes held or being written at a site (for quotas and buffer fill). */
export async function bytesAt(db: TransferDb, site: string, states: ReplicaState[]): Promise<number> {
  const row = await db
    .selectFrom('replicas')
    .innerJoin('dids', 'dids.id', 'replicas.file_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum('dids.size'), eb.lit(0)).as('bytes'))
    .where('replicas.site', '=', site)
    .where('replicas.state', 'in', states)
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}
