import { z } from 'zod';

/** The workspace config file; the workspace root is the directory holding it. */
export const CONFIG_FILE = 'dance.yaml';

const CATALOG_URL = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/;

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
});

export type WorkspaceConfig = z.output<typeof configSchema>;
