import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** Provenance (activities, used/generated edges) and conditions (versions, global tags). */
export function provenanceAndConditions(t: ColumnTypes): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was, not CatalogDatabase
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('activities')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text')
        .addColumn('config', t.json, (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('start_ns', 'bigint', (c) => c.notNull())
        .addColumn('end_ns', 'bigint', (c) => c.notNull())
        .addColumn('software_version', 'text')
        .addColumn('lockfile_hash', 'text')
        .execute();
      // Entities are named by kind-prefixed strings (product:..., file:..., condition:...), see entities.ts.
      await db.schema
        .createTable('prov_used')
        .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('checksum', 'text')
        .addPrimaryKeyConstraint('prov_used_pk', ['activity_id', 'entity'])
        .execute();
      await db.schema.createIndex('prov_used_by_entity').on('prov_used').columns(['entity']).execute();
      await db.schema
        .createTable('prov_generated')
        .addColumn('entity', 'text', (c) => c.primaryKey())
        .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
        .execute();
      await db.schema
        .createTable('condition_versions')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', t.json, (c) => c.notNull())
        .addColumn('valid_from_ns', 'bigint')
        .addColumn('valid_to_ns', 'bigint')
        .addColumn('run_from', 'bigint')
        .addColumn('run_to', 'bigint')
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('condition_versions_key', ['name', 'version'])
        .addCheckConstraint('condition_kind', sql`kind in ('scalar', 'json', 'array')`)
        .execute();
      await db.schema
        .createTable('condition_tags')
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('version_id', 'bigint', (c) => c.notNull().references('condition_versions.id'))
        .addPrimaryKeyConstraint('condition_tags_pk', ['tag', 'version_id'])
        .execute();
      // Time-range queries on runs became common once processing selected runs by period.
      await db.schema.createIndex('runs_by_start').on('runs').columns(['start_ns']).execute();
    },
  };
}
