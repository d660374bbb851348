import type { LineageNode } from '@dance/pipeline';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

export const lineage: CommandModule = {
  register(program: Command) {
    program
      .command('lineage')
      .description('show how a stored product was made: plugins, versions, code hashes, options and inputs')
      .argument('<run>', 'run id')
      .argument('<type>', 'data type, e.g. peaklets')
      .option('--lineage <hash>', 'which lineage, when several are stored')
      .action(async (run: string, type: string, o: { lineage?: string }, cmd: Command) => {
        const opts = globals(cmd);
        const [{ Store }, { resolveProduct }] = await Promise.all([import('@dance/store'), import('../exporter.js')]);
        const store = new Store(currentWorkspace(opts).dataDir);
        const key = resolveProduct(store, run, type, o.lineage);
        const made = (store.manifest(key).provenance as { made_from?: LineageNode } | undefined)?.made_from;
        if (!made) {
          throw new UserError(
            `${run}/${type} lineage ${key.lineage} was not made by the pipeline (dance prov ${run} shows its origin)`,
          );
        }
        emit(opts, () => tree(made).join('\n'), made);
      });
  },
};

/** The lineage as an indented tree, one product per line with its plugin and tracked options. */
function tree(node: LineageNode, indent = ''): string[] {
  if (node.repeated) return [`${indent}${node.type} ${node.lineage} (as above)`];
  const p = node.plugin;
  const options = p ? Object.entries(p.options).map(([k, v]) => `${k}=${short(v)}`) : [];
  const how = p ? `plugin ${p.name} v${p.version}, code ${p.code}` : 'stored input';
  const line = `${indent}${node.type} ${node.lineage} (${how})${options.length ? `  ${options.join(' ')}` : ''}`;
  return [line, ...node.inputs.flatMap((i) => tree(i, `${indent}  `))];
}

function short(v: unknown): string {
  return Array.isArray(v) && v.length > 4 ? `[${v.slice(0, 3).join(',')},…(${v.length})]` : JSON.stringify(v);
}
