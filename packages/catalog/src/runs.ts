import { nowNs, UserError } from '@dance/schema';
import { type Selectable, type SqlBool, sql } from 'kysely';
import { fromJson, toBigint, toJson, toNumber, toOptionalBigint, toOptionalNumber } from './codec.js';
import type { RunTable } from './db.js';
import { type Connection, TAG_SEPARATOR, tagList, violatedConstraint, writeTransaction } from './dialect.js';
import { parseExpression } from './expr/parser.js';
import { conditionToSql } from './expr/to-sql.js';
import type { MetadataSchemas } from './metadata-schema.js';
import { checkName, quote } from './names.js';
import { didYouMean, nearNames } from './suggest.js';

export interface RunSpec {
  id: string;
  number: number;
  /** ns since the Unix epoch */
  start: bigint;
  end?: bigint | null;
  mode?: string | null;
  source?: string | null;
  detector?: string | null;
  tags?: string[];
  comments?: string;
  metadata?: Record<string, unknown>;
}

export interface Run {
  id: string;
  number: number;
  start: bigint;
  end: bigint | null;
  mode: string | null;
  source: string | null;
  detector: string | null;
  tags: string[];
  comments: string;
  metadata: Record<string, unknown>;
  /** The metadata schema version the metadata was validated with (null: no schema at the time). */
  schemaVersion: number | null;
}

/** Structured filters and an expression; all given filters must hold. */
export interface RunQuery {
  /** e.g. `source = 'kr83m' and drift_field > 100` (see expr/parser.ts). */
  where?: string;
  numberFrom?: number;
  numberTo?: number;
  /** Runs starting at or after this time (ns). */
  startFrom?: bigint;
  /** Runs starting before this time (ns). */
  startTo?: bigint;
  /** Runs carrying every one of these tags. */
  tags?: string[];
  /** Case-insensitive text search in the comments. */
  text?: string;
  limit?: number;
}

/** Register a new run; its metadata must satisfy the latest metadata schema. */
export async function registerRun(c: Connection, schemas: MetadataSchemas, spec: RunSpec): Promise<Run> {
  checkName('run id', spec.id);
  if (!Number.isSafeInteger(spec.number) || spec.number < 0) {
    throw new UserError(`run '${spec.id}': number ${spec.number} must be a non-negative integer`);
  }
  if (typeof spec.start !== 'bigint')
    throw new UserError(`run '${spec.id}': start must be ns since the epoch (bigint)`);
  const tags = (spec.tags ?? []).map((t) => checkName('tag', t));
  const metadata = spec.metadata ?? {};
  const schemaVersion = await schemas.validate(metadata, `run '${spec.id}'`);
  try {
    await writeTransaction(c, async (trx) => {
      await trx
        .insertInto('runs')
        .values({
          id: spec.id,
          number: spec.number,
          start_ns: spec.start,
          end_ns: spec.end ?? null,
          mode: spec.mode ?? null,
          source: spec.source ?? null,
          detector: spec.detector ?? null,
          comments: spec.comments ?? '',
          metadata: toJson(metadata, `run '${spec.id}' metadata`),
          schema_version: schemaVersion ?? null,
          created_ns: nowNs(),
        })
        .execute();
      if (tags.length > 0) {
        await trx
          .insertInto('run_tags')
          .values([...new Set(tags)].map((tag) => ({ run_id: spec.id, tag })))
          .execute();
      }
    });
  } catch (err) {
    const kind = violatedConstraint(err);
    if (kind === 'unique') throw await duplicateRun(c, spec);
    if (kind === 'check') throw new UserError(`run '${spec.id}': end must not be before start`);
    throw err;
  }
  return requireRun(c, spec.id);
}

async function duplicateRun(c: Connection, spec: RunSpec): Promise<UserError> {
  const clash = await c.db
    .selectFrom('runs')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', spec.id), eb('number', '=', spec.number)]))
    .executeTakeFirst();
  if (clash?.id === spec.id) return new UserError(`run '${spec.id}' already exists`);
  return new UserError(`run number ${spec.number} is already used by run '${clash?.id}'`);
}

export async function findRuns(c: Connection, q: RunQuery = {}): Promise<Run[]> {
  let query = selectRuns(c);
  if (q.where !== undefined) query = query.where(conditionToSql(parseExpression(q.where), c.backend));
  if (q.numberFrom !== undefined) query = query.where('number', '>=', q.numberFrom);
  if (q.numberTo !== undefined) query = query.where('number', '<=', q.numberTo);
  if (q.startFrom !== undefined) query = query.where('start_ns', '>=', q.startFrom);
  if (q.startTo !== undefined) query = query.where('start_ns', '<', q.startTo);
  for (const tag of q.tags ?? []) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('run_tags')
          .select('run_tags.tag')
          .whereRef('run_tags.run_id', '=', 'runs.id')
          .where('run_tags.tag', '=', tag),
      ),
    );
  }
  if (q.text !== undefined) {
    // LIKE wildcards in the search text are matched literally.
    const escaped = q.text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    query = query.where(sql<SqlBool>`lower(comments) like ${`%${escaped.toLowerCase()}%`} escape '\\'`);
  }
  query = query.orderBy('number');
  if (q.limit !== undefined) query = query.limit(q.limit);
  return (await query.execute()).map((row) => toRun(c, row));
}

export async function getRun(c: Connection, id: string): Promise<Run | undefined> {
  const row = await selectRuns(c).where('id', '=', id).executeTakeFirst();
  return row ? toRun(c, row) : undefined;
}

/** One more than the highest run number so far (0 for an empty catalog): the default for a new run. */
export async function nextRunNumber(c: Connection): Promise<number> {
  const row = await c.db
    .selectFrom('runs')
    .select((eb) => eb.fn.max('number').as('top'))
    .executeTakeFirst();
  return row?.top === null || row?.top === undefined ? 0 : toNumber(row.top) + 1;
}

/** The run, or a UserError naming near run ids: "unknown run 'kr-01'; did you mean kr-001?" */
export async function requireRun(c: Connection, id: string): Promise<Run> {
  const run = await getRun(c, id);
  if (run) return run;
  throw new UserError(`unknown run ${quote(id)}${didYouMean(await suggestRuns(c, id))}`);
}

export async function suggestRuns(c: Connection, name: string): Promise<string[]> {
  const rows = await c.db.selectFrom('runs').select('id').execute();
  return nearNames(
    name,
    rows.map((r) => r.id),
  );
}

/** Sets metadata keys of a run; the merged metadata is validated against the latest schema. */
export async function setMetadata(
  c: Connection,
  schemas: MetadataSchemas,
  id: string,
  entries: Record<string, unknown>,
): Promise<Run> {
  const run = await requireRun(c, id);
  const metadata = { ...run.metadata, ...entries };
  const schemaVersion = await schemas.validate(metadata, `run '${id}'`);
  await c.db
    .updateTable('runs')
    .set({ metadata: toJson(metadata, `run '${id}' metadata`), schema_version: schemaVersion ?? null })
    .where('id', '=', id)
    .execute();
  return requireRun(c, id);
}

export async function tagRun(c: Connection, id: string, tags: string[]): Promise<Run> {
  await requireRun(c, id);
  const fresh = [...new Set(tags.map((t) => checkName('tag', t)))];
  if (fresh.length > 0) {
    await c.db
      .insertInto('run_tags')
      .values(fresh.map((tag) => ({ run_id: id, tag })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return requireRun(c, id);
}

/** Runs with their tags in one query (a per-run aggregate; tag names cannot contain the separator). */
function selectRuns(c: Connection) {
  return c.db
    .selectFrom('runs')
    .selectAll()
    .select(
      sql<
        string | null
      >`(select ${tagList(c.backend, sql.ref('run_tags.tag'))} from run_tags where run_tags.run_id = runs.id)`.as(
        'tag_list',
      ),
    );
}

function toRun(c: Connection, r: Selectable<RunTable> & { tag_list: string | null }): Run {
  return {
    id: r.id,
    number: toNumber(r.number),
    start: toBigint(r.start_ns),
    end: toOptionalBigint(r.end_ns),
    mode: r.mode,
    source: r.source,
    detector: r.detector,
    tags: r.tag_list ? r.tag_list.split(TAG_SEPARATOR).sort() : [],
    comments: r.comments,
    metadata: fromJson(r.metadata, c.backend),
    schemaVersion: toOptionalNumber(r.schema_version),
  };
}
