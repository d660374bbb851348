import type { OpenAnalysis } from '@dance/analysis';
import { UserError } from '@dance/schema';
import { type Command, InvalidArgumentError } from 'commander';
import { type CommandModule, type GlobalOptions, globals } from '../context.js';
import { jsonReplacer } from '../output.js';
import { VERSION } from '../version.js';
import { currentWorkspace } from '../workspace.js';

/** Options shared by the analysis commands (query, hist, cutflow, fit). */
export interface SelectionOptions {
  runs?: string;
  table: string[];
  lineage?: string;
  cuts?: string;
  vetoes?: string;
}

/**
 * `--table a,b` as product types. One comma-separated value rather than a variadic option, which
 * would take the SQL argument that follows it for another table.
 */
export function tableList(value: string): string[] {
  const types = value.split(',').map((t) => t.trim());
  if (types.some((t) => t === '')) throw new InvalidArgumentError('expected product types separated by commas');
  return [...new Set(types)];
}

export function selectionOptions(cmd: Command, cuts: 'cuts' | 'no-cuts' = 'cuts'): Command {
  cmd
    .option('--runs <expr>', 'runs from the catalog, e.g. "source = \'kr83m\'" (default: every stored run)')
    .option(
      '--table <types>',
      'product types to query, comma-separated, each a view named after it (hist, cutflow, fit use the first)',
      tableList,
      ['event_info'],
    )
    .option('--lineage <hash>', 'which lineage when a run has several of a type');
  cmd.option(
    '--vetoes <file>',
    'veto intervals (YAML: name, version, intervals: [[start_ns, end_ns]]): adds column vetoed',
  );
  return cuts === 'cuts' ? cmd.option('--cuts <file>', 'cut file (YAML: name, version, cuts: [{name, expr}])') : cmd;
}

/** Opens the workspace's blinded analysis session for the selection; closed after `work`. */
export async function withAnalysis<T>(
  opts: GlobalOptions,
  o: SelectionOptions,
  work: (a: OpenAnalysis, version: string) => Promise<T>,
): Promise<T> {
  const ws = currentWorkspace(opts);
  const { openAnalysis } = await import('@dance/analysis');
  const a = await openAnalysis({
    root: ws.root,
    dataDir: ws.dataDir,
    catalogUrl: ws.catalogUrl,
    config: ws.config.analysis,
    runs: o.runs ?? '',
    tables: o.table,
    lineage: o.lineage,
    cutsFile: o.cuts,
    vetoFile: o.vetoes,
  });
  try {
    return await work(a, VERSION);
  } finally {
    a.session.close();
  }
}

/** A finite number from an option, or a UserError naming it. */
export function numberOption(option: string, text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new UserError(`${option}: '${text}' is not a number`);
  return x;
}

/** `lo:hi` from an option. */
export function rangeOption(option: string, text: string): [number, number] {
  const parts = text.split(':');
  if (parts.length !== 2) throw new UserError(`${option}: expected lo:hi, got '${text}'`);
  return [numberOption(option, parts[0]), numberOption(option, parts[1])];
}

export const query: CommandModule = {
  register(program: Command) {
    selectionOptions(
      program
        .command('query')
        .description('run one SQL SELECT over the stored table products (blinded); rows are streamed')
        .argument('<sql>', 'e.g. "SELECT count(*) FROM event_info WHERE cs1 > 10"'),
      'no-cuts',
    ).action(async (sql: string, o: SelectionOptions, cmd: Command) => {
      const opts = globals(cmd);
      await withAnalysis(opts, o, async (a, version) => {
        const out = process.stdout;
        let columns: string[] | undefined;
        let rows = 0;
        const plain = (v: unknown) => (v !== null && typeof v === 'object' ? String(v) : v);
        for await (const part of a.session.stream(sql)) {
          if (!columns) {
            columns = part.columns;
            out.write(opts.json ? `{"columns":${JSON.stringify(columns)},"rows":[` : `${columns.join('\t')}\n`);
          }
          for (const row of part.rows) {
            const values = part.columns.map((c) => plain(row[c]));
            if (opts.json) out.write(`${rows ? ',' : ''}\n${JSON.stringify(values, jsonReplacer)}`);
            else out.write(`${values.map((v) => (v === null ? 'NULL' : String(v))).join('\t')}\n`);
            rows++;
          }
        }
        if (opts.json) {
          if (!columns) out.write('{"columns":[],"rows":[');
          const provenance = a.provenance(version, { query: sql });
          out.write(`\n],"provenance":${JSON.stringify(provenance, jsonReplacer)}}\n`);
        } else if (opts.verbose) process.stderr.write(`${rows} row(s)\n`);
      });
    });
  },
};
