import { numpyDescr, type RecordSchema, UserError } from '@dance/schema';
import { type PyValue, pyStrRepr } from './python-literal.js';

/** One field of a numpy structured dtype as `dtype.descr` lists it. */
export interface DescrField {
  name: string;
  /** strax's per-field comment, stored by numpy as the field title; absent in plain dtypes. */
  title?: string;
  /** numpy type string, e.g. '<i8'. */
  type: string;
  /** Element shape of a sub-array field, e.g. [110]; absent for scalars. */
  shape?: number[];
}

/**
 * Reads a parsed `dtype.descr` (list of (name, type[, shape]) tuples, where name may be a
 * (title, name) pair). Returns a string for a plain, non-structured dtype such as '<i8'.
 */
export function descrFromPy(value: PyValue, where: string): DescrField[] | string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw new UserError(`${where}: dtype descr is not a list of fields`);
  return value.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) {
      throw new UserError(`${where}: dtype field ${i} is not a (name, type[, shape]) tuple`);
    }
    const [label, type, shape] = entry;
    let name: PyValue = label;
    let title: string | undefined;
    if (Array.isArray(label) && label.length === 2 && typeof label[0] === 'string') [title, name] = label;
    if (typeof name !== 'string') throw new UserError(`${where}: dtype field ${i} has no name`);
    if (typeof type !== 'string') throw new UserError(`${where}: field '${name}' is a nested structure`);
    const field: DescrField = { name, type };
    if (title !== undefined) field.title = title;
    if (shape !== undefined) {
      const dims = typeof shape === 'number' ? [shape] : shape;
      if (!Array.isArray(dims) || !dims.every((d) => typeof d === 'number' && d >= 0)) {
        throw new UserError(`${where}: field '${name}' has a malformed shape`);
      }
      field.shape = dims as number[];
    }
    return field;
  });
}

/**
 * Throws a UserError naming `where` and the first field that differs from the data type's
 * packed little-endian layout. Titles are ignored: they are comments.
 */
export function checkDescr(found: DescrField[] | string, schema: RecordSchema, where: string): void {
  const expected = `(strax ${schema.name} dtype)`;
  if (typeof found === 'string') {
    throw new UserError(`${where}: dtype is '${found}', expected a structured array ${expected}`);
  }
  const want = numpyDescr(schema);
  for (let i = 0; i < Math.max(want.length, found.length); i++) {
    const f = found[i];
    const [name, type, shape] = want[i] ?? [];
    if (!f) throw new UserError(`${where}: field '${name}' is missing ${expected}`);
    if (name === undefined) throw new UserError(`${where}: unexpected extra field '${f.name}' ${expected}`);
    if (f.name !== name) throw new UserError(`${where}: field ${i} is '${f.name}', expected '${name}' ${expected}`);
    if (f.type.startsWith('>')) {
      throw new UserError(`${where}: field '${name}' is big-endian ('${f.type}'); only little-endian data is read`);
    }
    if (f.type !== type)
      throw new UserError(`${where}: field '${name}' is '${f.type}', expected '${type}' ${expected}`);
    const fs = shapeRepr(f.shape);
    const ws = shapeRepr(shape);
    if (fs !== ws) {
      throw new UserError(`${where}: field '${name}' has shape ${fs || '()'}, expected ${ws || '()'} ${expected}`);
    }
  }
}

/**
 * `repr(dtype.descr)` for a data type, as numpy writes it: titled fields when `titles` maps a
 * field name to its title (strax's dtypes carry one per field).
 */
export function descrRepr(schema: RecordSchema, titles?: Readonly<Record<string, string>>): string {
  const entries = numpyDescr(schema).map(([name, type, shape]) => {
    const title = titles?.[name];
    const label = title === undefined ? pyStrRepr(name) : `(${pyStrRepr(title)}, ${pyStrRepr(name)})`;
    return shape ? `(${label}, '${type}', ${shapeRepr(shape)})` : `(${label}, '${type}')`;
  });
  return `[${entries.join(', ')}]`;
}

/** Python's repr of a shape tuple: (110,) or (2, 3); '' for a scalar. */
export function shapeRepr(shape: readonly number[] | undefined): string {
  if (!shape) return '';
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
