import { type Command, Option } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export-formats.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const exportCommand: CommandModule = {
  register(program: Command) {
    program
      .command('export')
      .description('write a stored product as a file other tools read (numpy, Parquet, HDF5)')
      .argument('<run>', 'run id')
      .argument('<type>', 'data type, e.g. raw_records')
      .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).makeOptionMandatory())
      .requiredOption('--out <path>', 'file to write (replaced atomically)')
      .option('--lineage <hash>', 'which lineage, when several are stored')
      .action(
        async (run: string, type: string, o: { format: ExportFormat; out: string; lineage?: string }, cmd: Command) => {
          const opts = globals(cmd);
          const [{ Store }, { exportProduct, resolveProduct }] = await Promise.all([
            import('@dance/store'),
            import('../exporter.js'),
          ]);
          const store = new Store(currentWorkspace(opts).dataDir);
          const key = resolveProduct(store, run, type, o.lineage);
          const r = await exportProduct(store, key, o.format, o.out, opts);
          emit(
            opts,
            `Exported ${r.rows} rows of ${run}/${type} lineage ${key.lineage} to ${r.path} (${o.format}, ${r.bytes} bytes)`,
            {
              ...key,
              format: o.format,
              path: r.path,
              rows: r.rows,
              bytes: r.bytes,
            },
          );
        },
      );
  },
};
