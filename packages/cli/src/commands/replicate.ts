import { UserError } from '@dance/schema';
import type { PassReport } from '@dance/transfer';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { parseSelection } from './rule.js';
import { withCatalog } from './runs.js';

/** The --verify option, checked. */
export function verifyMode(text: string): 'readback' | 'stream' {
  if (text !== 'readback' && text !== 'stream') throw new UserError(`--verify '${text}' must be readback or stream`);
  return text;
}

export function describePass(pass: PassReport): string {
  const lines = pass.transfers.map((t) =>
    t.ok
      ? `copied ${t.file} ${t.source} -> ${t.dest} (${t.bytes} bytes${t.resumedFrom ? `, resumed at ${t.resumedFrom}` : ''}, verified)`
      : `FAILED ${t.file} -> ${t.dest}: ${t.error} (will retry)`,
  );
  for (const d of pass.deleted) lines.push(`deleted ${d.file} at ${d.site} (rule expired)`);
  for (const b of pass.buffers) if (b.warning) lines.push(`warning: ${b.warning}`);
  return lines.join('\n');
}

export const replicate: CommandModule = {
  register(program: Command) {
    program
      .command('replicate')
      .description('copy a selection to a site now, verified (adds a rule so the copy is kept)')
      .argument('<selection>', "a run id, a run expression (source = 'kr83m') or a dataset scope:name")
      .requiredOption('--to <site>', 'destination site (or site expression)')
      .option('--type <type>', 'only this data type')
      .option(
        '--verify <how>',
        'readback (re-read the destination; default) or stream (sums of the bytes sent)',
        'readback',
      )
      .option('--bandwidth <bytes/s>', 'average rate limit', (v) => Number(v))
      .action(
        async (text: string, o: { to: string; type?: string; bandwidth?: number; verify: string }, cmd: Command) => {
          const opts = globals(cmd);
          const verify = verifyMode(o.verify);
          const { addRule, runPass } = await import('@dance/transfer');
          const { rule, pass } = await withCatalog(opts, async (c) => {
            const rule = await addRule(c, { selection: await parseSelection(c, text, o.type), sites: o.to });
            const pass = await runPass(c, {
              bandwidth: o.bandwidth,
              verify,
              onProgress: opts.verbose
                ? (f, d, done, total) => process.stderr.write(`${f} -> ${d}: ${done}/${total}\r`)
                : undefined,
            });
            return { rule, pass };
          });
          const state = pass.rules.find((r) => r.id === rule.id);
          emit(
            opts,
            () =>
              `${describePass(pass) || 'nothing to copy'}\nrule ${rule.id}: ${state?.state}${state?.reason ? ` (${state.reason})` : ''}`,
            { rule: rule.id, ...pass },
          );
          const failed = pass.transfers.filter((t) => !t.ok).length;
          if (failed)
            throw new UserError(`${failed} transfer(s) failed; rule ${rule.id} stays and dance daemon retries them`);
        },
      );
  },
};
