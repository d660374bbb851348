import { nowNs, UserError } from '@dance/schema';
import { toBigint, toNumber } from './codec.js';
import { type Connection, violatedConstraint, writeTransaction } from './dialect.js';
import { entityId } from './entities.js';
import { explainDuplicates, type FileInfo, type FileSpec, fileInfo, insertFiles } from './files.js';
import { checkFileName, checkName } from './names.js';
import { type Activity, generatingActivity, type ProvenanceSpec, recordActivity } from './provenance.js';
import { requireRun } from './runs.js';

/** A product is one data type of one run made with one configuration (its lineage hash). */
export interface ProductKey {
  run: string;
  type: string;
  lineage: string;
}

/** The catalog name of a product's file: scope is the run, name `<type>/<lineage>/<file>`. */
export function productFileName(key: ProductKey, file: string): string {
  return `${key.type}/${key.lineage}/${file}`;
}

/** A file of a product: a FileSpec whose scope is the run; it is registered as `<run>:<type>/<lineage>/<name>`. */
export type ProductFile = Omit<FileSpec, 'scope'>;

export interface Product extends ProductKey {
  entity: string;
  created: bigint;
  files: FileInfo[];
  activity: Activity | null;
}

/** The part of a store manifest (@dance/store) the catalog needs; structural, so no dependency. */
export interface ManifestLike extends ProductKey {
  chunks: { file: string; bytes: number; sha256: string; adler32: string; start: bigint; end: bigint }[];
}

export function filesOfManifest(manifest: ManifestLike): ProductFile[] {
  return manifest.chunks.map((c) => ({
    name: c.file,
    size: c.bytes,
    adler32: c.adler32,
    sha256: c.sha256,
    start: c.start,
    end: c.end,
  }));
}

export interface ProductSummary extends ProductKey {
  files: number;
  bytes: number;
}

/**
 * Registers a product of an existing run with its files and, when given, the provenance of the
 * activity that made it, all in one transaction.
 */
export async function registerProduct(
  c: Connection,
  key: ProductKey,
  files: ProductFile[],
  provenance?: ProvenanceSpec,
): Promise<Product> {
  checkKey(key);
  await requireRun(c, key.run);
  for (const f of files) checkFileName(f?.name);
  const entity = entityId({ kind: 'product', ...key });
  try {
    await explainDuplicates(c, () =>
      writeTransaction(c, async (trx) => {
        const { id } = await trx
          .insertInto('products')
          .values({ run_id: key.run, type: key.type, lineage: key.lineage, created_ns: nowNs() })
          .returning('id')
          .executeTakeFirstOrThrow();
        const specs = files.map((f) => ({ ...f, scope: key.run, name: productFileName(key, f.name) }));
        await insertFiles(trx, c.backend, specs, toNumber(id));
        if (provenance) await recordActivity(trx, provenance, [entity]);
      }),
    );
  } catch (err) {
    if (violatedConstraint(err) === 'unique') throw new UserError(`product ${entity} already exists`);
    throw err;
  }
  return getProduct(c, key);
}

function checkKey(key: ProductKey): void {
  checkName('run id', key?.run);
  checkName('data type', key.type);
  checkName('lineage', key.lineage);
}

export async function getProduct(c: Connection, key: ProductKey): Promise<Product> {
  checkKey(key);
  const entity = entityId({ kind: 'product', ...key });
  const row = await c.db
    .selectFrom('products')
    .selectAll()
    .where('run_id', '=', key.run)
    .where('type', '=', key.type)
    .where('lineage', '=', key.lineage)
    .executeTakeFirst();
  if (!row) throw new UserError(`unknown product ${entity}`);
  const files = await c.db.selectFrom('dids').selectAll().where('product_id', '=', row.id).orderBy('name').execute();
  return {
    ...key,
    entity,
    created: toBigint(row.created_ns),
    files: files.map(fileInfo),
    activity: (await generatingActivity(c, entity)) ?? null,
  };
}

/** Products by run, data type and/or lineage, with file counts and sizes. */
export async function listProducts(c: Connection, filter: Partial<ProductKey> = {}): Promise<ProductSummary[]> {
  let q = c.db
    .selectFrom('products')
    .leftJoin('dids', 'dids.product_id', 'products.id')
    .select((eb) => [
      'products.run_id',
      'products.type',
      'products.lineage',
      eb.fn.count('dids.id').as('files'),
      eb.fn.coalesce(eb.fn.sum('dids.size'), eb.lit(0)).as('bytes'),
    ])
    .groupBy(['products.run_id', 'products.type', 'products.lineage']);
  if (filter.run !== undefined) q = q.where('products.run_id', '=', filter.run);
  if (filter.type !== undefined) q = q.where('products.type', '=', filter.type);
  if (filter.lineage !== undefined) q = q.where('products.lineage', '=', filter.lineage);
  const rows = await q.orderBy('products.run_id').orderBy('products.type').orderBy('products.lineage').execute();
  return rows.map((r) => ({
    run: r.run_id,
    type: r.type,
    lineage: r.lineage,
    files: toNumber(r.files),
    bytes: Number(r.bytes),
  }));
}
