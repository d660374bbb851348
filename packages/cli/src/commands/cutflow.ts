import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { type SelectionOptions, selectionOptions, withAnalysis } from './query.js';

export const cutflow: CommandModule = {
  register(program: Command) {
    selectionOptions(
      program
        .command('cutflow')
        .description('cut flow of a cut file: events passing each cut in turn, efficiencies and N-1 counts'),
    ).action(async (o: SelectionOptions, cmd: Command) => {
      const opts = globals(cmd);
      if (!o.cuts) throw new UserError('dance cutflow needs --cuts <file>');
      const { cutFlow } = await import('@dance/analysis');
      await withAnalysis(opts, o, async (a, version) => {
        const cuts = a.cuts!;
        const flow = await cutFlow(a.session, o.table[0], cuts.cuts);
        const provenance = a.provenance(version, { cutflow: { table: o.table[0] } });
        emit(
          opts,
          () => {
            const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(2)}%`);
            const lines = [
              `cut flow '${cuts.name}' v${cuts.version} (lineage ${cuts.lineage}) on ${flow.table}: ${flow.total} events`,
              'cut\tpassed\teff\tcumulative\tN-1 passed\tN-1 eff',
            ];
            for (const r of flow.rows) {
              lines.push(
                `${r.cut}\t${r.passed}\t${pct(r.efficiency)}\t${pct(r.cumulative)}\t${r.passedOthers}\t${pct(r.nMinusOneEfficiency)}`,
              );
            }
            return lines.join('\n');
          },
          { cutflow: flow, provenance },
        );
      });
    });
  },
};
