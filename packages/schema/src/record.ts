import { DTYPES, type Dtype, isDtype } from './dtype.js';

/** One field of a record: the single declaration every derived layout is built from. */
export interface FieldSpec<N extends string = string, D extends Dtype = Dtype> {
  readonly name: N;
  readonly dtype: D;
  /** Elements per row for a fixed-length array field (a waveform); absent for a scalar. */
  readonly shape?: number;
  /** Physical unit, e.g. 'ns', 'ADC', 'PE', 'cm'; '' when dimensionless. */
  readonly unit: string;
  readonly description: string;
}

/**
 * How a data type is stored: `waveform` types are bulk sample data where write speed decides
 * (Arrow IPC), `table` types are what analysis queries (Parquet).
 */
export type StorageKind = 'waveform' | 'table';

export interface RecordSchema<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  /** Data type name as strax spells it, e.g. `raw_records`. */
  readonly name: string;
  /** Bumped whenever a field changes; part of every product's lineage. */
  readonly version: number;
  readonly description: string;
  readonly storage: StorageKind;
  readonly fields: F;
}

/** A field's place in the packed (numpy `align=False`) row layout. */
export interface FieldLayout {
  readonly field: FieldSpec;
  readonly offset: number;
  /** Elements per row (1 for a scalar). */
  readonly count: number;
  /** Bytes per row: element size × count. */
  readonly bytes: number;
}

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Declares a data type. Checks the declaration once so that every layout derived from it
 * (batches, Parquet, Arrow, numpy, docs) can trust it. Every type carries `time` (int64 ns since
 * the Unix epoch) first, because chunking, sorting and time-range reads depend on it.
 */
export function defineRecord<const F extends readonly FieldSpec[]>(schema: RecordSchema<F>): RecordSchema<F> {
  const where = `data type '${schema.name}'`;
  if (!NAME.test(schema.name)) throw new Error(`${where}: name must match ${NAME}`);
  if (!Number.isInteger(schema.version) || schema.version < 0)
    throw new Error(`${where}: version must be an integer >= 0`);
  const first = schema.fields[0];
  if (first?.name !== 'time' || first.dtype !== 'i64' || first.shape !== undefined) {
    throw new Error(`${where}: the first field must be 'time' (i64, ns since the Unix epoch)`);
  }
  const seen = new Set<string>();
  for (const f of schema.fields) {
    if (!NAME.test(f.name)) throw new Error(`${where}: field name '${f.name}' must match ${NAME}`);
    if (seen.has(f.name)) throw new Error(`${where}: field '${f.name}' is declared twice`);
    seen.add(f.name);
    if (!isDtype(f.dtype)) throw new Error(`${where}: field '${f.name}' has unknown dtype '${f.dtype}'`);
    if (f.shape !== undefined && !(Number.isInteger(f.shape) && f.shape > 0)) {
      throw new Error(`${where}: field '${f.name}' shape must be a positive integer`);
    }
    if (!f.description) throw new Error(`${where}: field '${f.name}' needs a description`);
  }
  return Object.freeze({ ...schema, fields: Object.freeze([...schema.fields]) as unknown as F });
}

const layoutCache = new WeakMap<RecordSchema, { fields: FieldLayout[]; rowBytes: number }>();

/** Packed row layout, as numpy lays out a structured dtype without alignment (strax's layout). */
export function rowLayout(schema: RecordSchema): { fields: FieldLayout[]; rowBytes: number } {
  let cached = layoutCache.get(schema);
  if (!cached) {
    let offset = 0;
    const fields = schema.fields.map((field) => {
      const count = field.shape ?? 1;
      const bytes = DTYPES[field.dtype].bytes * count;
      const layout = { field, offset, count, bytes };
      offset += bytes;
      return layout;
    });
    cached = { fields, rowBytes: offset };
    layoutCache.set(schema, cached);
  }
  return cached;
}

export function fieldOf(schema: RecordSchema, name: string): FieldSpec {
  const f = schema.fields.find((x) => x.name === name);
  if (!f) throw new Error(`data type '${schema.name}' has no field '${name}'`);
  return f;
}
