import { z } from 'zod';
import { ns, productKey } from './json.js';
import { activity } from './provenance.js';

/** A product in a run's list: what the catalog and the store know of it. */
export const productSummary = productKey.extend({
  files: z.number().int().describe('files (catalogued ones, else the stored chunks)'),
  bytes: z.number().describe('their total size'),
  catalogued: z.boolean().describe('false for processing output the store holds but the catalog does not know'),
  stored: z.boolean().describe("whether this workspace's store holds it"),
  rows: z.number().int().nullable().describe('stored rows'),
  chunks: z.number().int().nullable().describe('stored chunks'),
  format: z.string().nullable().describe('chunk format, e.g. parquet-zstd'),
  start: ns('start of the first chunk').nullable(),
  end: ns('end of the last chunk').nullable(),
});
export type ProductSummary = z.input<typeof productSummary>;

/** GET /api/runs/:run/products */
export const productsReply = z.object({ products: z.array(productSummary) });
export type ProductsReply = z.input<typeof productsReply>;

/** A copy of a file at a site. */
export const replica = z.object({
  file: z.string().describe('scope:name'),
  site: z.string(),
  state: z.string().describe('e.g. available, copying'),
  path: z.string().nullable().describe('where at the site, relative to its URL'),
});
export type Replica = z.input<typeof replica>;

/** A catalogued file of a product with its replicas. */
export const productFile = z.object({
  scope: z.string().describe('the run'),
  name: z.string().describe('<type>/<lineage>/<file>'),
  size: z.number().describe('bytes'),
  adler32: z.string(),
  sha256: z.string(),
  start: ns('first time it holds').nullable(),
  end: ns('end of the time it holds').nullable(),
  replicas: z.array(replica),
});

/** A stored chunk: the rows whose time lies in [start, end). */
export const chunk = z.object({
  index: z.number().int(),
  file: z.string(),
  start: ns('chunk start'),
  end: ns('chunk end'),
  rows: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  adler32: z.string(),
});
export type Chunk = z.input<typeof chunk>;

/** A data type as the store manifest records it. */
export const storedSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  storage: z.enum(['waveform', 'table']),
  description: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      dtype: z.string().describe('numpy-like: i8, u8, bool, i16, …, f64'),
      shape: z.number().int().optional().describe('elements of an array field (e.g. 110 samples)'),
      unit: z.string(),
      description: z.string(),
    }),
  ),
});

/** GET /api/runs/:run/products/:type/:lineage */
export const productReply = productKey.extend({
  entity: z.string().describe('provenance entity id'),
  created: ns('when it was catalogued').nullable(),
  catalogued: z.boolean(),
  stored: z.boolean(),
  files: z.array(productFile),
  activity: activity.nullable().describe('the activity that made it'),
  schema: storedSchema.nullable(),
  format: z.string().nullable(),
  chunks: z.array(chunk),
  provenance: z.record(z.string(), z.unknown()).nullable().describe("the store manifest's provenance"),
});
export type ProductReply = z.input<typeof productReply>;
