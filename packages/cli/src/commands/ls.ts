import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const ls: CommandModule = {
  register(program: Command) {
    program
      .command('ls')
      .description('list stored products with rows, bytes, chunks and lineage')
      .argument('[run]', 'only this run')
      .option('--type <name>', 'only this data type')
      .action(async (run: string | undefined, o: { type?: string }, cmd: Command) => {
        const opts = globals(cmd);
        const ws = currentWorkspace(opts);
        const [{ Store }, { listProducts, productTable }] = await Promise.all([
          import('@dance/store'),
          import('../products.js'),
        ]);
        const products = listProducts(new Store(ws.dataDir), { run, type: o.type });
        emit(opts, () => (products.length ? productTable(products) : `no products in ${ws.dataDir}`), products);
      });
  },
};
