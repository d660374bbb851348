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
      if (!o.cuts && !o.vetoes) throw new UserError('dance cutflow needs --cuts <file> and/or --vetoes <file>');
      const { cutFlow } = await import('@dance/analysis');
      await withAnalysis(opts, o, async (a, version) => {
        const flow = await cutFlow(a.session, o.table[0], a.cutList);
        const provenance = a.provenance(version, { cutflow: { table: o.table[0] } });
        emit(
          opts,
          () => {
            const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(2)}%`);
            const label = (s?: { name: string; version: number; lineage: string }) =>
              s ? ` '${s.name}' v${s.version} (lineage ${s.lineage})` : '';
            const lines = [
              `cut flow${label(a.cuts)}${label(a.vetoes)} on ${flow.table}: ${flow.total} events`,
              'cut\tpassed\teff\tcumulative\tN-1 passed\tN-1 eff',
            ];
            for (const r of flow.rows) {
              lines.push(
                `${r.cut}\t${r.passed}\t${pct(r.efficiency)}\t${pct(r.cumulative)}\t${r.passedOthers}\t${pct(r.nMinusOneEfficiency)}`,
              );
            }
            for (const l of provenance.vetoes?.livetime ?? []) {
              lines.push(`run ${l.run}: livetime ${Number(l.live) / 1e9} s of ${Number(l.exposure) / 1e9} s`);
            }
            return lines.join('\n');
          },
          { cutflow: flow, provenance },
        );
      });
    });
  },
};
