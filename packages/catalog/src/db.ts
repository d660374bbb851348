import type { ColumnType } from 'kysely';

/**
 * Table types of the catalog database. Integers come back as bigint (SQLite, safe integers) or
 * string (PostgreSQL bigint); codec.ts turns them into numbers or bigints. JSON columns are text on
 * SQLite and jsonb on PostgreSQL (read back as a string or an already-parsed value).
 */
type Int = ColumnType<bigint | string | number, bigint | string | number, bigint | string | number>;
type NullableInt = ColumnType<
  bigint | string | number | null,
  bigint | string | number | null,
  bigint | string | number | null
>;
type Json = ColumnType<unknown, string, string>;
/** Auto-numbered primary key: optional on insert. */
type Id = ColumnType<bigint | string | number, bigint | string | number | undefined, bigint | string | number>;

export interface MetadataSchemaTable {
  version: Int;
  schema: Json;
  created_ns: Int;
}

export interface RunTable {
  id: string;
  number: Int;
  start_ns: Int;
  end_ns: NullableInt;
  mode: string | null;
  source: string | null;
  detector: string | null;
  comments: string;
  metadata: Json;
  schema_version: NullableInt;
  created_ns: Int;
}

export interface RunTagTable {
  run_id: string;
  tag: string;
}

export interface SiteTable {
  name: string;
  kind: string;
  url: string;
  attributes: Json;
}

/** Files, datasets and containers share one namespace (scope:name), as Rucio's DIDs do. */
export interface DidTable {
  id: Id;
  scope: string;
  name: string;
  type: 'file' | 'dataset' | 'container';
  open: Int;
  monotonic: Int;
  size: NullableInt;
  adler32: string | null;
  sha256: string | null;
  start_ns: NullableInt;
  end_ns: NullableInt;
  product_id: NullableInt;
  created_ns: Int;
}

export interface AttachmentTable {
  parent_id: Int;
  child_id: Int;
}

export interface ReplicaTable {
  file_id: Int;
  site: string;
  state: string;
  path: string | null;
  updated_ns: Int;
}

export interface ProductTable {
  id: Id;
  run_id: string;
  type: string;
  lineage: string;
  created_ns: Int;
}

export interface ActivityTable {
  id: Id;
  kind: string;
  name: string;
  version: string;
  code_hash: string | null;
  config: Json;
  user_name: string;
  host: string;
  start_ns: Int;
  end_ns: Int;
  software_version: string | null;
  lockfile_hash: string | null;
}

export interface UsedTable {
  activity_id: Int;
  entity: string;
  checksum: string | null;
}

export interface GeneratedTable {
  entity: string;
  activity_id: Int;
}

export interface ConditionVersionTable {
  id: Id;
  name: string;
  version: Int;
  kind: string;
  value: Json;
  valid_from_ns: NullableInt;
  valid_to_ns: NullableInt;
  run_from: NullableInt;
  run_to: NullableInt;
  comment: string;
  created_ns: Int;
}

export interface ConditionTagTable {
  tag: string;
  version_id: Int;
}

export interface CatalogDatabase {
  metadata_schemas: MetadataSchemaTable;
  runs: RunTable;
  run_tags: RunTagTable;
  sites: SiteTable;
  dids: DidTable;
  attachments: AttachmentTable;
  replicas: ReplicaTable;
  products: ProductTable;
  activities: ActivityTable;
  prov_used: UsedTable;
  prov_generated: GeneratedTable;
  condition_versions: ConditionVersionTable;
  condition_tags: ConditionTagTable;
}
