import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { serveWorkspace } from '../serving.js';
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
        await serveWorkspace(workspace, { host: o.host, port, verbose: opts.verbose }, (url) =>
          emit(opts, `DANCE serving ${workspace.root} at ${url} (Ctrl-C stops)`, { url, workspace: workspace.root }),
        );
      });
  },
};
