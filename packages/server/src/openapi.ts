import type { FastifyInstance, RouteOptions } from 'fastify';

// fastify.d.ts re-exports this interface from a namespace, so it is augmented where it is declared
declare module 'fastify/types/schema.js' {
  interface FastifySchema {
    /** One line for the OpenAPI description. */
    summary?: string;
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
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || route.method === 'HEAD') return;
    const schema = (route.schema ?? {}) as { summary?: string; params?: ObjectSchema; querystring?: ObjectSchema };
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    for (const method of [route.method].flat()) {
      (paths[path] ??= {})[method.toLowerCase()] = {
        summary: schema.summary,
        parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')],
        responses: {
          '200': { description: 'OK' },
          '400': { description: 'invalid parameter, with { error }' },
          '404': { description: 'unknown run or product, with { error }' },
        },
      };
    }
  });
  app.get('/api/openapi.json', { schema: { summary: 'This description' } }, async () => ({
    openapi: '3.0.3',
    info,
    paths,
  }));
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
