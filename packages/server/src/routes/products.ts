import { productReply, productsReply, provenanceReply, type Served } from '@dance/api';
import type { ProductKey } from '@dance/catalog';
import { entityId } from '@dance/catalog';
import type { FastifyInstance } from 'fastify';
import { type ApiContext, requireProduct, requireRun } from '../context.js';
import { productParams, runParams } from '../params.js';

/** A run's products with what the store knows of them, one product in detail, its chunks and provenance. */
export function productRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { run: string }; Reply: Served<typeof productsReply> }>(
    '/api/runs/:run/products',
    {
      schema: {
        summary: "A run's products: data type, lineage, files, bytes, rows, chunks",
        params: runParams,
        reply: productsReply,
      },
    },
    async (request) => {
      const run = await requireRun(ctx, request.params.run);
      const catalogued = await ctx.catalog.products({ run: run.id });
      const known = new Set(catalogued.map(label));
      // processing output the store holds but the catalog does not know yet: files are its chunks
      const storedOnly = ctx.store
        .list({ run: run.id })
        .filter((k) => !known.has(label(k)))
        .map((k) => {
          const chunks = ctx.store.manifest(k).chunks;
          return { ...k, files: chunks.length, bytes: chunks.reduce((n, c) => n + c.bytes, 0), catalogued: false };
        });
      const products = [...catalogued.map((p) => ({ ...p, catalogued: true })), ...storedOnly];
      products.sort((a, b) => label(a).localeCompare(label(b)));
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

  app.get<{ Params: ProductKey; Reply: Served<typeof productReply> }>(
    '/api/runs/:run/products/:type/:lineage',
    {
      schema: {
        summary: 'One product: schema, chunks, files with their replicas, the activity that made it',
        params: productParams,
        reply: productReply,
      },
    },
    async (request) => {
      const key = request.params;
      const { catalogued } = await requireProduct(ctx, key);
      const stored = ctx.store.has(key);
      const manifest = stored ? ctx.store.manifest(key) : undefined;
      const product = catalogued
        ? await ctx.catalog.product(key)
        : { ...key, entity: entityId({ kind: 'product', ...key }), created: null, files: [], activity: null };
      const files = await Promise.all(
        product.files.map(async (f) => ({ ...f, replicas: await ctx.catalog.replicas(`${f.scope}:${f.name}`) })),
      );
      return {
        ...product,
        catalogued,
        stored,
        files,
        schema: manifest?.schema ?? null,
        format: manifest?.format ?? null,
        chunks: manifest?.chunks ?? [],
        // the store types it as any object; it is the JSON object the manifest holds
        provenance: (manifest?.provenance ?? null) as Record<string, unknown> | null,
      };
    },
  );

  app.get<{ Params: ProductKey; Reply: Served<typeof provenanceReply> }>(
    '/api/runs/:run/products/:type/:lineage/provenance',
    {
      schema: {
        summary: 'Provenance of a product: upstream graph, its text tree and W3C PROV-JSON',
        params: productParams,
        reply: provenanceReply,
      },
    },
    async (request) => {
      const key = request.params;
      const { catalogued } = await requireProduct(ctx, key);
      const entity = entityId({ kind: 'product', ...key });
      if (!catalogued) {
        // the store's manifest still says how it was made
        const made = ctx.store.manifest(key).provenance ?? null;
        return {
          entity,
          catalogued,
          graph: { entity, checksum: null, activity: null, inputs: [] },
          text: '',
          prov: null,
          storeProvenance: made,
        };
      }
      return {
        entity,
        catalogued,
        graph: await ctx.catalog.upstream(entity),
        text: await ctx.catalog.provenanceTree(entity),
        prov: await ctx.catalog.provenanceJson(entity),
      };
    },
  );
}

function label(k: ProductKey): string {
  return `${k.type}/${k.lineage}`;
}
