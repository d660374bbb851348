import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const unblindCommand: CommandModule = {
  register(program: Command) {
    program
      .command('unblind')
      .description('release a blinding region from dance.yaml: an explicit act, logged with who, when and why')
      .argument('<region>', 'name of the region under analysis.blinding')
      .requiredOption('--reason <text>', 'why (e.g. the approval it follows)')
      .action(async (region: string, o: { reason: string }, cmd: Command) => {
        const opts = globals(cmd);
        const ws = currentWorkspace(opts);
        const { unblind, unblindingLogPath } = await import('@dance/analysis');
        const log = unblindingLogPath(ws.root);
        const entry = unblind(log, ws.config.analysis?.blinding ?? [], region, {
          user: process.env.USER ?? userInfo().username,
          reason: o.reason,
        });
        emit(opts, `unblinded '${entry.region}' (definition ${entry.definition}); logged in ${log}`, { ...entry, log });
      });
  },
};
