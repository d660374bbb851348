import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const serve: CommandModule = {
  register(program: Command) {
    program
      .command('serve')
      .description('serve the workspace read-only over HTTP: the web app (runs, products, waveforms) and its API')
      .option('--port <n>', 'TCP port (0: any free port)', '8080')
      .option('--host <host>', 'interface to bind; other machines can connect only if you change it', '127.0.0.1')
      .action(async (o: { port: string; host: string }, cmd: Command) => {
        const opts = globals(cmd);
        const port = Number(o.port);
        if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
          throw new UserError(`--port: '${o.port}' must be an integer from 0 to 65535`);
        }
        const workspace = currentWorkspace(opts);
        const { createServer } = await import('@dance/server');
        const server = await createServer({ workspace, host: o.host, port, logger: opts.verbose });
        let url: string;
        try {
          url = await server.listen();
        } catch (err) {
          await server.close();
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE') throw new UserError(`--port: ${port} is in use on ${o.host}; try --port 0`);
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`--host: cannot bind ${o.host}`);
          throw err;
        }
        emit(opts, `DANCE serving ${workspace.root} at ${url} (Ctrl-C stops)`, { url, workspace: workspace.root });
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
      });
  },
};
