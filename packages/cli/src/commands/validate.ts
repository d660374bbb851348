import { resolve } from 'node:path';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { VERSION } from '../version.js';
import { currentWorkspace } from '../workspace.js';
import { collect, inputLineage } from './process.js';

export const validateCommand: CommandModule = {
  register(program: Command) {
    program
      .command('validate')
      .description(
        'check a simulated run’s processing against its truth: finding efficiency, area bias, position resolution, Kr-83m lines',
      )
      .argument('<run>', 'run id of a simulated, processed run')
      .option('--out <dir>', 'report directory (default: <workspace>/reports/validate-<run>)')
      .option(
        '--input <type=lineage>',
        'which stored product to validate when a run holds several, e.g. peak_basics=<lineage> (repeatable)',
        collect,
        [],
      )
      .action(async (run: string, o: { out?: string; input: string[] }, cmd: Command) => {
        const opts = globals(cmd);
        const [{ Store }, { plugins }, { PRODUCTS, validateRun }] = await Promise.all([
          import('@dance/store'),
          import('@dance/chain'),
          import('@dance/validate'),
        ]);
        const ws = currentWorkspace(opts);
        const out = resolve(o.out ?? resolve(ws.root, 'reports', `validate-${run}`));
        // Every product the installed chain can make is needed: a missing one names its `dance process`.
        const needed = PRODUCTS.filter((type) => plugins.some((p) => p.provides.name === type));
        const report = await validateRun(new Store(ws.dataDir), run, out, {
          needed,
          pinned: Object.fromEntries(o.input.map(inputLineage)),
          software: { dance: VERSION },
        });
        emit(
          opts,
          () =>
            [
              `Validation of run ${run} against truth: ${report.passed ? 'PASSED' : 'FAILED'}${skippedNote(report.checks)} (report: ${report.html})`,
              ...report.checks.map(
                (c) =>
                  `  ${c.skipped ? 'skip' : c.passed ? 'ok  ' : 'FAIL'} ${c.what.padEnd(48)} ${c.skipped ?? `${fmt(c.measured)} (limit ${c.limit}, n = ${c.entries})`}`,
              ),
              ...(report.kr83m?.lines ?? []).map(
                (l) =>
                  `  line ${l.line}: ${fmt(l.mean)} ± ${fmt(l.meanError)} ${l.unit}, σ/μ ${(100 * l.resolution).toFixed(1)} % (${l.events} events)`,
              ),
              ...(report.kr83m?.notes ?? []).map((n) => `  note ${n}`),
            ].join('\n'),
          report,
        );
        if (!report.passed) {
          const failed = report.checks.filter((c) => !c.passed).map((c) => c.what);
          throw new UserError(`run ${run}: validation failed (${failed.join('; ')}); see ${report.html}`);
        }
      });
  },
};

/** Skipped checks are not failures, but a pass with skips must say so. */
function skippedNote(checks: readonly { skipped?: string }[]): string {
  const n = checks.filter((c) => c.skipped !== undefined).length;
  return n ? `, ${n} of ${checks.length} checks skipped` : '';
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
