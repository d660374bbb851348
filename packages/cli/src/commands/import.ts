import { type Command, InvalidArgumentError } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export const importCommand: CommandModule = {
  register(program: Command) {
    program
      .command('import')
      .description("import records from a .npy file (strax's dtype) or a strax data directory into the store")
      .argument('<path>', 'a .npy file or a strax data directory <run>-<type>-<hash>/')
      .requiredOption('--run <id>', 'run id to store the records under')
      .option('--type <name>', 'data type of the records', 'raw_records')
      .option('--chunk-rows <n>', 'rows per stored chunk (default: about 50 MB worth)', positiveInteger)
      .option('--overwrite', 'replace the product if it is already stored', false)
      .action(
        async (
          path: string,
          o: { run: string; type: string; chunkRows?: number; overwrite: boolean },
          cmd: Command,
        ) => {
          const opts = globals(cmd);
          const ws = currentWorkspace(opts);
          const { importRecords } = await import('../importer.js');
          const r = await importRecords(
            ws,
            { source: path, run: o.run, type: o.type, chunkRows: o.chunkRows, overwrite: o.overwrite },
            opts,
          );
          const m = r.manifest;
          emit(
            opts,
            `Imported ${m.rows} ${m.type} rows from ${r.source.path} (${r.format}) as ${m.run}/${m.type} lineage ${m.lineage}: ${m.chunks.length} chunk(s), ${m.bytes} bytes in ${ws.dataDir}`,
            {
              run: m.run,
              type: m.type,
              lineage: m.lineage,
              rows: m.rows,
              bytes: m.bytes,
              chunks: m.chunks.length,
              format: r.format,
              source: r.source,
            },
          );
        },
      );
  },
};
