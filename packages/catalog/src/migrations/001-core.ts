import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** Runs, their metadata schemas and tags; sites; files, datasets and containers; replicas; products. */
export function core(t: ColumnTypes): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was, not CatalogDatabase
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('metadata_schemas')
        .addColumn('version', 'bigint', (c) => c.primaryKey())
        .addColumn('schema', t.json, (c) => c.notNull())
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'bigint', (c) => c.notNull().unique())
        .addColumn('start_ns', 'bigint', (c) => c.notNull())
        .addColumn('end_ns', 'bigint')
        .addColumn('mode', 'text')
        .addColumn('source', 'text')
        .addColumn('detector', 'text')
        .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('metadata', t.json, (c) => c.notNull())
        .addColumn('schema_version', 'bigint', (c) => c.references('metadata_schemas.version'))
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .addCheckConstraint('runs_end_after_start', sql`end_ns is null or end_ns >= start_ns`)
        .execute();
      await db.schema
        .createTable('run_tags')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_tags_pk', ['run_id', 'tag'])
        .execute();
      await db.schema.createIndex('run_tags_by_tag').on('run_tags').columns(['tag', 'run_id']).execute();
      await db.schema
        .createTable('sites')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('attributes', t.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('products')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('lineage', 'text', (c) => c.notNull())
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('products_key', ['run_id', 'type', 'lineage'])
        .execute();
      await db.schema.createIndex('products_by_lineage').on('products').columns(['lineage']).execute();
      await db.schema
        .createTable('dids')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('open', 'bigint', (c) => c.notNull())
        .addColumn('monotonic', 'bigint', (c) => c.notNull())
        .addColumn('size', 'bigint')
        .addColumn('adler32', 'text')
        .addColumn('sha256', 'text')
        .addColumn('start_ns', 'bigint')
        .addColumn('end_ns', 'bigint')
        .addColumn('product_id', 'bigint', (c) => c.references('products.id'))
        .addColumn('created_ns', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('dids_scope_name', ['scope', 'name'])
        .addCheckConstraint('dids_type', sql`type in ('file', 'dataset', 'container')`)
        .addCheckConstraint('dids_file_has_size', sql`type <> 'file' or size is not null`)
        .execute();
      await db.schema.createIndex('dids_by_product').on('dids').columns(['product_id']).execute();
      await db.schema
        .createTable('attachments')
        .addColumn('parent_id', 'bigint', (c) => c.notNull().references('dids.id'))
        .addColumn('child_id', 'bigint', (c) => c.notNull().references('dids.id'))
        .addPrimaryKeyConstraint('attachments_pk', ['parent_id', 'child_id'])
        .execute();
      await db.schema.createIndex('attachments_by_child').on('attachments').columns(['child_id']).execute();
      await db.schema
        .createTable('replicas')
        .addColumn('file_id', 'bigint', (c) => c.notNull().references('dids.id'))
        .addColumn('site', 'text', (c) => c.notNull().references('sites.name'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('path', 'text')
        .addColumn('updated_ns', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('replicas_pk', ['file_id', 'site'])
        .addCheckConstraint('replicas_state', sql`state in ('available', 'copying', 'bad', 'unavailable')`)
        .execute();
    },
  };
}
