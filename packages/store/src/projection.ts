import { defineRecord, type RecordSchema, UserError } from '@dance/schema';

const cache = new WeakMap<RecordSchema, Map<string, RecordSchema>>();

/**
 * The schema of a column projection: `time` (which every time cut needs) plus the named columns in
 * declaration order. Without `columns` the schema itself.
 */
export function projectSchema(schema: RecordSchema, columns?: readonly string[]): RecordSchema {
  if (!columns) return schema;
  for (const name of columns) {
    if (!schema.fields.some((f) => f.name === name)) {
      throw new UserError(`data type '${schema.name}' has no column '${name}'`);
    }
  }
  const wanted = new Set(['time', ...columns]);
  const id = [...wanted].sort().join(',');
  let bySet = cache.get(schema);
  if (!bySet) cache.set(schema, (bySet = new Map()));
  let projected = bySet.get(id);
  if (!projected) {
    projected =
      wanted.size === schema.fields.length
        ? schema
        : defineRecord({ ...schema, fields: schema.fields.filter((f) => wanted.has(f.name)) });
    bySet.set(id, projected);
  }
  return projected;
}
