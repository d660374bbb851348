import { runReply, runsReply, type Served } from '@dance/api';
import type { FastifyInstance } from 'fastify';
import { type ApiContext, requireRun } from '../context.js';
import { runParams, runsQuery } from '../params.js';

interface RunsQuery {
  where?: string;
  search?: string;
  tag?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** The runs list (filter expression, text search, tag, time range) and one run with its products. */
export function runRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: RunsQuery; Reply: Served<typeof runsReply> }>(
    '/api/runs',
    {
      schema: {
        summary: 'Runs selected by a metadata expression, tag, start time and comment text',
        querystring: runsQuery,
        reply: runsReply,
      },
    },
    async (request) => {
      const q = request.query;
      const runs = await ctx.catalog.runs({
        where: q.where || undefined,
        text: q.search || undefined,
        tags: q.tag === undefined ? undefined : [q.tag],
        startFrom: q.from === undefined ? undefined : BigInt(q.from),
        startTo: q.to === undefined ? undefined : BigInt(q.to),
        limit: q.limit,
      });
      return { runs, count: runs.length, limit: q.limit };
    },
  );

  app.get<{ Params: { run: string }; Reply: Served<typeof runReply> }>(
    '/api/runs/:run',
    {
      schema: {
        summary: 'One run: times, mode, source, detector, tags, comments, metadata, products',
        params: runParams,
        reply: runReply,
      },
    },
    async (request) => {
      const run = await requireRun(ctx, request.params.run);
      return { ...run, products: await ctx.catalog.products({ run: run.id }) };
    },
  );
}
