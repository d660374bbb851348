import { Store } from '@dance/store';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { listProducts, productTable } from '../products.js';
import { currentWorkspace } from '../workspace.js';

export const ls: CommandModule = {
  register(program: Command) {
    program
      .command('ls')
      .description('list stored products with rows, bytes, chunks and lineage')
      .argument('[run]', 'only this run')
      .option('--type <name>', 'only this data type')
      .action((run: string | undefined, o: { type?: string }, cmd: Command) => {
        const opts = globals(cmd);
        const ws = currentWorkspace(opts);
        const products = listProducts(new Store(ws.dataDir), { run, type: o.type });
        emit(opts, () => (products.length ? productTable(products) : `no products in ${ws.dataDir}`), products);
      });
  },
};
