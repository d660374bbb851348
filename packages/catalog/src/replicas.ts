import { nowNs, UserError } from '@dance/schema';
import { type Connection, violatedConstraint } from './dialect.js';
import { requireDid } from './files.js';
import { quote } from './names.js';

export const REPLICA_STATES = ['available', 'copying', 'bad', 'unavailable'] as const;
export type ReplicaState = (typeof REPLICA_STATES)[number];

/** A copy of a file at a site. */
export interface Replica {
  file: string;
  site: string;
  state: ReplicaState;
  /** where at the site, relative to its URL */
  path: string | null;
}

/** Adds or updates the replica of a file at a site. Unknown files and sites are refused. */
export async function addReplica(
  c: Connection,
  fileText: string,
  site: string,
  state: ReplicaState = 'available',
  path: string | null = null,
): Promise<Replica> {
  if (!REPLICA_STATES.includes(state)) {
    throw new UserError(`replica state ${quote(state)} must be one of ${REPLICA_STATES.join(', ')}`);
  }
  const file = await requireDid(c.db, fileText, ['file']);
  try {
    await c.db
      .insertInto('replicas')
      .values({ file_id: file.id, site, state, path, updated_ns: nowNs() })
      .onConflict((oc) => oc.columns(['file_id', 'site']).doUpdateSet({ state, path, updated_ns: nowNs() }))
      .execute();
  } catch (err) {
    if (violatedConstraint(err) === 'foreign-key') throw new UserError(`unknown site ${quote(site)}`);
    throw err;
  }
  return { file: fileText, site, state, path };
}

export async function replicasOf(c: Connection, fileText: string): Promise<Replica[]> {
  const file = await requireDid(c.db, fileText, ['file']);
  const rows = await c.db
    .selectFrom('replicas')
    .select(['site', 'state', 'path'])
    .where('file_id', '=', file.id)
    .orderBy('site')
    .execute();
  return rows.map((r) => ({ file: fileText, site: r.site, state: r.state as ReplicaState, path: r.path }));
}
