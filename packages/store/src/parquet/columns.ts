import { DTYPES, type Dtype, type FieldSpec, type RecordSchema } from '@dance/schema';
import {
  type IntAnnotation,
  intLabel,
  PHYSICAL_TYPES,
  type PhysicalType,
  REPEATED,
  REQUIRED,
  type SchemaNode,
} from './format.js';

/**
 * How each DANCE element type is stored in Parquet: the one table every column derives from.
 * Parquet has no 8- or 16-bit physical type, so those are INT32 with an INT(8|16) annotation
 * (as DuckDB and pyarrow write int16). `time` is a plain INT64 INT(64, signed), not a
 * TIMESTAMP(NANOS): DuckDB reads it as BIGINT and pandas as int64, which is what strax users
 * get from strax today; a timestamp type would change arithmetic on it.
 */
const STORAGE: Record<Dtype, { physical: PhysicalType; int?: IntAnnotation }> = {
  i8: { physical: 'INT32', int: { bitWidth: 8, signed: true } },
  u8: { physical: 'INT32', int: { bitWidth: 8, signed: false } },
  bool: { physical: 'BOOLEAN' },
  i16: { physical: 'INT32', int: { bitWidth: 16, signed: true } },
  u16: { physical: 'INT32', int: { bitWidth: 16, signed: false } },
  i32: { physical: 'INT32', int: { bitWidth: 32, signed: true } },
  u32: { physical: 'INT32', int: { bitWidth: 32, signed: false } },
  i64: { physical: 'INT64', int: { bitWidth: 64, signed: true } },
  u64: { physical: 'INT64', int: { bitWidth: 64, signed: false } },
  f32: { physical: 'FLOAT' },
  f64: { physical: 'DOUBLE' },
};

/** The Parquet column a record field becomes. */
export interface ParquetColumnDescription {
  readonly field: string;
  readonly dtype: Dtype;
  /** path_in_schema of the leaf: `[name]`, or `[name, 'list', 'element']` for an array field. */
  readonly path: readonly string[];
  readonly physicalType: PhysicalType;
  /** e.g. `INT(16, signed)`; undefined for BOOLEAN, FLOAT and DOUBLE. */
  readonly logicalType: string | undefined;
  /** Elements per row of an array field, stored as a Parquet LIST; undefined for a scalar. */
  readonly listSize: number | undefined;
  readonly maxDefinitionLevel: number;
  readonly maxRepetitionLevel: number;
}

/** The Parquet columns of a data type, in declaration order. */
export function parquetSchemaOf(schema: RecordSchema): ParquetColumnDescription[] {
  return schema.fields.map((f) => {
    const { physical, int } = STORAGE[f.dtype];
    const list = f.shape !== undefined;
    return {
      field: f.name,
      dtype: f.dtype,
      path: list ? [f.name, 'list', 'element'] : [f.name],
      physicalType: physical,
      logicalType: int && intLabel(int),
      listSize: f.shape,
      // A required LIST of required elements: only the repeated level adds a definition level.
      maxDefinitionLevel: list ? 1 : 0,
      maxRepetitionLevel: list ? 1 : 0,
    };
  });
}

/** The Parquet physical type code and annotation a field's elements are stored with. */
export function storageOf(dtype: Dtype): { type: number; int: IntAnnotation | undefined } {
  const { physical, int } = STORAGE[dtype];
  return { type: PHYSICAL_TYPES.indexOf(physical), int };
}

/** Bytes one element takes in PLAIN encoding (BOOLEAN is bit-packed; it is counted as 1). */
export function plainWidth(dtype: Dtype): number {
  const { physical } = STORAGE[dtype];
  return physical === 'INT32' || physical === 'FLOAT' ? 4 : physical === 'BOOLEAN' ? 1 : 8;
}

/** Whether PLAIN bytes of this dtype are the typed array's own bytes (little-endian host). */
export function plainIsNative(dtype: Dtype): boolean {
  return dtype !== 'bool' && plainWidth(dtype) === DTYPES[dtype].bytes;
}

/** The flattened schema tree of a data type, as FileMetaData.schema lists it. */
export function schemaNodes(schema: RecordSchema): SchemaNode[] {
  const nodes: SchemaNode[] = [{ name: schema.name, children: schema.fields.length }];
  for (const f of schema.fields) nodes.push(...fieldNodes(f));
  return nodes;
}

function fieldNodes(f: FieldSpec): SchemaNode[] {
  const { type, int } = storageOf(f.dtype);
  if (f.shape === undefined) return [{ name: f.name, type, repetition: REQUIRED, int }];
  // The three-level LIST layout the Parquet spec prescribes, so DuckDB and pyarrow see a list.
  return [
    { name: f.name, repetition: REQUIRED, children: 1, list: true },
    { name: 'list', repetition: REPEATED, children: 1 },
    { name: 'element', type, repetition: REQUIRED, int },
  ];
}
