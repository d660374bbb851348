import { z } from 'zod';
import { cell, productKey } from './json.js';

/** One table row by column name. */
export const row = z.record(z.string(), cell);
export type Row = z.input<typeof row>;

/** GET /api/runs/:run/products/:type/:lineage/rows: a page of a table product in time order. */
export const rowsReply = z.object({
  columns: z.array(z.string()),
  total: z.number().int().describe('rows passing the filter'),
  offset: z.number().int(),
  limit: z.number().int(),
  rows: z.array(z.array(cell)).describe('one array per row, in the order of columns'),
});
export type RowsReply = z.input<typeof rowsReply>;

/** GET /api/runs/:run/events: a page of the run's event table. */
export const eventsReply = rowsReply.extend({ product: productKey.describe('the event table read') });
export type EventsReply = z.input<typeof eventsReply>;
