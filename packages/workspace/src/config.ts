import { z } from 'zod';

/** The workspace config file; the workspace root is the directory holding it. */
export const CONFIG_FILE = 'dance.yaml';

const CATALOG_URL = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;

/** The `analysis` section: DuckDB resources and the blinded signal regions (read by @dance/analysis). */
const analysisSchema = z
  .strictObject({
    memory_limit: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/)
      .default('1GB'),
    threads: z.int().min(1).optional(),
    temp_dir: z.string().min(1).default('.dance/tmp'),
    max_temp_size: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/)
      .optional(),
    blinding: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/),
          table: z.string().min(1).default('event_info'),
          where: z.string().min(1),
          description: z.string().default(''),
        }),
      )
      .default([]),
  })
  .describe(
    "Interactive analysis: DuckDB 'memory_limit' (e.g. '1GB'; RSS runs up to ~2x this), 'threads' (default: all cores), 'temp_dir' for spilling (relative to the workspace root) capped by 'max_temp_size', and 'blinding': signal regions [{name, table, where: SQL predicate, description}] hidden from every query, histogram and fit until `dance unblind` logs their release.",
  );

/**
 * The schema of dance.yaml, declared once: validation, the `dance init` template and docs/config.md
 * are all derived from it. Objects are strict, so a misspelt key is an error naming it rather than a
 * setting silently ignored. Later sections (sites, processing, analysis) are added here as optional
 * strict objects when the code that reads them lands.
 */
export const configSchema = z.strictObject({
  version: z.literal(1).describe('Format version of this file. Always 1 for now.'),
  name: z
    .string()
    .min(1, { error: 'must not be empty' })
    .describe('Name of the workspace, recorded in the provenance of what it produces.'),
  data_dir: z
    .string()
    .min(1, { error: 'must not be empty' })
    .default('data')
    .describe('Directory where products (chunked data) are stored; relative paths are from the workspace root.'),
  catalog: z
    .string()
    .regex(CATALOG_URL, { error: "expected 'sqlite:<path>' or a 'postgres://' URL" })
    .default('sqlite:catalog/dance.sqlite')
    .describe(
      "Where the catalog of runs, products and provenance lives: 'sqlite:<path>' (relative to the workspace root) or a 'postgres://user@host/db' URL.",
    ),
  analysis: analysisSchema.optional(),
  global_tag: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)
    .optional()
    .describe(
      "Global tag through which `dance process` resolves detector conditions (electron lifetime, g1, g2, light-collection maps) when --global-tag is not given, e.g. 'sim-truth' for simulated runs.",
    ),
});

export type WorkspaceConfig = z.output<typeof configSchema>;
