import type { Migration, MigrationProvider } from 'kysely';
import type { Backend } from '../dialect.js';
import { core } from './001-core.js';
import { provenanceAndConditions } from './002-provenance-conditions.js';
import { columnTypes } from './column-types.js';

/** The one migration history, in order; names sort as they apply. */
export function migrations(backend: Backend): Record<string, Migration> {
  const t = columnTypes(backend);
  return { '001-core': core(t), '002-provenance-conditions': provenanceAndConditions(t) };
}

export function migrationProvider(backend: Backend): MigrationProvider {
  return { getMigrations: async () => migrations(backend) };
}

export const LATEST_MIGRATION = '002-provenance-conditions';
