import { Migrator } from 'kysely';
import type { Connection } from './dialect.js';
import { LATEST_MIGRATION, migrationProvider } from './migrations/index.js';

/** Brings the database to `target` (default: the latest migration); returns the names applied. */
export async function migrate(c: Connection, target: string = LATEST_MIGRATION): Promise<string[]> {
  const migrator = new Migrator({ db: c.db, provider: migrationProvider(c.backend) });
  const { error, results } = await migrator.migrateTo(target);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
