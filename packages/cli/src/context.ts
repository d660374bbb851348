import type { Command } from 'commander';

/** Options every command accepts (declared once in program.ts). */
export interface GlobalOptions {
  json: boolean;
  verbose: boolean;
  workspace?: string;
}

/**
 * A CLI command lives in its own file under commands/ and exports one of these; commands/index.ts
 * lists them. `register` adds the command (with its options and help) to the program.
 */
export interface CommandModule {
  register(program: Command): void;
}

/** The global options as seen from inside a command's action. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}
