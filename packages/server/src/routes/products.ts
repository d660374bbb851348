import type { ProductKey } from '@dance/catalog';
import { entityId } from '@dance/catalog';
import type { FastifyInstance } from 'fastify';
import { type ApiContext, requireProduct, requireRun } from '../context.js';
import { productParams, runParams } from '../params.js';

/** A run's products with what the store knows of them, one product in detail, its chunks and provenance. */
export function productRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { run: string } }>(
    '/api/runs/:run/products',
    { schema: { summary: "A run's products: data type, lineage, files, bytes, rows, chunks", params: runParams } },
    async (request) => {
      const run = await requireRun(ctx, request.params.run);
      const products = await ctx.catalog.products({ run: run.id });
      return {
        products: products.map((p) => {
          const stored = ctx.store.has(p) ? ctx.store.manifest(p) : undefined;
          return {
            ...p,
            stored: stored !== undefined,
            rows: stored?.chunks.reduce((n, c) => n + c.rows, 0) ?? null,
            chunks: stored?.chunks.length ?? null,
            format: stored?.format ?? null,
            start: stored?.chunks[0]?.start ?? null,
            end: stored?.chunks.at(-1)?.end ?? null,
          };
        }),
      };
    },
  );

  app.get<{ Params: ProductKey }>(
    '/api/runs/:run/products/:type/:lineage',
    {
      schema: {
        summary: 'One product: schema, chunks, files with their replicas, the activity that made it',
        params: productParams,
      },
    },
    async (request) => {
      const key = request.params;
      await requireProduct(ctx, key);
      const product = await ctx.catalog.product(key);
      const manifest = ctx.store.manifest(key);
      const files = await Promise.all(
        product.files.map(async (f) => ({ ...f, replicas: await ctx.catalog.replicas(`${f.scope}:${f.name}`) })),
      );
      return {
        ...product,
        files,
        schema: manifest.schema,
        format: manifest.format,
        chunks: manifest.chunks,
        provenance: manifest.provenance ?? null,
      };
    },
  );

  app.get<{ Params: ProductKey }>(
    '/api/runs/:run/products/:type/:lineage/provenance',
    {
      schema: {
        summary: 'Provenance of a product: upstream graph, its text tree and W3C PROV-JSON',
        params: productParams,
      },
    },
    async (request) => {
      const key = request.params;
      await requireProduct(ctx, key);
      const entity = entityId({ kind: 'product', ...key });
      return {
        entity,
        graph: await ctx.catalog.upstream(entity),
        text: await ctx.catalog.provenanceTree(entity),
        prov: await ctx.catalog.provenanceJson(entity),
      };
    },
  );
}
