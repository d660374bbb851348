import { nsToIso } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

export const show: CommandModule = {
  register(program: Command) {
    program
      .command('show')
      .description('show one run: times, mode, source, tags, comments, metadata and its products')
      .argument('<run>', 'run id, e.g. kr-001')
      .action(async (id: string, _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const { run, products } = await withCatalog(opts, async (catalog) => ({
          run: await catalog.run(id),
          products: await catalog.products({ run: id }),
        }));
        emit(
          opts,
          () =>
            [
              `run ${run.id} (number ${run.number})`,
              `  start     ${nsToIso(run.start)}`,
              `  end       ${run.end === null ? '-' : nsToIso(run.end)}`,
              `  mode      ${run.mode ?? '-'}`,
              `  source    ${run.source ?? '-'}`,
              `  detector  ${run.detector ?? '-'}`,
              `  tags      ${run.tags.join(', ') || '-'}`,
              `  comments  ${run.comments || '-'}`,
              `  metadata${run.schemaVersion === null ? '' : ` (schema version ${run.schemaVersion})`}`,
              ...Object.entries(run.metadata).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`),
              `  products`,
              ...(products.length === 0
                ? ['    none']
                : products.map((p) => `    ${p.type}/${p.lineage}  ${p.files} files, ${p.bytes} bytes`)),
            ].join('\n'),
          { ...run, products },
        );
      });
  },
};
