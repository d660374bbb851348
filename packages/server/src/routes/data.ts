import type { ProductKey } from '@dance/catalog';
import { UserError } from '@dance/schema';
import type { FastifyInstance } from 'fastify';
import { arrowStream } from '../arrow-ipc.js';
import { type ApiContext, requireProduct } from '../context.js';
import { NotFound } from '../errors.js';
import { MAX_ROWS, MAX_WINDOW_NS, productParams, windowQuery } from '../params.js';

interface WindowQuery {
  start: string;
  end: string;
  columns?: string;
}

/** Media type of Arrow IPC streams (https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format). */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** Rows of a product in a time window as an Arrow IPC stream: records for the waveform view, peaklets, truth. */
export function dataRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: ProductKey; Querystring: WindowQuery }>(
    '/api/runs/:run/products/:type/:lineage/data',
    {
      schema: {
        summary: `Rows touching [start, end) as an Arrow IPC stream (${ARROW_STREAM}); windows up to ${MAX_WINDOW_NS} ns and ${MAX_ROWS} rows`,
        params: productParams,
        querystring: windowQuery,
        produces: [ARROW_STREAM],
      },
    },
    async (request, reply) => {
      const key = request.params;
      const start = BigInt(request.query.start);
      const end = BigInt(request.query.end);
      if (end <= start) throw new UserError(`end ${end} must be after start ${start}`);
      if (end - start > MAX_WINDOW_NS) {
        throw new UserError(`window of ${end - start} ns is longer than the ${MAX_WINDOW_NS} ns one request may read`);
      }
      await requireProduct(ctx, key);
      if (!ctx.store.has(key))
        throw new NotFound(
          `product ${key.run}/${key.type}/${key.lineage} is catalogued but not in this workspace's store`,
        );
      const columns = request.query.columns?.split(',');
      const known = new Set(ctx.store.manifest(key).schema.fields.map((f) => f.name));
      const unknown = columns?.find((c) => !known.has(c));
      if (unknown)
        throw new UserError(`columns: ${key.type} has no field '${unknown}' (fields: ${[...known].join(', ')})`);
      const batch = await ctx.windows.read(key, start, end, columns);
      if (batch.length > MAX_ROWS) {
        throw new UserError(
          `the window holds ${batch.length} rows, more than the ${MAX_ROWS} one request may return: narrow it`,
        );
      }
      return reply
        .type(ARROW_STREAM)
        .header('x-dance-rows', String(batch.length))
        .send(asBuffer(arrowStream(batch)));
    },
  );
}

/** The bytes as a Buffer without copying them. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
