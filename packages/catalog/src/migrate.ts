import { Migrator, sql } from 'kysely';
import type { Connection } from './dialect.js';
import { LATEST_MIGRATION, migrationProvider } from './migrations/index.js';

/** Brings the database to `target` (default: the latest migration); returns the names applied. */
export async function migrate(c: Connection, target: string = LATEST_MIGRATION): Promise<string[]> {
  const migrator = new Migrator({
    db: c.db,
    provider: migrationProvider(c.backend),
    // Kysely looks for its bookkeeping tables in every schema; pin them to ours so that several
    // catalogs in one PostgreSQL database (one schema each) do not see each other's.
    ...(c.backend === 'postgres' ? { migrationTableSchema: await currentSchema(c) } : {}),
  });
  const { error, results } = await migrator.migrateTo(target);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(c: Connection): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(c.db);
  return rows[0].schema;
}
