import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A 12-hex-digit (48-bit) SHA-256 digest of a value's canonical JSON: short enough for a directory name. */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

export interface ImportLineageInput {
  /** How the data arrived, e.g. 'npy' or 'strax'. */
  format: string;
  schema: { name: string; version: number };
  danceVersion: string;
}

/**
 * The lineage of imported data: what produced the product, not which file it came from (that is
 * provenance). Re-importing with another DANCE version or schema version gives a new lineage.
 */
export function importLineage({ format, schema, danceVersion }: ImportLineageInput): string {
  return shortHash({
    source: 'import',
    format,
    schema: { name: schema.name, version: schema.version },
    dance: danceVersion,
  });
}
