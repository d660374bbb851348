import { initWorkspace } from '@dance/workspace';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';

export const init: CommandModule = {
  register(program: Command) {
    program
      .command('init')
      .description('create a workspace: dance.yaml, a data directory and the catalog directory')
      .argument('[dir]', 'directory to create the workspace in', '.')
      .option('--name <name>', 'workspace name (default: the directory name)')
      .option('--force', 'overwrite an existing dance.yaml (stored data is kept)', false)
      .action((dir: string, options: { name?: string; force: boolean }, cmd: Command) => {
        const ws = initWorkspace(dir, options);
        emit(
          globals(cmd),
          [
            `Created workspace '${ws.config.name}' in ${ws.root}`,
            `  config   ${ws.configPath}`,
            `  data     ${ws.dataDir}`,
            `  catalog  ${ws.catalogUrl}`,
          ].join('\n'),
          { root: ws.root, config: ws.configPath, data_dir: ws.dataDir, catalog: ws.catalogUrl },
        );
      });
  },
};
