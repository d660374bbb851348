import type { Command } from 'commander';
import { stringify } from 'yaml';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const config: CommandModule = {
  register(program: Command) {
    program
      .command('config')
      .description('validate and show the workspace config, with defaults filled in and paths resolved')
      .action((_options: unknown, cmd: Command) => {
        const ws = currentWorkspace(globals(cmd));
        emit(
          globals(cmd),
          () =>
            [
              `# ${ws.configPath}`,
              stringify(ws.config).trimEnd(),
              `# data directory: ${ws.dataDir}`,
              `# catalog: ${ws.catalogUrl}`,
            ].join('\n'),
          {
            root: ws.root,
            config_file: ws.configPath,
            config: ws.config,
            data_dir: ws.dataDir,
            catalog: ws.catalogUrl,
          },
        );
      });
  },
};
