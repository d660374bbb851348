import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import { VERSION } from './version.js';

export function createProgram(): Command {
  const program = new Command('dance')
    .description('DANCE: simulate, process, catalog, move and analyse detector data')
    .version(VERSION)
    .option('--json', 'machine-readable JSON output', false)
    .option('--verbose', 'show stack traces and debug detail', false)
    .option(
      '-w, --workspace <dir>',
      'workspace directory (default: $DANCE_WORKSPACE or the nearest dance.yaml upwards)',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const c of COMMANDS) c.register(program);
  return program;
}
