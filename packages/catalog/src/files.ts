import { nowNs, UserError } from '@dance/schema';
import type { Kysely, Selectable } from 'kysely';
import { toNumber, toOptionalBigint } from './codec.js';
import type { CatalogDatabase, DidTable } from './db.js';
import {
  type Backend,
  type BulkColumn,
  bulkInsert,
  type Connection,
  MAX_PARAMETERS,
  violatedConstraint,
  writeTransaction,
} from './dialect.js';
import { checkFileName, checkName, type Did, didText, parseDid, quote } from './names.js';

/** A file to register: its identifier, size and checksums, and the time range of the data in it. */
export interface FileSpec {
  scope: string;
  name: string;
  size: number | bigint;
  /** 8 lowercase hex digits, as Rucio writes adler32 */
  adler32: string;
  /** 64 lowercase hex digits */
  sha256: string;
  start?: bigint | null;
  end?: bigint | null;
}

export interface FileInfo {
  scope: string;
  name: string;
  size: number;
  adler32: string;
  sha256: string;
  start: bigint | null;
  end: bigint | null;
}

const FILE_COLUMNS: BulkColumn[] = [
  { name: 'scope', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'open', type: 'bigint' },
  { name: 'monotonic', type: 'bigint' },
  { name: 'size', type: 'bigint' },
  { name: 'adler32', type: 'text' },
  { name: 'sha256', type: 'text' },
  { name: 'start_ns', type: 'bigint' },
  { name: 'end_ns', type: 'bigint' },
  { name: 'product_id', type: 'bigint' },
  { name: 'created_ns', type: 'bigint' },
];

/** Rows per INSERT: large statements amortise the round trip; bounded by the parameter limit. */
const ROWS_PER_INSERT = Math.min(1000, Math.floor(MAX_PARAMETERS / 12));

/**
 * Registers many files at once (all or nothing), optionally as parts of a product. This is the bulk
 * path: multi-row INSERTs of up to 1000 rows inside one transaction.
 */
export async function registerFiles(c: Connection, files: FileSpec[]): Promise<number> {
  return explainDuplicates(c, () => writeTransaction(c, (trx) => insertFiles(trx, c.backend, files, null)));
}

/** Raised inside the transaction; named after rollback (PostgreSQL refuses queries in a failed one). */
class DuplicateFiles extends Error {
  constructor(readonly files: Did[]) {
    super('a file name already exists');
  }
}

/** Runs `work`; a duplicate file name it hit becomes a UserError naming that file. */
export async function explainDuplicates<T>(c: Connection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DuplicateFiles) throw await duplicateName(c.db, err.files);
    throw err;
  }
}

/** Inside a transaction: checks and inserts files, returns how many. */
export async function insertFiles(
  trx: Kysely<CatalogDatabase>,
  backend: Backend,
  files: FileSpec[],
  productId: number | null,
): Promise<number> {
  const seen = new Set<string>();
  files.forEach((f, i) => {
    checkFile(f, i);
    const key = didText(f);
    if (seen.has(key)) throw new UserError(`file ${quote(key)} is listed twice`);
    seen.add(key);
  });
  const created = nowNs();
  for (let i = 0; i < files.length; i += ROWS_PER_INSERT) {
    const batch = files.slice(i, i + ROWS_PER_INSERT);
    try {
      const rows = batch.map((f) => [
        f.scope,
        f.name,
        'file',
        0,
        0,
        f.size,
        f.adler32,
        f.sha256,
        f.start ?? null,
        f.end ?? null,
        productId,
        created,
      ]);
      await trx.executeQuery(bulkInsert(backend, 'dids', FILE_COLUMNS, rows));
    } catch (err) {
      if (violatedConstraint(err) === 'unique') throw new DuplicateFiles(batch);
      throw err;
    }
  }
  return files.length;
}

function checkFile(f: FileSpec, index: number): void {
  const where = `file #${index + 1}`;
  checkName(`${where}: scope`, f?.scope);
  checkFileName(f.name);
  const at = `${where} (${quote(`${f.scope}:${f.name}`)})`;
  const size = typeof f.size === 'bigint' ? f.size : Number.isSafeInteger(f.size) ? BigInt(f.size) : -1n;
  if (size < 0n) throw new UserError(`${at}: size ${quote(f.size)} must be a non-negative integer`);
  if (typeof f.adler32 !== 'string' || !/^[0-9a-f]{8}$/.test(f.adler32)) {
    throw new UserError(`${at}: adler32 ${quote(f.adler32)} must be 8 lowercase hex digits`);
  }
  if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
    throw new UserError(`${at}: sha256 ${quote(f.sha256)} must be 64 lowercase hex digits`);
  }
  if (f.start != null && f.end != null && f.end < f.start) throw new UserError(`${at}: end is before start`);
}

/** Names the first identifier of `batch` that already exists (the database only says "unique"). */
async function duplicateName(db: Kysely<CatalogDatabase>, batch: Did[]): Promise<UserError> {
  for (const scope of new Set(batch.map((d) => d.scope))) {
    const names = batch.filter((d) => d.scope === scope).map((d) => d.name);
    const row = await db
      .selectFrom('dids')
      .select(['name'])
      .where('scope', '=', scope)
      .where('name', 'in', names)
      .executeTakeFirst();
    if (row) return new UserError(`${quote(`${scope}:${row.name}`)} already exists in the catalog`);
  }
  return new UserError('a name in this batch already exists in the catalog');
}

export type DidRow = Selectable<DidTable>;

/** The identifier's row, or a UserError saying it is unknown. */
export async function requireDid(db: Kysely<CatalogDatabase>, text: string, expect?: DidRow['type'][]) {
  const did = parseDid(text);
  const row = await db
    .selectFrom('dids')
    .selectAll()
    .where('scope', '=', did.scope)
    .where('name', '=', did.name)
    .executeTakeFirst();
  if (!row) throw new UserError(`unknown data identifier ${quote(text)}`);
  if (expect && !expect.includes(row.type)) {
    throw new UserError(`${quote(text)} is a ${row.type}, expected a ${expect.join(' or ')}`);
  }
  return row;
}

export function fileInfo(row: DidRow): FileInfo {
  return {
    scope: row.scope,
    name: row.name,
    size: toNumber(row.size),
    adler32: row.adler32!,
    sha256: row.sha256!,
    start: toOptionalBigint(row.start_ns),
    end: toOptionalBigint(row.end_ns),
  };
}

export async function getFile(c: Connection, text: string): Promise<FileInfo> {
  return fileInfo(await requireDid(c.db, text, ['file']));
}
