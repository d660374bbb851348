import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Catalog, openCatalog } from '../src/index.js';

/**
 * The backends every catalog test runs against. PostgreSQL comes from pg-setup.ts (or
 * DANCE_TEST_PG_URL); each suite gets its own fresh schema. Without PostgreSQL the PG suites fail on
 * CI (CI=true) and are skipped with a warning elsewhere.
 */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** a URL to a fresh, empty catalog database */
  freshUrl(): Promise<string>;
}

const pgUrl = (() => {
  try {
    return inject('danceTestPgUrl') || process.env.DANCE_TEST_PG_URL || '';
  } catch {
    return process.env.DANCE_TEST_PG_URL ?? '';
  }
})();

if (!pgUrl) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error('catalog tests: PostgreSQL is required on CI (install postgresql or set DANCE_TEST_PG_URL)');
  }
  console.warn('catalog tests: no PostgreSQL (set DANCE_TEST_PG_URL or install postgresql); PG suites SKIPPED');
}

export const backends: TestBackend[] = [
  { name: 'sqlite', freshUrl: async () => 'sqlite::memory:' },
  ...(pgUrl ? [{ name: 'postgres' as const, freshUrl: () => freshPgSchema(pgUrl) }] : []),
];

/** A new schema in the test database, selected through the connection's search_path. */
export async function freshPgSchema(url: string): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function openFresh(backend: TestBackend): Promise<Catalog> {
  return openCatalog(await backend.freshUrl());
}
