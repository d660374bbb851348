import { UserError } from '@dance/schema';
import type { CheckReport } from '@dance/transfer';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

function describe(r: CheckReport): string {
  const lines = [`${r.site}: ${r.checked} replica(s) checked`];
  for (const f of r.lost) lines.push(`lost     ${f}`);
  for (const f of r.corrupt) lines.push(`corrupt  ${f}`);
  for (const p of r.dark) lines.push(`dark     ${p}`);
  for (const f of r.repaired) lines.push(`repaired ${f}`);
  for (const f of r.unrepairable) lines.push(`no good replica elsewhere: ${f}`);
  return lines.join('\n');
}

export const check: CommandModule = {
  register(program: Command) {
    program
      .command('check')
      .description('compare a site with the catalog: lost, dark and corrupt files (exit 1 when any)')
      .argument('<site>', 'site name')
      .option('--repair', 'copy lost and corrupt files again from other replicas', false)
      .action(async (name: string, o: { repair: boolean }, cmd: Command) => {
        const opts = globals(cmd);
        const { checkSite } = await import('@dance/transfer');
        const report = await withCatalog(opts, (c) => checkSite(c, name, { repair: o.repair }));
        emit(opts, () => describe(report), report);
        const { lost, dark, corrupt } = report;
        if (lost.length + dark.length + corrupt.length > 0) {
          // exit status 1 for scripts and monitoring; the report is already printed
          throw new UserError(`${name}: ${lost.length} lost, ${dark.length} dark, ${corrupt.length} corrupt file(s)`);
        }
      });
  },
};
