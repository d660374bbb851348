import { z } from 'zod';
import { name, ns, productKey } from './json.js';

/** A run as the catalog holds it. */
export const run = z.object({
  id: name('run id, e.g. kr-001'),
  number: z.number().int().describe('run number'),
  start: ns('start of the run'),
  end: ns('end of the run').nullable(),
  mode: z.string().nullable().describe('e.g. calibration, background'),
  source: z.string().nullable().describe('calibration source, e.g. kr83m'),
  detector: z.string().nullable().describe('detector configuration name'),
  tags: z.array(z.string()).describe('tags, e.g. calibration'),
  comments: z.string().describe('shift comments'),
  metadata: z.record(z.string(), z.unknown()).describe('metadata validated by the workspace metadata schema'),
  schemaVersion: z.number().int().nullable().describe('metadata schema version it was validated with'),
});
export type Run = z.input<typeof run>;

/** GET /api/runs */
export const runsReply = z.object({
  runs: z.array(run),
  count: z.number().int().describe('runs in this reply'),
  limit: z.number().int().describe('the page size asked for: count = limit means there may be more'),
});
export type RunsReply = z.input<typeof runsReply>;

/** A catalogued product of a run, with its file count and size. */
export const cataloguedProduct = productKey.extend({
  files: z.number().int().describe('files registered in the catalog'),
  bytes: z.number().describe('their total size'),
});

/** GET /api/runs/:run */
export const runReply = run.extend({ products: z.array(cataloguedProduct).describe('catalogued products') });
export type RunReply = z.input<typeof runReply>;
