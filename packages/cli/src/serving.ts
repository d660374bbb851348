import { UserError } from '@dance/schema';
import type { Workspace } from '@dance/workspace';

export interface ServeOptions {
  host: string;
  port: number;
  verbose: boolean;
  /** When the port is taken, take any free one instead of failing (the demo's choice). */
  anyPortIfBusy?: boolean;
}

/** Serves a workspace until SIGINT or SIGTERM; `onListening` gets the URL once it is up. */
export async function serveWorkspace(
  workspace: Workspace,
  o: ServeOptions,
  onListening: (url: string) => void,
): Promise<void> {
  const { createServer } = await import('@dance/server');
  const listen = async (port: number) => {
    const server = await createServer({ workspace, host: o.host, port, logger: o.verbose });
    try {
      return { server, url: await server.listen() };
    } catch (err) {
      await server.close();
      throw err;
    }
  };
  let up: Awaited<ReturnType<typeof listen>>;
  try {
    up = await listen(o.port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && o.anyPortIfBusy) up = await listen(0);
    else if (code === 'EADDRINUSE') throw new UserError(`--port: ${o.port} is in use on ${o.host}; try --port 0`);
    else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`--host: cannot bind ${o.host}`);
    else throw err;
  }
  onListening(up.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await up.server.close();
}
