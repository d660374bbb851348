import type { CommandModule } from '../context.js';
import { config } from './config.js';
import { demo } from './demo.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { init } from './init.js';
import { ls } from './ls.js';
import { sim } from './sim.js';
import { yields } from './yields.js';

/** Every `dance` subcommand, in the order `dance --help` lists them. */
// biome-ignore format: one command per line, so adding a command is a one-line edit
export const COMMANDS: CommandModule[] = [
  init,
  config,
  importCommand,
  exportCommand,
  ls,
  demo,
  sim,
  yields,
];
