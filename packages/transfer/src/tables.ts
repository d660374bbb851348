import type { Catalog } from '@dance/catalog';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';

/**
 * Rules and transfer requests live in the catalog database, in tables this package owns and migrates
 * with its own migration history (table `transfer_migrations`), so the catalog stays unaware of them.
 */
type Int = bigint | number | string;

export type RuleTable = {
  id: Int | undefined;
  /** JSON: { runs?: string; type?: string; dataset?: string } */
  selection: string;
  /** site expression: union `|`, intersection `&`, complement `\` over names and attributes */
  sites: string;
  copies: Int;
  expires_ns: Int | null;
  /** ok | replicating | stuck */
  state: string;
  reason: string | null;
  /** 1: when expired, even the last copy of a file may be deleted */
  purge_last: Int;
  created_ns: Int;
};

/** One wanted copy of one file at one site, until it is made. */
export type TransferTable = {
  file_id: Int;
  dest: string;
  path: string;
  attempts: Int;
  next_ns: Int;
  error: string | null;
  created_ns: Int;
};

export type TransferTables = {
  transfer_rules: RuleTable;
  transfer_requests: TransferTable;
};

type CatalogTables = Catalog['connection']['db'] extends Kysely<infer T> ? T : never;
export type TransferDb = Kysely<CatalogTables & TransferTables>;

function initial(backend: 'sqlite' | 'postgres'): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('transfer_rules')
        .addColumn('id', backend === 'postgres' ? 'bigserial' : 'integer', (c) =>
          backend === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('selection', 'text', (c) => c.notNull())
        .addColumn('sites', 'text', (c) => c.notNull())
        .addColumn('copies', 'bigint', (c) => c.notNull())
        .addColumn('expires_ns', 'bigint')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('purge_last', 'bigint', (c) => c.notNull())
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('transfer_requests')
        .addColumn('file_id', 'bigint', (c) => c.notNull().references('dids.id'))
        .addColumn('dest', 'text', (c) => c.notNull().references('sites.name'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('attempts', 'bigint', (c) => c.notNull())
        .addColumn('next_ns', 'bigint', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('transfer_requests_pk', ['file_id', 'dest'])
        .execute();
    },
  };
}

const migrated = new WeakSet<Catalog>();

/**
 * The catalog's database with the transfer tables, created on first use. As in the catalog's own
 * migrations: SQLite migrates inside one BEGIN IMMEDIATE (concurrent daemons wait, then find nothing
 * to do); PostgreSQL pins Kysely's bookkeeping tables to the current schema.
 */
export async function transferDb(catalog: Catalog): Promise<TransferDb> {
  const db = catalog.connection.db.withTables<TransferTables>() as TransferDb;
  if (migrated.has(catalog)) return db;
  const migrate = async (on: TransferDb, options: { migrationTableSchema?: string; disableTransactions?: boolean }) => {
    const migrator = new Migrator({
      db: on,
      provider: { getMigrations: async () => ({ '001-rules-requests': initial(catalog.backend) }) },
      migrationTableName: 'transfer_migrations',
      migrationLockTableName: 'transfer_migrations_lock',
      ...options,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  };
  if (catalog.backend === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    await migrate(db, { migrationTableSchema: rows[0].schema });
  } else {
    await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        await migrate(conn, { disableTransactions: true });
        await sql`commit`.execute(conn);
      } catch (err) {
        await sql`rollback`.execute(conn);
        throw err;
      }
    });
  }
  migrated.add(catalog);
  return db;
}
