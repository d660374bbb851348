import { createHash } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { nowNs, UserError } from '@dance/schema';
import type { Kysely } from 'kysely';
import { fromJson, toBigint, toJson, toNumber } from './codec.js';
import type { CatalogDatabase } from './db.js';
import type { Backend, Connection } from './dialect.js';
import { type EntityRef, entityId, parseEntity } from './entities.js';
import { quote } from './names.js';

/** What made a product: the command or plugin, its version and code, configuration, who, where, when. */
export interface ActivitySpec {
  kind?: 'command' | 'plugin';
  name: string;
  version: string;
  codeHash?: string;
  config?: Record<string, unknown>;
  /** default: the current user and host */
  user?: string;
  host?: string;
  /** ns since the epoch; default now */
  start?: bigint;
  end?: bigint;
  /** DANCE's version and the hash of the lockfile, so the software environment can be rebuilt */
  softwareVersion?: string;
  lockfileHash?: string;
}

export interface ProvenanceSpec {
  activity: ActivitySpec;
  /** Entities used, e.g. `product:kr-001/raw_records/9e8d7c` (see entities.ts) */
  inputs?: string[];
  /** Condition versions resolved through a global tag (their exact versions are recorded). */
  conditions?: { entity: string }[];
}

export interface Activity {
  id: number;
  kind: string;
  name: string;
  version: string;
  codeHash: string | null;
  config: Record<string, unknown>;
  user: string;
  host: string;
  start: bigint;
  end: bigint;
  softwareVersion: string | null;
  lockfileHash: string | null;
}

export interface UsedEntity {
  entity: string;
  checksum: string | null;
}

type Db = Kysely<CatalogDatabase>;

/** Inside a transaction: stores the activity, what it used (with checksums) and what it generated. */
export async function recordActivity(db: Db, spec: ProvenanceSpec, generated: string[]): Promise<number> {
  const a = spec.activity;
  if (!a?.name || !a.version) throw new UserError('provenance: the activity needs a name and a version');
  const used = [...new Set([...(spec.inputs ?? []), ...(spec.conditions ?? []).map((r) => r.entity)])];
  const checksums = await Promise.all(used.map((e) => entityChecksum(db, parseEntity(e), e)));
  const start = a.start ?? nowNs();
  const inserted = await db
    .insertInto('activities')
    .values({
      kind: a.kind ?? 'command',
      name: a.name,
      version: a.version,
      code_hash: a.codeHash ?? null,
      config: toJson(a.config ?? {}, `activity '${a.name}' config`),
      user_name: a.user ?? userInfo().username,
      host: a.host ?? hostname(),
      start_ns: start,
      end_ns: a.end ?? nowNs(),
      software_version: a.softwareVersion ?? null,
      lockfile_hash: a.lockfileHash ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = toNumber(inserted.id);
  if (used.length > 0) {
    await db
      .insertInto('prov_used')
      .values(used.map((entity, i) => ({ activity_id: id, entity, checksum: checksums[i] })))
      .execute();
  }
  await db
    .insertInto('prov_generated')
    .values(generated.map((entity) => ({ entity, activity_id: id })))
    .execute();
  return id;
}

/** The checksum recorded for an input; the input must be in the catalog. */
async function entityChecksum(db: Db, ref: EntityRef, text: string): Promise<string> {
  const missing = () => new UserError(`provenance input ${quote(text)} is not in the catalog`);
  if (ref.kind === 'file') {
    const row = await db
      .selectFrom('dids')
      .select('sha256')
      .where('scope', '=', ref.scope)
      .where('name', '=', ref.name)
      .executeTakeFirst();
    if (!row?.sha256) throw missing();
    return row.sha256;
  }
  if (ref.kind === 'product') {
    const files = await db
      .selectFrom('dids')
      .innerJoin('products', 'products.id', 'dids.product_id')
      .select(['dids.name', 'dids.sha256'])
      .where('products.run_id', '=', ref.run)
      .where('products.type', '=', ref.type)
      .where('products.lineage', '=', ref.lineage)
      .orderBy('dids.name')
      .execute();
    const exists = await db
      .selectFrom('products')
      .select('id')
      .where('run_id', '=', ref.run)
      .where('type', '=', ref.type)
      .where('lineage', '=', ref.lineage)
      .executeTakeFirst();
    if (!exists) throw missing();
    return sha256(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
  }
  const row = await db
    .selectFrom('condition_versions')
    .select('value')
    .where('name', '=', ref.name)
    .where('version', '=', ref.version)
    .executeTakeFirst();
  if (!row) throw missing();
  return sha256(typeof row.value === 'string' ? row.value : JSON.stringify(row.value));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function generatingActivity(c: Connection, entity: string): Promise<Activity | undefined> {
  const row = await c.db
    .selectFrom('prov_generated')
    .innerJoin('activities', 'activities.id', 'prov_generated.activity_id')
    .selectAll('activities')
    .where('prov_generated.entity', '=', entity)
    .executeTakeFirst();
  return row ? activityFromRow(row, c.backend) : undefined;
}

export async function usedBy(c: Connection, activityId: number): Promise<UsedEntity[]> {
  const rows = await c.db
    .selectFrom('prov_used')
    .select(['entity', 'checksum'])
    .where('activity_id', '=', activityId)
    .orderBy('entity')
    .execute();
  return rows;
}

function activityFromRow(r: Record<string, unknown>, backend: Backend): Activity {
  return {
    id: toNumber(r.id),
    kind: r.kind as string,
    name: r.name as string,
    version: r.version as string,
    codeHash: r.code_hash as string | null,
    config: fromJson(r.config, backend),
    user: r.user_name as string,
    host: r.host as string,
    start: toBigint(r.start_ns),
    end: toBigint(r.end_ns),
    softwareVersion: r.software_version as string | null,
    lockfileHash: r.lockfile_hash as string | null,
  };
}

/** One node of the upstream tree: an entity, the activity that generated it and that activity's inputs. */
export interface ProvNode {
  entity: string;
  checksum: string | null;
  activity: Activity | null;
  inputs: ProvNode[];
  /** true when this entity already appears higher in the tree (its inputs are not repeated) */
  repeated?: boolean;
}

/**
 * Everything `entity` came from, down to raw data and conditions. A file's origin is the activity
 * that generated its product.
 */
export async function upstream(c: Connection, entity: string): Promise<ProvNode> {
  parseEntity(entity);
  const seen = new Set<string>();
  const visit = async (e: string, checksum: string | null): Promise<ProvNode> => {
    if (seen.has(e)) return { entity: e, checksum, activity: null, inputs: [], repeated: true };
    seen.add(e);
    const activity = (await generatingActivity(c, e)) ?? (await generatingActivity(c, await productOf(c, e)));
    const inputs = activity ? await usedBy(c, activity.id) : [];
    const children: ProvNode[] = [];
    for (const input of inputs) children.push(await visit(input.entity, input.checksum));
    return { entity: e, checksum, activity: activity ?? null, inputs: children };
  };
  const root = await visit(entity, null);
  if (!root.activity && !(await entityExists(c, entity))) {
    throw new UserError(`${quote(entity)} is not in the catalog`);
  }
  return root;
}

/** For a file entity, the product entity it belongs to (or '' when none). */
async function productOf(c: Connection, entity: string): Promise<string> {
  const ref = parseEntity(entity);
  if (ref.kind !== 'file') return '';
  const row = await c.db
    .selectFrom('dids')
    .innerJoin('products', 'products.id', 'dids.product_id')
    .select(['products.run_id', 'products.type', 'products.lineage'])
    .where('dids.scope', '=', ref.scope)
    .where('dids.name', '=', ref.name)
    .executeTakeFirst();
  return row ? entityId({ kind: 'product', run: row.run_id, type: row.type, lineage: row.lineage }) : '';
}

async function entityExists(c: Connection, entity: string): Promise<boolean> {
  try {
    await entityChecksum(c.db, parseEntity(entity), entity);
    return true;
  } catch {
    return false;
  }
}

/** Something derived from the queried entity: what to reprocess when that entity changes. */
export interface Derived {
  entity: string;
  /** the activity that made it, and which (already derived or queried) entity it used */
  activity: { id: number; name: string; version: string };
  from: string;
  depth: number;
}

/**
 * Everything derived, directly or not, from `entity` (a file, a product or a conditions version).
 * Using a product counts as using each of its files and the other way round.
 */
export async function downstream(c: Connection, entity: string): Promise<Derived[]> {
  parseEntity(entity);
  if (!(await entityExists(c, entity))) throw new UserError(`${quote(entity)} is not in the catalog`);
  const found: Derived[] = [];
  const seen = new Set<string>([entity]);
  let frontier = [entity];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const e of frontier) {
      const aliases = [e, ...(await aliasesOf(c, e))];
      const users = await c.db
        .selectFrom('prov_used')
        .innerJoin('activities', 'activities.id', 'prov_used.activity_id')
        .innerJoin('prov_generated', 'prov_generated.activity_id', 'activities.id')
        .select(['activities.id', 'activities.name', 'activities.version', 'prov_generated.entity'])
        .where('prov_used.entity', 'in', aliases)
        .orderBy('prov_generated.entity')
        .execute();
      for (const u of users) {
        if (seen.has(u.entity)) continue;
        seen.add(u.entity);
        next.push(u.entity);
        found.push({
          entity: u.entity,
          activity: { id: toNumber(u.id), name: u.name, version: u.version },
          from: e,
          depth,
        });
      }
    }
    frontier = next;
  }
  return found;
}

/** Entities whose use implies using `entity`: a file's product, or a product's files. */
async function aliasesOf(c: Connection, entity: string): Promise<string[]> {
  const ref = parseEntity(entity);
  if (ref.kind === 'file') {
    const product = await productOf(c, entity);
    return product ? [product] : [];
  }
  if (ref.kind !== 'product') return [];
  const files = await c.db
    .selectFrom('dids')
    .innerJoin('products', 'products.id', 'dids.product_id')
    .select(['dids.scope', 'dids.name'])
    .where('products.run_id', '=', ref.run)
    .where('products.type', '=', ref.type)
    .where('products.lineage', '=', ref.lineage)
    .execute();
  return files.map((f) => entityId({ kind: 'file', scope: f.scope, name: f.name }));
}
