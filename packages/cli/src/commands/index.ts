import type { CommandModule } from '../context.js';

/** Every `dance` subcommand, in the order `dance --help` lists them. */
export const COMMANDS: CommandModule[] = [];
