import type { CommandModule } from '../context.js';
import { check } from './check.js';
import { cond } from './cond.js';
import { config } from './config.js';
import { cutflow } from './cutflow.js';
import { daemon } from './daemon.js';
import { dataset } from './dataset.js';
import { demo } from './demo.js';
import { exportCommand } from './export.js';
import { fit } from './fit.js';
import { hist } from './hist.js';
import { importCommand } from './import.js';
import { init } from './init.js';
import { lineage } from './lineage.js';
import { ls } from './ls.js';
import { meta } from './meta.js';
import { options } from './options.js';
import { processCommand } from './process.js';
import { prov } from './prov.js';
import { query } from './query.js';
import { replicate } from './replicate.js';
import { rule } from './rule.js';
import { runs } from './runs.js';
import { serve } from './serve.js';
import { show } from './show.js';
import { sim } from './sim.js';
import { site } from './site.js';
import { unblindCommand } from './unblind.js';
import { validateCommand } from './validate.js';
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
  processCommand,
  options,
  validateCommand,
  lineage,
  yields,
  runs,
  show,
  meta,
  dataset,
  cond,
  prov,
  query,
  hist,
  cutflow,
  fit,
  unblindCommand,
  site,
  replicate,
  rule,
  daemon,
  check,
  serve,
];
