import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog } from '@dance/catalog';
import { Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { replyWithError } from './errors.js';
import { toJson } from './json.js';
import { openApi } from './openapi.js';
import { analysisRoutes } from './routes/analysis.js';
import { dataRoutes } from './routes/data.js';
import { detectorRoutes } from './routes/detector.js';
import { eventRoutes } from './routes/events.js';
import { productRoutes } from './routes/products.js';
import { rowRoutes } from './routes/rows.js';
import { runRoutes } from './routes/runs.js';
import { TableSessions } from './table-sessions.js';
import { WindowCache } from './window-cache.js';

export interface ServerOptions {
  workspace: Workspace;
  /** Interface to bind; loopback unless the user asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built web app (default packages/web/dist/app); the API works without it. */
  webRoot?: string;
  /** Fastify request logging (off by default: the CLI prints the URL and errors). */
  logger?: boolean;
}

export interface DanceServer {
  app: FastifyInstance;
  /** Starts listening; resolves to the URL to open. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Where `npm run build -w @dance/web` puts the app, from src/ (tests) or dist/src/ (built). */
const DEFAULT_WEB_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../web/dist/app');
const DEFAULT_WEB_ROOT_FROM_SRC = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist/app');

/**
 * The read-only HTTP API over a workspace's catalog and store (only GET routes exist), with its
 * OpenAPI description at /api/openapi.json, and the web app as static files.
 */
export async function createServer(options: ServerOptions): Promise<DanceServer> {
  const { workspace } = options;
  const catalog = await openCatalog(workspace.catalogUrl, { base: workspace.root, migrate: false });
  const store = new Store(workspace.dataDir);
  const ctx = { catalog, store, windows: new WindowCache(store), tables: new TableSessions(workspace, store) };
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: 200 },
    // a misspelt query parameter is a 400 naming it, not silently dropped (Fastify's default)
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setReplySerializer((payload) => toJson(payload));
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no such path ${request.url}` }));
  app.addHook('onClose', async () => {
    await ctx.tables.close();
    await catalog.close();
  });
  openApi(app, { title: `DANCE workspace ${workspace.config.name ?? workspace.root}`, version: '0.1.0' });
  runRoutes(app, ctx);
  productRoutes(app, ctx);
  dataRoutes(app, ctx);
  rowRoutes(app, ctx);
  detectorRoutes(app, ctx);
  analysisRoutes(app, workspace);
  eventRoutes(app, ctx);
  const webRoot = options.webRoot ?? [DEFAULT_WEB_ROOT, DEFAULT_WEB_ROOT_FROM_SRC].find(isBuiltApp);
  if (webRoot && isBuiltApp(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, dotfiles: 'deny' });
  } else {
    app.get('/', (_request, reply) =>
      reply
        .type('text/plain')
        .send('The web app is not built: run `npm run build -w @dance/web`. The API is at /api/.\n'),
    );
  }
  return {
    app,
    async listen() {
      const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
      return `${address.replace('[::1]', 'localhost')}/`;
    },
    close: () => app.close(),
  };
}

function isBuiltApp(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}
