import type { DatasetInfo } from '@dance/catalog';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

const describe = (d: DatasetInfo) =>
  `${d.scope}:${d.name}  ${d.type}, ${d.members} member${d.members === 1 ? '' : 's'}, ${d.open ? 'open' : 'closed'}${d.monotonic ? ', monotonic' : ''}`;

export const dataset: CommandModule = {
  register(program: Command) {
    const command = program.command('dataset').description('named datasets and containers (scope:name), Rucio-style');
    command
      .command('add')
      .description('create an open dataset (or container)')
      .argument('<did>', 'scope:name')
      .option('--container', 'a container of datasets instead of a dataset of files', false)
      .option('--monotonic', 'members can never be removed', false)
      .action(async (did: string, o: { container: boolean; monotonic: boolean }, cmd: Command) => {
        const opts = globals(cmd);
        const info = await withCatalog(opts, (c) =>
          c.addDataset(did, { type: o.container ? 'container' : 'dataset', monotonic: o.monotonic }),
        );
        emit(opts, describe(info), info);
      });
    command
      .command('attach')
      .description('add files to a dataset, or datasets to a container')
      .argument('<did>', 'the dataset or container')
      .argument('<members...>', 'scope:name of each member')
      .action(async (did: string, members: string[], _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const info = await withCatalog(opts, (c) => c.attach(did, members));
        emit(opts, describe(info), info);
      });
    command
      .command('close')
      .description('close a dataset for good: its content is then fixed')
      .argument('<did>', 'scope:name')
      .action(async (did: string, _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const info = await withCatalog(opts, (c) => c.closeDataset(did));
        emit(opts, describe(info), info);
      });
    command
      .command('list')
      .description('list datasets and containers, or the members of one')
      .argument('[did]', 'scope:name to list the members of')
      .option('--scope <scope>', 'only datasets in this scope')
      .action(async (did: string | undefined, o: { scope?: string }, cmd: Command) => {
        const opts = globals(cmd);
        if (did !== undefined) {
          const members = await withCatalog(opts, (c) => c.datasetContents(did));
          emit(opts, () => members.map((m) => `${m.did}  ${m.type}`).join('\n') || `${did} is empty`, members);
        } else {
          const all = await withCatalog(opts, (c) => c.datasets(o.scope));
          emit(opts, () => all.map(describe).join('\n') || 'no datasets', all);
        }
      });
  },
};
