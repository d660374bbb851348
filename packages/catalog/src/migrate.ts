import { type Kysely, Migrator, sql } from 'kysely';
import type { CatalogDatabase } from './db.js';
import type { Connection } from './dialect.js';
import { LATEST_MIGRATION, migrationProvider } from './migrations/index.js';

/**
 * Brings the database to `target` (default: the latest migration); returns the names applied. Safe
 * when several processes open a new catalog at once: on SQLite the whole migration runs in one
 * BEGIN IMMEDIATE transaction (the others wait on the busy timeout, then find nothing to do); on
 * PostgreSQL Kysely holds an advisory lock.
 */
export async function migrate(c: Connection, target: string = LATEST_MIGRATION): Promise<string[]> {
  if (c.backend === 'postgres') return run(c, c.db, target, { migrationTableSchema: await currentSchema(c) });
  return c.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const applied = await run(c, conn, target, { disableTransactions: true });
      await sql`commit`.execute(conn);
      return applied;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

async function run(
  c: Connection,
  db: Kysely<CatalogDatabase>,
  target: string,
  options: { migrationTableSchema?: string; disableTransactions?: boolean },
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider(c.backend), ...options });
  const { error, results } = await migrator.migrateTo(target);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Kysely looks for its bookkeeping tables in every schema; pinning them to ours keeps several
 * catalogs in one PostgreSQL database (one schema each) apart.
 */
async function currentSchema(c: Connection): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(c.db);
  return rows[0].schema;
}
