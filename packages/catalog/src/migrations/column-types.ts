import { type ColumnDataType, type Expression, sql } from 'kysely';
import type { Backend } from '../dialect.js';

/** The only column types that differ between backends; every migration takes them from here. */
export interface ColumnTypes {
  /** Auto-numbered primary key (64-bit; on SQLite an INTEGER PRIMARY KEY is the auto-numbered rowid). */
  id: ColumnDataType;
  /** JSON document: jsonb on PostgreSQL (indexable, parsed on read), text on SQLite (json_extract). */
  json: ColumnDataType | Expression<unknown>;
}

export function columnTypes(backend: Backend): ColumnTypes {
  return backend === 'postgres' ? { id: 'bigserial', json: sql`jsonb` } : { id: 'integer', json: 'text' };
}
