import { resolve } from 'node:path';
import { isoToNs, UserError } from '@dance/schema';
import { builtinDetectors, SOURCE_NAMES, sourceHelp, validateRun } from '@dance/sim';
import { Store } from '@dance/store';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { simulateAndRecord } from '../simulation.js';
import { currentWorkspace } from '../workspace.js';

interface SimOptions {
  detector: string;
  source: string;
  energy?: string;
  minEnergy?: string;
  maxEnergy?: string;
  rate: string;
  duration: string;
  seed: string;
  run: string;
  workers: string;
  chunk: string;
  rMax?: string;
  zMin?: string;
  zMax?: string;
  backgrounds: boolean;
  start?: string;
  overwrite: boolean;
}

function num(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new UserError(`${flag}: expected a number, got '${value}'`);
  return v;
}

export const sim: CommandModule = {
  register(program: Command) {
    const command = program
      .command('sim')
      .description('simulate a dual-phase xenon TPC run: raw_records plus truth, written to the store')
      .option(
        '--detector <name|file>',
        `built-in detector (${builtinDetectors().join(', ')}) or a YAML/JSON file`,
        'xenon-demo',
      )
      .option('--source <name>', `event source: ${SOURCE_NAMES.join(', ')}`, 'kr83m')
      .option('--energy <keV>', 'line energy for --source gamma')
      .option('--min-energy <keV>', 'spectrum start for flat-er, flat-nr, ambe')
      .option('--max-energy <keV>', 'spectrum end for flat-er, flat-nr, ambe')
      .option('--rate <Hz>', 'event rate', '20')
      .option('--duration <s>', 'run length in seconds', '10')
      .option('--seed <n>', 'random seed: the same seed gives byte-identical data', '1')
      .option('--run <id>', 'run id to store the products under')
      .option('--workers <n>', 'worker threads (0: simulate in the main thread)', '1')
      .option('--chunk <s>', 'seconds per stored chunk', '1')
      .option('--r-max <cm>', 'events within this radius (default: the detector radius)')
      .option('--z-min <cm>', 'events above this depth (z = 0 at the gate, negative down)')
      .option('--z-max <cm>', 'events below this depth')
      .option('--no-backgrounds', 'no PMT dark counts and lone electrons')
      .option('--start <iso>', 'run start time (default 2026-01-01T00:00:00Z)')
      .option('--overwrite', 'replace the run’s products if they exist', false)
      .addHelpText('after', `\nSources:\n${sourceHelp()}`)
      .action(async (o: SimOptions, cmd: Command) => {
        const opts = globals(cmd);
        if (!o.run) throw new UserError('sim: --run <id> is required');
        const ws = currentWorkspace(opts);
        const result = await simulateAndRecord(
          ws,
          {
            detector: o.detector,
            source: {
              name: o.source,
              energyKeV: num('--energy', o.energy),
              minKeV: num('--min-energy', o.minEnergy),
              maxKeV: num('--max-energy', o.maxEnergy),
            },
            rateHz: num('--rate', o.rate)!,
            durationS: num('--duration', o.duration)!,
            seed: num('--seed', o.seed)!,
            run: o.run,
            volume:
              o.rMax !== undefined || o.zMin !== undefined || o.zMax !== undefined
                ? { rMaxCm: num('--r-max', o.rMax), zMinCm: num('--z-min', o.zMin), zMaxCm: num('--z-max', o.zMax) }
                : undefined,
            backgrounds: o.backgrounds,
            start: o.start ? isoToNs(o.start) : undefined,
            chunkS: num('--chunk', o.chunk),
            workers: num('--workers', o.workers),
            overwrite: o.overwrite,
          },
          opts,
        );
        const realTime = result.durationS / result.wallS;
        emit(
          opts,
          () =>
            [
              `Simulated ${result.durationS} s of ${result.source} on ${result.detector} (seed ${result.seed}) as run ${result.run}, lineage ${result.lineage}, in ${result.wallS.toFixed(1)} s (${realTime.toFixed(1)}x real time)`,
              ...result.products.map(
                (p) =>
                  `  ${p.type.padEnd(20)} ${String(p.rows).padStart(10)} rows  ${(p.bytes / 1e6).toFixed(1).padStart(8)} MB  ${p.chunks} chunk(s)`,
              ),
            ].join('\n'),
          { ...result, real_time_factor: realTime, data_dir: ws.dataDir },
        );
      });

    command
      .command('validate')
      .description('check a simulated run’s truth against the model and write a report with plots')
      .argument('<run>', 'run id of a simulated run')
      .option('--out <dir>', 'report directory (default: <workspace>/reports/sim-validate-<run>)')
      .option('--lineage <hash>', 'which simulation, when several are stored under the run (default: the newest)')
      .action(async (run: string, o: { out?: string; lineage?: string }, cmd: Command) => {
        const opts = globals(cmd);
        const ws = currentWorkspace(opts);
        const out = resolve(o.out ?? resolve(ws.root, 'reports', `sim-validate-${run}`));
        const report = await validateRun(new Store(ws.dataDir), run, out, o.lineage);
        emit(
          opts,
          () =>
            [
              `Validation of run ${run} lineage ${report.lineage}: ${report.passed ? 'PASSED' : 'FAILED'} (report: ${report.markdownPath})`,
              ...report.checks.map(
                (c) => `  ${c.skipped ? 'skip' : c.passed ? 'ok  ' : 'FAIL'} ${c.name}: ${c.summary}`,
              ),
            ].join('\n'),
          report,
        );
        if (!report.passed) {
          const failed = report.checks.filter((c) => !c.passed).map((c) => c.name);
          throw new UserError(`run ${run}: validation failed (${failed.join('; ')}); see ${report.markdownPath}`);
        }
      });
  },
};
