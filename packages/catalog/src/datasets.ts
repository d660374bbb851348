import { nowNs, UserError } from '@dance/schema';
import { toNumber } from './codec.js';
import { type Connection, violatedConstraint, writeTransaction } from './dialect.js';
import { type DidRow, requireDid } from './files.js';
import { parseDid, quote } from './names.js';

/**
 * Named collections, Rucio-style: a dataset holds files, a container holds datasets and containers.
 * Open until closed (closing is final); a monotonic one never loses content.
 */
export interface DatasetInfo {
  scope: string;
  name: string;
  type: 'dataset' | 'container';
  open: boolean;
  monotonic: boolean;
  /** number of direct members */
  members: number;
}

export interface DatasetOptions {
  type?: 'dataset' | 'container';
  monotonic?: boolean;
}

export async function addDataset(c: Connection, text: string, options: DatasetOptions = {}): Promise<DatasetInfo> {
  const did = parseDid(text);
  const type = options.type ?? 'dataset';
  if (type !== 'dataset' && type !== 'container') {
    throw new UserError(`${quote(text)}: type must be dataset or container, not ${quote(type)}`);
  }
  try {
    await c.db
      .insertInto('dids')
      .values({
        scope: did.scope,
        name: did.name,
        type,
        open: 1,
        monotonic: options.monotonic ? 1 : 0,
        created_ns: nowNs(),
      })
      .execute();
  } catch (err) {
    if (violatedConstraint(err) === 'unique') throw new UserError(`${quote(text)} already exists in the catalog`);
    throw err;
  }
  return getDataset(c, text);
}

/** Adds members to an open dataset or container; all or nothing. */
export async function attach(c: Connection, parentText: string, childTexts: string[]): Promise<DatasetInfo> {
  await writeTransaction(c, async (trx) => {
    const parent = await requireDid(trx, parentText, ['dataset', 'container']);
    if (!toNumber(parent.open)) throw new UserError(`${quote(parentText)} is closed`);
    const wanted = parent.type === 'dataset' ? ['file'] : ['dataset', 'container'];
    for (const childText of childTexts) {
      const child = await requireDid(trx, childText);
      if (!wanted.includes(child.type)) {
        const holds = parent.type === 'dataset' ? 'files' : 'datasets and containers';
        throw new UserError(`a ${parent.type} holds ${holds}: ${quote(childText)} is a ${child.type}`);
      }
      if (child.type === 'container' && (await isAncestorOrSelf(trx, child, parent))) {
        throw new UserError(`attaching ${quote(childText)} to ${quote(parentText)} would make a cycle`);
      }
      await trx
        .insertInto('attachments')
        .values({ parent_id: parent.id, child_id: child.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  return getDataset(c, parentText);
}

export async function detach(c: Connection, parentText: string, childTexts: string[]): Promise<DatasetInfo> {
  await writeTransaction(c, async (trx) => {
    const parent = await requireDid(trx, parentText, ['dataset', 'container']);
    if (toNumber(parent.monotonic)) throw new UserError(`${quote(parentText)} is monotonic: members cannot be removed`);
    if (!toNumber(parent.open)) throw new UserError(`${quote(parentText)} is closed`);
    for (const childText of childTexts) {
      const child = await requireDid(trx, childText);
      await trx.deleteFrom('attachments').where('parent_id', '=', parent.id).where('child_id', '=', child.id).execute();
    }
  });
  return getDataset(c, parentText);
}

/** Closing is final, as in Rucio: a closed dataset's content is fixed. */
export async function closeDataset(c: Connection, text: string): Promise<DatasetInfo> {
  const row = await requireDid(c.db, text, ['dataset', 'container']);
  await c.db.updateTable('dids').set({ open: 0 }).where('id', '=', row.id).execute();
  return getDataset(c, text);
}

export async function getDataset(c: Connection, text: string): Promise<DatasetInfo> {
  return datasetInfo(c, await requireDid(c.db, text, ['dataset', 'container']));
}

export async function listDatasets(c: Connection, scope?: string): Promise<DatasetInfo[]> {
  let q = c.db.selectFrom('dids').selectAll().where('type', 'in', ['dataset', 'container']);
  if (scope !== undefined) q = q.where('scope', '=', scope);
  const rows = await q.orderBy('scope').orderBy('name').execute();
  return Promise.all(rows.map((r) => datasetInfo(c, r)));
}

/** Direct members as `scope:name` with their type. */
export async function datasetContents(c: Connection, text: string) {
  const parent = await requireDid(c.db, text, ['dataset', 'container']);
  const rows = await c.db
    .selectFrom('attachments')
    .innerJoin('dids', 'dids.id', 'attachments.child_id')
    .select(['dids.scope', 'dids.name', 'dids.type'])
    .where('attachments.parent_id', '=', parent.id)
    .orderBy('dids.scope')
    .orderBy('dids.name')
    .execute();
  return rows.map((r) => ({ did: `${r.scope}:${r.name}`, type: r.type }));
}

async function datasetInfo(c: Connection, row: DidRow): Promise<DatasetInfo> {
  const count = await c.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('parent_id', '=', row.id)
    .executeTakeFirst();
  return {
    scope: row.scope,
    name: row.name,
    type: row.type as DatasetInfo['type'],
    open: Boolean(toNumber(row.open)),
    monotonic: Boolean(toNumber(row.monotonic)),
    members: toNumber(count?.n ?? 0),
  };
}

/** Whether `candidate` is `node` or contains it (walking parents upward from `node`). */
async function isAncestorOrSelf(
  db: Parameters<typeof requireDid>[0],
  candidate: DidRow,
  node: DidRow,
): Promise<boolean> {
  const target = toNumber(candidate.id);
  let frontier = [toNumber(node.id)];
  const seen = new Set<number>();
  while (frontier.length > 0) {
    if (frontier.includes(target)) return true;
    for (const id of frontier) seen.add(id);
    const parents = await db.selectFrom('attachments').select('parent_id').where('child_id', 'in', frontier).execute();
    frontier = parents.map((p) => toNumber(p.parent_id)).filter((id) => !seen.has(id));
  }
  return false;
}
