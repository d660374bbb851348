import { UserError } from '@dance/schema';

/** A product: one data type of one run, made by one lineage (hash of the processing that made it). */
export interface ProductKey {
  run: string;
  type: string;
  lineage: string;
}

/** Run, type and lineage names: safe as path components on every filesystem and object store. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Data type names as schemas declare them: no '-', so `<type>-<lineage>` splits unambiguously. */
export const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,127}$/;

/** Throws a UserError naming the first part of `key` that is not a valid name. */
export function checkKey(key: ProductKey): void {
  for (const part of ['run', 'type', 'lineage'] as const) {
    const value: unknown = key?.[part];
    const pattern = part === 'type' ? TYPE_PATTERN : NAME_PATTERN;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new UserError(`invalid product ${part} ${printable(value)}: must match ${pattern}`);
    }
  }
}

/** A hostile value shown safely: quoted, control characters escaped, long ones cut. */
function printable(value: unknown): string {
  const text = JSON.stringify(typeof value === 'string' ? value : String(value));
  return text.length > 60 ? `${text.slice(0, 57)}..." (${String(value).length} characters)` : text;
}

export function keyLabel(key: ProductKey): string {
  return `${key.run}/${key.type}-${key.lineage}`;
}

/** Directory of a committed product, relative to the site root. */
export function productDir(key: ProductKey): string {
  return `${key.run}/${key.type}-${key.lineage}`;
}

/** Directory where a product is written before its commit. */
export function tempDir(key: ProductKey): string {
  return `${key.run}/.tmp-${key.type}-${key.lineage}`;
}

/** Where a replaced product waits while its replacement is renamed in. */
export function retiredDir(key: ProductKey): string {
  return `${key.run}/.old-${key.type}-${key.lineage}`;
}

export function chunkFileName(key: ProductKey, index: number, extension: string): string {
  return `${key.type}-${key.lineage}-${String(index).padStart(6, '0')}.${extension}`;
}
