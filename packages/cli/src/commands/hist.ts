import { writeFileSync } from 'node:fs';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { numberOption, rangeOption, type SelectionOptions, selectionOptions, withAnalysis } from './query.js';

interface HistOptions extends SelectionOptions {
  bins: string;
  range?: string;
  y?: string;
  ybins: string;
  yrange?: string;
  weight?: string;
  svg?: string;
  png?: string;
  without?: string;
}

export const hist: CommandModule = {
  register(program: Command) {
    selectionOptions(
      program
        .command('hist')
        .description('histogram an expression (1D, or 2D with --y), binned in SQL with under/overflow and sumw2')
        .argument('<expression>', 'SQL expression over the table, e.g. cs1 or log10(cs2)')
        .option('--range <lo:hi>', 'x range (default: the range of the selected values)')
        .option('--bins <n>', 'x bins', '100')
        .option('--y <expression>', 'second axis (2D histogram)')
        .option('--yrange <lo:hi>', 'y range (default: the range of the selected values)')
        .option('--ybins <n>', 'y bins', '100')
        .option('--weight <expression>', 'per-event weight (default 1)')
        .option('--without <cut>', 'N-1 distribution: apply every cut except this one')
        .option('--svg <file>', 'also write the plot as SVG, provenance embedded in <metadata>')
        .option('--png <file>', 'also write the plot as PNG, provenance embedded in an iTXt chunk'),
    ).action(async (expression: string, o: HistOptions, cmd: Command) => {
      const opts = globals(cmd);
      const { allOf, axisFor, histogramWithEngine, histogramSvg, svgToPng } = await import('@dance/analysis');
      await withAnalysis(opts, o, async (a, version) => {
        const table = o.table[0];
        if (o.without !== undefined && !a.cutList.some((c) => c.name === o.without)) {
          throw new UserError(
            `--without: no cut '${o.without}' (cuts: ${a.cutList.map((c) => c.name).join(', ') || 'none'})`,
          );
        }
        const where = allOf(a.cutList.filter((c) => c.name !== o.without));
        // an axis without --range spans the values that pass the cuts, as the web Analysis page does
        const axis = async (expr: string, bins: [string, string], range: [string, string | undefined]) => {
          const [lo, hi] = range[1] === undefined ? [] : rangeOption(range[0], range[1]);
          return axisFor(a.session, { table, where, expr, bins: numberOption(...bins), lo, hi });
        };
        const axes = [await axis(expression, ['--bins', o.bins], ['--range', o.range])];
        if (o.y !== undefined) axes.push(await axis(o.y, ['--ybins', o.ybins], ['--yrange', o.yrange]));
        const { histogram: h, ...engine } = await histogramWithEngine(a.session, {
          table,
          axes,
          where,
          weight: o.weight,
        });
        // Which engine filled it (the typed-array scan, or DuckDB and why): same bins either way.
        if (opts.verbose) process.stderr.write(`histogram engine: ${JSON.stringify(engine)}\n`);
        const provenance = a.provenance(version, {
          histogram: { table, axes, weight: o.weight ?? null, without: o.without ?? null, engine },
        });
        const plots = [o.svg, o.png].filter((f) => f !== undefined);
        if (plots.length) {
          const svg = histogramSvg(h, `${table}: ${axes.map((x) => x.label).join(' vs ')}`, provenance);
          if (o.svg) writeFileSync(o.svg, svg);
          if (o.png) writeFileSync(o.png, svgToPng(svg, provenance));
        }
        emit(opts, () => describe(h, plots), {
          histogram: h.toJSON(),
          svg: o.svg ?? null,
          png: o.png ?? null,
          provenance,
        });
      });
    });
  },
};

function describe(h: import('@dance/analysis').Histogram, plots: string[]): string {
  const [x, y] = h.axes;
  const lines = [`${y ? '2D' : '1D'} histogram of ${h.axes.map((a) => a.label).join(' vs ')}: in range ${h.inRange()}`];
  if (!y) {
    lines.push(`underflow ${h.sumw[0]}  overflow ${h.sumw[x.bins + 1]}`, 'bin_lo\tbin_hi\tsumw\tsumw2');
    for (let i = 1; i <= x.bins; i++) {
      const lo = x.lo + ((i - 1) * (x.hi - x.lo)) / x.bins;
      const hi = x.lo + (i * (x.hi - x.lo)) / x.bins;
      lines.push(`${lo}\t${hi}\t${h.sumw[i]}\t${h.sumw2[i]}`);
    }
  }
  for (const file of plots) lines.push(`wrote ${file}`);
  return lines.join('\n');
}
