import type { Catalog, ProductKey } from '@dance/catalog';
import type { Store } from '@dance/store';
import { NotFound } from './errors.js';
import type { TableSessions } from './table-sessions.js';
import type { WindowCache } from './window-cache.js';

/** What every route reads from: the workspace's catalog and product store, both read-only here. */
export interface ApiContext {
  catalog: Catalog;
  store: Store;
  windows: WindowCache;
  tables: TableSessions;
}

/** The run, or a NotFound naming it and the nearest known ids. */
export async function requireRun(ctx: ApiContext, id: string) {
  const run = await ctx.catalog.findRun(id);
  if (run) return run;
  const near = await ctx.catalog.suggest(id);
  const hint = near.length ? `; did you mean ${near.join(', ')}?` : '';
  throw new NotFound(`unknown run '${id}'${hint}`);
}

/**
 * Checks that the product exists: in the catalog or the store. Processing may write products to the
 * store before (or without) cataloguing them, and those are still data to look at.
 * Returns whether the catalog knows it.
 */
export async function requireProduct(ctx: ApiContext, key: ProductKey): Promise<{ catalogued: boolean }> {
  await requireRun(ctx, key.run);
  const catalogued = (await ctx.catalog.products(key)).length > 0;
  if (!catalogued && !ctx.store.has(key)) throw new NotFound(`unknown product ${key.run}/${key.type}/${key.lineage}`);
  return { catalogued };
}
