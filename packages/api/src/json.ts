import { z } from 'zod';

/**
 * How values the server holds travel in JSON. Each is a zod codec: its input is the JSON the client
 * reads (z.input, the exported types), its output what the server hands to the serializer and what
 * `schema.parse(json)` gives back (z.output).
 */

/** An int64 (times in ns, event numbers): a decimal string in JSON, as a JSON number would lose digits. */
export const int64 = (description: string) =>
  z
    .codec(z.string().regex(/^-?[0-9]{1,19}$/), z.bigint(), {
      decode: (text) => BigInt(text),
      encode: (value) => value.toString(),
    })
    .describe(description);

/** Time in ns since the Unix epoch (int64, a decimal string in JSON). */
export const ns = (description: string) => int64(`${description} (ns since the Unix epoch, decimal string)`);

/** Any float64, NaN and infinities included (z.number() refuses them). */
const float64 = z.custom<number>((value) => typeof value === 'number', 'expected a number');

/** A float64 that may be NaN or infinite (a missing S1, an efficiency of nothing): null in JSON. */
export const real = (description: string) =>
  z
    .codec(z.number().nullable(), float64, {
      decode: (value) => value ?? Number.NaN,
      encode: (value) => (Number.isFinite(value) ? value : null),
    })
    .describe(`${description} (null for NaN or infinity)`);

/** One cell of a table row: int64 columns come as decimal strings, NaN as null. */
export const cell = z
  .codec(
    z.union([z.string(), z.number(), z.boolean(), z.null()]),
    z.union([z.bigint(), float64, z.string(), z.boolean(), z.null()]),
    {
      decode: (value) => value,
      encode: (value) =>
        typeof value === 'bigint'
          ? value.toString()
          : typeof value === 'number' && !Number.isFinite(value)
            ? null
            : value,
    },
  )
  .describe('a table cell: number, text, boolean, int64 as a decimal string, null for NaN');

/** Run ids, data types and lineages as the store and catalog name them. */
export const name = (description: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)
    .describe(description);

/** A stored product: run, data type and the lineage of the configuration that made it. */
export const productKey = z
  .object({
    run: name('run id'),
    type: name('data type, e.g. raw_records'),
    lineage: name('lineage hash of the configuration that made the product'),
  })
  .describe('a product: run, data type, lineage');
export type ProductKey = z.input<typeof productKey>;

/** Every error reply (400, 404, 500): one line a user can act on. */
export const errorReply = z.object({ error: z.string().describe('what went wrong, naming the parameter or thing') });
export type ErrorReply = z.input<typeof errorReply>;

/** What the server hands to its JSON serializer for a reply of schema S: bigint times, NaN floats. */
export type Served<S extends z.ZodType> = z.output<S>;
