import { nowNs, UserError } from '@dance/schema';
import { type Expression, type SqlBool, sql } from 'kysely';
import { fromJson, toJson, toNumber, toOptionalBigint, toOptionalNumber } from './codec.js';
import { type Connection, writeTransaction } from './dialect.js';
import { entityId } from './entities.js';
import { checkName, quote } from './names.js';
import { requireRun } from './runs.js';

/**
 * Conditions: named, versioned values (a gain map, an electron lifetime) valid for a time interval or
 * a run range. A global tag pins a set of versions; processing resolves through a tag and records the
 * exact version it got in provenance.
 */
export type ConditionKind = 'scalar' | 'json' | 'array';

export interface ConditionSpec {
  name: string;
  value: unknown;
  /** default: array for arrays, json for objects, scalar otherwise */
  kind?: ConditionKind;
  /** valid from this time (ns, inclusive) ... */
  validFrom?: bigint;
  /** ... to this time (ns, exclusive); open-ended when absent */
  validTo?: bigint;
  /** or valid for runs numbered runFrom..runTo (inclusive) */
  runFrom?: number;
  runTo?: number;
  comment?: string;
}

export interface ConditionVersion {
  name: string;
  version: number;
  kind: ConditionKind;
  value: unknown;
  validFrom: bigint | null;
  validTo: bigint | null;
  runFrom: number | null;
  runTo: number | null;
  comment: string;
}

/** What `resolve` returns: the value and the exact version, and the entity to record as an input. */
export interface ResolvedCondition {
  name: string;
  version: number;
  value: unknown;
  kind: ConditionKind;
  tag: string | null;
  entity: string;
}

export async function addCondition(c: Connection, spec: ConditionSpec): Promise<ConditionVersion> {
  checkName('condition', spec.name);
  const kind = spec.kind ?? (Array.isArray(spec.value) ? 'array' : typeof spec.value === 'object' ? 'json' : 'scalar');
  checkValue(spec, kind);
  const byTime = spec.validFrom !== undefined || spec.validTo !== undefined;
  const byRun = spec.runFrom !== undefined || spec.runTo !== undefined;
  if (byTime && byRun) throw new UserError(`condition '${spec.name}': give validity by time or by run, not both`);
  if (spec.validFrom !== undefined && spec.validTo !== undefined && spec.validTo <= spec.validFrom) {
    throw new UserError(`condition '${spec.name}': validity ends before it starts`);
  }
  if (spec.runFrom !== undefined && spec.runTo !== undefined && spec.runTo < spec.runFrom) {
    throw new UserError(`condition '${spec.name}': run range ${spec.runFrom}..${spec.runTo} is empty`);
  }
  const version = await writeTransaction(c, async (trx) => {
    const row = await trx
      .selectFrom('condition_versions')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('name', '=', spec.name)
      .executeTakeFirst();
    const next = (toOptionalNumber(row?.latest) ?? 0) + 1;
    await trx
      .insertInto('condition_versions')
      .values({
        name: spec.name,
        version: next,
        kind,
        value: toJson(spec.value, `condition '${spec.name}' value`),
        valid_from_ns: spec.validFrom ?? null,
        valid_to_ns: spec.validTo ?? null,
        run_from: spec.runFrom ?? null,
        run_to: spec.runTo ?? null,
        comment: spec.comment ?? '',
        created_ns: nowNs(),
      })
      .execute();
    return next;
  });
  return (await conditionVersions(c, spec.name)).find((v) => v.version === version)!;
}

function checkValue(spec: ConditionSpec, kind: ConditionKind): void {
  const v = spec.value;
  const ok =
    kind === 'array'
      ? Array.isArray(v)
      : kind === 'json'
        ? v !== undefined && typeof v !== 'function'
        : typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  if (!ok || (typeof v === 'number' && !Number.isFinite(v))) {
    throw new UserError(`condition '${spec.name}': value ${quote(JSON.stringify(v))} is not a valid ${kind}`);
  }
}

export async function conditionVersions(c: Connection, name: string): Promise<ConditionVersion[]> {
  const rows = await c.db
    .selectFrom('condition_versions')
    .selectAll()
    .where('name', '=', name)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    version: toNumber(r.version),
    kind: r.kind as ConditionKind,
    value: fromJson(r.value, c.backend),
    validFrom: toOptionalBigint(r.valid_from_ns),
    validTo: toOptionalBigint(r.valid_to_ns),
    runFrom: toOptionalNumber(r.run_from),
    runTo: toOptionalNumber(r.run_to),
    comment: r.comment,
  }));
}

/**
 * Pins versions under a global tag: the given `name@version`s, or every version that exists now.
 * Returns how many versions the tag pins afterwards.
 */
export async function tagConditions(
  c: Connection,
  tag: string,
  pins?: { name: string; version: number }[],
): Promise<number> {
  checkName('global tag', tag);
  return writeTransaction(c, async (trx) => {
    let ids: unknown[];
    if (pins === undefined) {
      ids = (await trx.selectFrom('condition_versions').select('id').execute()).map((r) => r.id);
    } else {
      ids = [];
      for (const pin of pins) {
        const row = await trx
          .selectFrom('condition_versions')
          .select('id')
          .where('name', '=', pin.name)
          .where('version', '=', pin.version)
          .executeTakeFirst();
        if (!row) throw new UserError(`condition ${quote(`${pin.name}@${pin.version}`)} does not exist`);
        ids.push(row.id);
      }
    }
    if (ids.length > 0) {
      await trx
        .insertInto('condition_tags')
        .values(ids.map((id) => ({ tag, version_id: id as number })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const count = await trx
      .selectFrom('condition_tags')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tag', '=', tag)
      .executeTakeFirst();
    return toNumber(count?.n ?? 0);
  });
}

export type ResolveAt = { run: string } | { time: bigint };

/**
 * The version of `name` valid at a run or time: among the versions pinned by `tag` (all versions when
 * tag is null), those whose validity covers it, the highest version wins. A run matches run-range
 * validity by number and time validity by its start time.
 */
export async function resolveCondition(
  c: Connection,
  tag: string | null,
  name: string,
  at: ResolveAt,
): Promise<ResolvedCondition> {
  let covers: Expression<SqlBool>;
  let where: string;
  if ('run' in at) {
    const run = await requireRun(c, at.run);
    covers = sql<SqlBool>`(${timeCovers(run.start)} or ${runCovers(run.number)} or ${unbounded})`;
    where = `run '${run.id}'`;
  } else {
    covers = sql<SqlBool>`(${timeCovers(at.time)} or ${unbounded})`;
    where = `time ${at.time} ns`;
  }
  let q = c.db.selectFrom('condition_versions').selectAll().where('name', '=', name).where(covers);
  if (tag !== null) {
    q = q.where('id', 'in', (eb) => eb.selectFrom('condition_tags').select('version_id').where('tag', '=', tag));
  }
  const row = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) {
    const inTag = tag === null ? '' : ` in global tag ${quote(tag)}`;
    throw new UserError(`no version of condition ${quote(name)} is valid for ${where}${inTag}`);
  }
  const version = toNumber(row.version);
  return {
    name,
    version,
    value: fromJson(row.value, c.backend),
    kind: row.kind as ConditionKind,
    tag,
    entity: entityId({ kind: 'condition', name, version }),
  };
}

const unbounded = sql<SqlBool>`(valid_from_ns is null and valid_to_ns is null and run_from is null and run_to is null)`;

function timeCovers(t: bigint) {
  return sql<SqlBool>`((valid_from_ns is not null or valid_to_ns is not null) and (valid_from_ns is null or valid_from_ns <= ${t}) and (valid_to_ns is null or ${t} < valid_to_ns))`;
}

function runCovers(n: number) {
  return sql<SqlBool>`((run_from is not null or run_to is not null) and (run_from is null or run_from <= ${n}) and (run_to is null or ${n} <= run_to))`;
}
