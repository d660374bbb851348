import { shortHash } from '@dance/schema';

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
