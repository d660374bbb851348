import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { recordProcessing } from '../processing-record.js';
import type { Progress } from '../progress.js';
import { currentWorkspace } from '../workspace.js';
import { withCatalog } from './runs.js';

interface ProcessFlags {
  target: string;
  workers: string;
  set: string[];
  settings?: string;
  straxCompat: boolean;
  chunkMb: string;
  restart: boolean;
  input: string[];
  globalTag?: string;
}

export const processCommand: CommandModule = {
  register(program: Command) {
    program
      .command('process')
      .description(
        'run the processing chain on a run up to a data type (raw_records → records → hits, peaklets → peaks → events → event_info)',
      )
      .argument('<run>', 'run id')
      .requiredOption('--target <type>', 'data type to make, e.g. hits, peaklets, peak_basics, event_info')
      .option('--workers <n>', 'worker threads (0: process in the main thread)', '0')
      .option(
        '--set <option=value>',
        'plugin option, e.g. to_pe=0.005 or hit_min_amplitude=20 (repeatable)',
        collect,
        [],
      )
      .option(
        '--settings <file>',
        'plugin options from a YAML or JSON mapping (option: value), e.g. a PMT map (pmt_x, pmt_y); --set overrides it',
      )
      .option(
        '--strax-compat',
        "straxen's defaults, with to_pe and n_top_channels given by --set or --settings (no detector file)",
        false,
      )
      .option('--chunk-mb <MB>', 'target chunk size in MB of the input', '32')
      .option(
        '--global-tag <tag>',
        'resolve detector conditions (electron_lifetime, g1, g2, ...) through this global tag (default: global_tag in dance.yaml; simulated runs register sim-truth)',
      )
      .option('--restart', 'discard an interrupted processing instead of resuming it', false)
      .option(
        '--input <type=lineage>',
        'which stored input to start from when a run holds several (repeatable)',
        collect,
        [],
      )
      .action(async (run: string, o: ProcessFlags, cmd: Command) => {
        const opts = globals(cmd);
        const [
          { Store },
          { processInStages },
          { chainWorkerModule, plugins, CONDITION_OPTIONS },
          { startProgress },
          { detectorSettings, conditionsFor, parseSettings, resolveConditionSettings, settingsFromFile },
        ] = await Promise.all([
          import('@dance/store'),
          import('@dance/pipeline'),
          import('@dance/chain'),
          import('../progress.js'),
          import('./process-settings.js'),
        ]);
        const workers = Number(o.workers);
        if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
          throw new UserError(`--workers: expected an integer 0..64, got '${o.workers}'`);
        }
        const chunkMb = Number(o.chunkMb);
        if (!(chunkMb > 0)) throw new UserError(`--chunk-mb: expected a positive number, got '${o.chunkMb}'`);
        if (!plugins.some((p) => p.provides.name === o.target)) {
          throw new UserError(
            `--target: no plugin makes '${o.target}'; known: ${plugins.map((p) => p.provides.name).join(', ')}`,
          );
        }
        const ws = currentWorkspace(opts);
        const store = new Store(ws.dataDir);
        const explicit = {
          ...(o.settings === undefined ? {} : settingsFromFile(plugins, o.settings)),
          ...parseSettings(plugins, o.set),
        };
        const needGains = !o.straxCompat && (explicit.to_pe === undefined || explicit.n_top_channels === undefined);
        const detector = needGains ? detectorSettings(store, run) : {};
        const needed = conditionsFor(plugins, o.target, CONDITION_OPTIONS).filter(
          (c) => explicit[c.name] === undefined,
        );
        const tag = o.globalTag ?? ws.config.global_tag;
        if (needed.length > 0 && tag === undefined) {
          throw new UserError(
            `${o.target} needs the detector conditions ${needed.map((c) => c.name).join(', ')}: pass --global-tag <tag> (sim-truth for a simulated run), set global_tag in dance.yaml, or --set each of them (or list them in a --settings file)`,
          );
        }
        const conditions =
          needed.length > 0 && tag !== undefined
            ? await withCatalog(opts, (c) => resolveConditionSettings(c, run, tag, needed))
            : { settings: {}, used: [] };
        const settings = { ...detector, ...conditions.settings, ...explicit };
        if (o.straxCompat) {
          for (const name of ['to_pe', 'n_top_channels']) {
            if (settings[name] === undefined)
              throw new UserError(`--strax-compat needs --set ${name}=<value> (or ${name} in a --settings file)`);
          }
        }
        const started = performance.now();
        let progress: Progress | undefined;
        const result = await processInStages(store, {
          run,
          target: o.target,
          plugins,
          settings,
          workers,
          workerModule: workers > 0 ? chainWorkerModule() : undefined,
          chunkBytes: chunkMb * 1e6,
          restart: o.restart,
          inputs: Object.fromEntries(o.input.map(inputLineage)),
          onProgress: (done, total) => {
            progress ??= startProgress(opts, `process ${run} → ${o.target}`, Math.max(1, Math.round(total / 1e9)), 's');
            progress.update(Math.round(done / 1e9));
          },
        });
        progress?.finish();
        await recordProcessing(ws, store, result.plan.target, result.computed, conditions.used);
        const seconds = (performance.now() - started) / 1000;
        const made = result.computed.map((k) => k.type);
        emit(
          opts,
          made.length === 0
            ? `${run}/${o.target} lineage ${result.plan.target.lineage} is already stored`
            : `Processed ${run} to ${o.target} (lineage ${result.plan.target.lineage}): made ${made.join(', ')} from ${result.plan.sources.map((k) => k.type).join(', ')} in ${result.chunks} chunk(s)${result.resumedChunks ? `, ${result.resumedChunks} resumed` : ''}, ${seconds.toFixed(1)} s`,
          {
            run,
            target: o.target,
            lineage: result.plan.target.lineage,
            computed: result.computed,
            sources: result.plan.sources,
            chunks: result.chunks,
            resumed_chunks: result.resumedChunks,
            seconds,
            conditions: conditions.used.map((c) => ({ name: c.name, version: c.version, tag: c.tag })),
          },
        );
      });
  },
};

/** `--input type=lineage` as a [type, lineage] pair (also used by dance validate). */
export function inputLineage(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 1 || eq === text.length - 1) throw new UserError(`--input '${text}': expected type=lineage`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** Commander's accumulator for a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
