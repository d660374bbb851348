import type { Catalog } from '@dance/catalog';
import { NAME_PATTERN } from '@dance/store';
import type { Rule, Selection } from '@dance/transfer';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

/**
 * A selection as users write it: a dataset `scope:name` that exists, a run id, or a run expression
 * (`source = 'kr83m' and has tag 'sr0'`); `--type` narrows it to one data type.
 */
export async function parseSelection(catalog: Catalog, text: string, type?: string): Promise<Selection> {
  if (/^[^\s:'"]+:[^\s'"]+$/.test(text) && (await catalog.datasets()).some((d) => `${d.scope}:${d.name}` === text)) {
    return { dataset: text, type };
  }
  if (text === '*') return { type: type ?? undefined, runs: type ? undefined : 'number >= 0' };
  if (NAME_PATTERN.test(text) && (await catalog.findRun(text))) return { runs: `id = '${text}'`, type };
  return { runs: text, type };
}

export function describeRule(r: Rule): string {
  const what = [
    r.selection.dataset,
    r.selection.runs && `runs where ${r.selection.runs}`,
    r.selection.type && `type ${r.selection.type}`,
  ]
    .filter(Boolean)
    .join(', ');
  const until = r.expires === null ? '' : ` until ${new Date(Number(r.expires / 1_000_000n)).toISOString()}`;
  return `rule ${r.id}: ${r.copies} cop${r.copies === 1 ? 'y' : 'ies'} of ${what} on ${r.sites}${until}  ${r.state}${r.reason ? ` (${r.reason})` : ''}`;
}

export const rule: CommandModule = {
  register(program: Command) {
    const command = program
      .command('rule')
      .description('replication rules: keep N copies of a selection on matching sites');
    command
      .command('add')
      .description('add a rule; `dance daemon` makes and keeps the copies')
      .argument('<selection>', "a run id, a run expression (source = 'kr83m') or a dataset scope:name; * for all")
      .requiredOption('--sites <expression>', "sites: names and attributes with | & \\ and (), e.g. 'tier=1 \\ tape'")
      .option('--copies <n>', 'copies to keep', (v) => Number(v), 1)
      .option('--type <type>', 'only this data type')
      .option('--lifetime <seconds>', 'the rule expires after this long; its replicas are then deleted', (v) =>
        Number(v),
      )
      .option('--purge-last', 'on expiry delete even the last copy of a file', false)
      .action(
        async (
          text: string,
          o: { sites: string; copies: number; type?: string; lifetime?: number; purgeLast: boolean },
          cmd: Command,
        ) => {
          const opts = globals(cmd);
          const { addRule } = await import('@dance/transfer');
          const added = await withCatalog(opts, async (c) =>
            addRule(c, {
              selection: await parseSelection(c, text, o.type),
              sites: o.sites,
              copies: o.copies,
              lifetime: o.lifetime,
              purgeLast: o.purgeLast,
            }),
          );
          emit(opts, `added ${describeRule(added)}`, added);
        },
      );
    command
      .command('list')
      .description('list rules with their state (ok, replicating, stuck with the reason)')
      .action(async (_o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const { listRules } = await import('@dance/transfer');
        const rules = await withCatalog(opts, (c) => listRules(c));
        emit(opts, () => rules.map(describeRule).join('\n') || 'no rules', rules);
      });
    command
      .command('delete')
      .description('delete a rule (its replicas stay)')
      .argument('<id>', 'rule number', (v) => Number(v))
      .action(async (id: number, _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const { deleteRule } = await import('@dance/transfer');
        await withCatalog(opts, (c) => deleteRule(c, id));
        emit(opts, `deleted rule ${id}`, { deleted: id });
      });
  },
};
