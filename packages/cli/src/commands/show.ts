import { nsToIso } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

export const show: CommandModule = {
  register(program: Command) {
    program
      .command('show')
      .description(
        'show one run: times, mode, source, tags, comments, metadata, products, replicas, transfers and rules',
      )
      .argument('<run>', 'run id, e.g. kr-001')
      .action(async (id: string, _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const { run, products, transfers } = await withCatalog(opts, async (catalog) => {
          const { runTransferStatus } = await import('@dance/transfer');
          return {
            run: await catalog.run(id),
            products: await catalog.products({ run: id }),
            transfers: await runTransferStatus(catalog, id),
          };
        });
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
              `  replicas`,
              ...(transfers.replicas.length === 0
                ? ['    none registered']
                : transfers.replicas.map((r) => `    ${r.site}: ${r.files} files ${r.state}`)),
              `  transfers`,
              ...(transfers.queued.length === 0
                ? ['    none queued']
                : transfers.queued.map(
                    (q) =>
                      `    to ${q.dest}: ${q.files} queued${q.failing ? `, ${q.failing} failing (dance daemon retries)` : ''}`,
                  )),
              `  rules`,
              ...(transfers.rules.length === 0
                ? ['    none']
                : transfers.rules.map(
                    (r) =>
                      `    #${r.id} ${r.copies} cop${r.copies === 1 ? 'y' : 'ies'} of ${JSON.stringify(r.selection)} on '${r.sites}': ${r.state}${r.reason ? ` (${r.reason})` : ''}`,
                  )),
            ].join('\n'),
          { ...run, products, transfers },
        );
      });
  },
};
