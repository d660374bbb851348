import { errorReply, openApiReply, openApiSchema, type ReplySchema, type Served } from '@dance/api';
import type { FastifyInstance, RouteOptions } from 'fastify';

// fastify.d.ts re-exports this interface from a namespace, so it is augmented where it is declared
declare module 'fastify/types/schema.js' {
  interface FastifySchema {
    /** One line for the OpenAPI description. */
    summary?: string;
    /**
     * The JSON reply's schema (@dance/api), for the OpenAPI description only: Fastify does not
     * serialize with it (json.ts keeps int64 strings and every key as the handler built them).
     */
    reply?: ReplySchema;
    /** Media types of a non-JSON 200 reply (Arrow IPC, plot files). */
    produces?: readonly string[];
  }
}

interface ObjectSchema {
  required?: readonly string[];
  properties?: Record<string, { description?: string } & Record<string, unknown>>;
}

interface Operation {
  summary?: string;
  parameters: object[];
  responses: Record<string, object>;
}

/**
 * Collects every route declared after this call and serves their OpenAPI 3 description at
 * /api/openapi.json, derived from the same JSON schemas Fastify validates requests with.
 */
export function openApi(app: FastifyInstance, info: { title: string; version: string }): void {
  const paths: Record<string, Record<string, Operation>> = {};
  // shared and recursive parts of the reply schemas (e.g. the provenance graph), referenced by name
  const schemas: Record<string, object> = {};
  const content = (reply: ReplySchema | undefined, produces: readonly string[] = []) => {
    const types: Record<string, object> = {};
    if (reply) {
      const { schema, definitions } = openApiSchema(reply);
      Object.assign(schemas, definitions);
      types['application/json'] = { schema };
    }
    for (const type of produces) types[type] = {};
    return types;
  };
  const error = content(errorReply);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || route.method === 'HEAD') return;
    const schema = (route.schema ?? {}) as {
      summary?: string;
      params?: ObjectSchema;
      querystring?: ObjectSchema;
      reply?: ReplySchema;
      produces?: readonly string[];
    };
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    for (const method of [route.method].flat()) {
      (paths[path] ??= {})[method.toLowerCase()] = {
        summary: schema.summary,
        parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')],
        responses: {
          '200': { description: 'OK', content: content(schema.reply, schema.produces) },
          '400': { description: 'invalid parameter', content: error },
          '404': { description: 'unknown run or product', content: error },
        },
      };
    }
  });
  app.get<{ Reply: Served<typeof openApiReply> }>(
    '/api/openapi.json',
    { schema: { summary: 'This description', reply: openApiReply } },
    async () => ({ openapi: '3.0.3', info, paths, components: { schemas } }),
  );
}

function parameters(schema: ObjectSchema | undefined, where: 'path' | 'query'): object[] {
  return Object.entries(schema?.properties ?? {}).map(([name, { description, ...rest }]) => ({
    name,
    in: where,
    required: where === 'path' || (schema?.required ?? []).includes(name),
    description,
    schema: rest,
  }));
}
