import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog, type Connection, connect, LATEST_MIGRATION, migrate, openCatalog } from '../src/index.js';
import { backends } from './backends.js';
import { fileSpec, runSpec } from './fixtures.js';

const TABLES = [
  'activities',
  'attachments',
  'condition_tags',
  'condition_versions',
  'dids',
  'metadata_schemas',
  'products',
  'prov_generated',
  'prov_used',
  'replicas',
  'run_tags',
  'runs',
  'sites',
];

/** Tables of this catalog only (a PostgreSQL test database holds one schema per suite). */
async function tablesOf(connection: Connection): Promise<string[]> {
  const { rows } = await sql<{ schema: string | null }>`select ${
    connection.backend === 'postgres' ? sql`current_schema()` : sql`null`
  } as schema`.execute(connection.db);
  const tables = await connection.db.introspection.getTables();
  return tables
    .filter((t) => rows[0].schema === null || t.schema === rows[0].schema)
    .map((t) => t.name)
    .sort();
}

describe.each(backends)('migrations on $name', (backend) => {
  const open: Catalog[] = [];
  afterAll(async () => {
    for (const c of open) await c.close();
  });

  it('builds the whole schema from an empty database', async () => {
    const connection = connect(await backend.freshUrl());
    open.push(new Catalog(connection));
    expect(await migrate(connection)).toEqual(['001-core', LATEST_MIGRATION]);
    expect(await tablesOf(connection)).toEqual(TABLES);
    expect(await migrate(connection)).toEqual([]);
  });

  it('upgrades a database at the previous version without losing data', async () => {
    const url = await backend.freshUrl();
    const connection = connect(url);
    const old = new Catalog(connection);
    open.push(old);
    expect(await migrate(connection, '001-core')).toEqual(['001-core']);
    expect(await tablesOf(connection)).toEqual(TABLES.filter((t) => !/^(activities|prov_|condition_)/.test(t)));
    await old.registerRun(runSpec(1, { tags: ['sr0'], metadata: { drift_field: 100 } }));
    await old.registerFiles([fileSpec('kr-001', 'raw/0.arrow')]);
    await old.addSite({ name: 'lngs', kind: 'local', url: 'file:///data', attributes: {} });
    await old.addReplica('kr-001:raw/0.arrow', 'lngs');

    expect(await migrate(connection)).toEqual([LATEST_MIGRATION]);
    expect(await old.run('kr-001')).toMatchObject({ tags: ['sr0'], metadata: { drift_field: 100 } });
    expect(await old.replicas('kr-001:raw/0.arrow')).toEqual([
      { file: 'kr-001:raw/0.arrow', site: 'lngs', state: 'available', path: null },
    ]);
    await old.addCondition({ name: 'gain', value: 2 });
    expect((await old.resolveCondition(null, 'gain', { run: 'kr-001' })).version).toBe(1);
    if (backend.name === 'sqlite') return; // an in-memory database cannot be reopened
    const again = await openCatalog(url);
    open.push(again);
    expect((await again.runs()).map((r) => r.id)).toEqual(['kr-001']);
  });
});
