import type { Catalog } from '@dance/catalog';
import { nowNs, UserError } from '@dance/schema';
import type { Selection } from './selection.js';
import { matchSites } from './site-expression.js';
import { transferDb } from './tables.js';

export const RULE_STATES = ['ok', 'replicating', 'stuck'] as const;
export type RuleState = (typeof RULE_STATES)[number];

export interface RuleSpec {
  selection: Selection;
  /** site expression, e.g. `surface | tape` */
  sites: string;
  copies?: number;
  /** lifetime in seconds from now; forever when absent */
  lifetime?: number;
  /** when expired, delete even the last copy of a file */
  purgeLast?: boolean;
}

export interface Rule {
  id: number;
  selection: Selection;
  sites: string;
  copies: number;
  expires: bigint | null;
  state: RuleState;
  reason: string | null;
  purgeLast: boolean;
}

/** Keeps `copies` copies of a selection on sites matching an expression; the daemon makes it so. */
export async function addRule(catalog: Catalog, spec: RuleSpec, now = nowNs()): Promise<Rule> {
  const copies = spec.copies ?? 1;
  if (!Number.isSafeInteger(copies) || copies < 1) throw new UserError(`copies ${copies} must be a positive integer`);
  const matching = matchSites(spec.sites, await catalog.sites());
  if (matching.size === 0) throw new UserError(`site expression '${spec.sites}' matches no site`);
  if (matching.size < copies) {
    throw new UserError(
      `site expression '${spec.sites}' matches ${matching.size} site(s), fewer than ${copies} copies`,
    );
  }
  if (spec.lifetime !== undefined && !(spec.lifetime > 0))
    throw new UserError(`lifetime ${spec.lifetime} must be > 0 seconds`);
  if (!spec.selection.runs && !spec.selection.type && !spec.selection.dataset) {
    throw new UserError('a rule needs a selection: runs, a data type or a dataset');
  }
  if (spec.selection.dataset) await catalog.dataset(spec.selection.dataset);
  const db = await transferDb(catalog);
  const row = await db
    .insertInto('transfer_rules')
    .values({
      selection: JSON.stringify(spec.selection),
      sites: spec.sites,
      copies,
      expires_ns: spec.lifetime === undefined ? null : now + BigInt(Math.round(spec.lifetime * 1e9)),
      state: 'replicating',
      reason: null,
      purge_last: spec.purgeLast ? 1 : 0,
      created_ns: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getRule(catalog, Number(row.id));
}

export async function listRules(catalog: Catalog): Promise<Rule[]> {
  const db = await transferDb(catalog);
  const rows = await db.selectFrom('transfer_rules').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    selection: JSON.parse(r.selection) as Selection,
    sites: r.sites,
    copies: Number(r.copies),
    expires: r.expires_ns === null ? null : BigInt(r.expires_ns),
    state: r.state as RuleState,
    reason: r.reason,
    purgeLast: Number(r.purge_last) === 1,
  }));
}

export async function getRule(catalog: Catalog, id: number): Promise<Rule> {
  const rule = (await listRules(catalog)).find((r) => r.id === id);
  if (!rule) throw new UserError(`unknown rule ${id}`);
  return rule;
}

/** Deletes a rule; the replicas it made stay until the daemon finds no rule wants them. */
export async function deleteRule(catalog: Catalog, id: number): Promise<void> {
  await getRule(catalog, id);
  const db = await transferDb(catalog);
  await db.deleteFrom('transfer_rules').where('id', '=', id).execute();
}

export async function setRuleState(catalog: Catalog, id: number, state: RuleState, reason: string | null) {
  const db = await transferDb(catalog);
  await db.updateTable('transfer_rules').set({ state, reason }).where('id', '=', id).execute();
}
