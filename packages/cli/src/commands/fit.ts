import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { numberOption, rangeOption, type SelectionOptions, selectionOptions, withAnalysis } from './query.js';

interface FitOptions extends SelectionOptions {
  model: string;
  range: string;
  binned?: boolean;
  bins: string;
  exclude?: string[];
}

export const fit: CommandModule = {
  register(program: Command) {
    selectionOptions(
      program
        .command('fit')
        .description(
          'extended maximum-likelihood fit of an expression (blinded data) with HESSE errors and profile intervals',
        )
        .argument('<expression>', 'SQL expression over the table, e.g. cs1')
        .requiredOption('--range <lo:hi>', 'fit range')
        .option('--model <shapes>', "sum of shapes: gauss, flat, expo (e.g. 'gauss+flat')", 'gauss+flat')
        .option('--binned', 'binned Poisson likelihood (histogram made in SQL) instead of unbinned')
        .option('--bins <n>', 'bins for --binned', '100')
        .option('--exclude <lo:hi...>', 'ranges left out of data and model, e.g. a blinded region (sideband fit)'),
    ).action(async (expression: string, o: FitOptions, cmd: Command) => {
      const opts = globals(cmd);
      const [lo, hi] = rangeOption('--range', o.range);
      const { allOf, columnValues, fitBinned, fitUnbinned, histogram } = await import('@dance/analysis');
      await withAnalysis(opts, o, async (a, version) => {
        const table = o.table[0];
        const where = allOf(a.cutList);
        const exclude = (o.exclude ?? []).map((r) => rangeOption('--exclude', r));
        const spec = { model: o.model, lo, hi, exclude };
        let result: import('@dance/analysis').FitResult;
        if (o.binned) {
          const bins = numberOption('--bins', o.bins);
          const h = await histogram(a.session, { table, axes: [{ label: expression, bins, lo, hi }], where });
          const edges = Float64Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
          result = fitBinned(spec, edges, h.sumw.slice(1, bins + 1));
        } else {
          const x = `(${expression})::DOUBLE`;
          const sql = `SELECT ${x} AS x FROM "${table.replaceAll('"', '""')}" WHERE (${where}) AND ${x} >= ${lo} AND ${x} < ${hi}`;
          result = fitUnbinned(spec, await columnValues(a.session, sql));
        }
        const provenance = a.provenance(version, { fit: { table, expression, ...spec, binned: Boolean(o.binned) } });
        emit(
          opts,
          () => {
            const lines = [
              `${result.method} fit of '${result.model}' to ${expression} on [${lo}, ${hi}): ${result.events} events, ${result.valid ? 'valid' : 'NOT VALID'} (edm ${result.edm.toExponential(2)}, ${result.calls} calls)`,
              'parameter\tvalue\terror\tprofile lower\tprofile upper',
            ];
            for (const p of result.parameters) {
              const g = (v?: number) => (v === undefined ? 'limit' : v.toPrecision(6));
              lines.push(`${p.name}\t${g(p.value)}\t${g(p.error)}\t${g(p.lower)}\t${g(p.upper)}`);
            }
            if (a.blinded.length) {
              const names = a.blinded.map((r) => r.name).join(', ');
              lines.push(
                `note: blinding region(s) ${names} hide events; unless --exclude covers it, the model does not describe that hole`,
              );
            }
            return lines.join('\n');
          },
          { fit: result, provenance },
        );
      });
    });
  },
};
