import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

interface ProvOptions {
  lineage?: string;
  format: string;
  uses?: string;
}

export const prov: CommandModule = {
  register(program: Command) {
    program
      .command('prov')
      .description('provenance: what a product came from, or (--uses) everything derived from an entity')
      .argument('[run]', 'run id')
      .argument('[type]', 'data type, e.g. peaks')
      .option('--lineage <hash>', 'which product when the run has several of this type')
      .option('--format <format>', 'tree or prov-json (W3C PROV-JSON)', 'tree')
      .option(
        '--uses <entity>',
        'list what was derived from product:<run>/<type>/<lineage>, file:<scope>:<name> or condition:<name>@<version>',
      )
      .action(async (run: string | undefined, type: string | undefined, o: ProvOptions, cmd: Command) => {
        const opts = globals(cmd);
        if (o.uses !== undefined) {
          const derived = await withCatalog(opts, (c) => c.derivedFrom(o.uses!));
          const human = () =>
            derived.length === 0
              ? `nothing is derived from ${o.uses}`
              : derived
                  .map((d) => `${'  '.repeat(d.depth - 1)}${d.entity}  ← ${d.activity.name} ${d.activity.version}`)
                  .join('\n');
          emit(opts, human, derived);
          return;
        }
        if (run === undefined || type === undefined)
          throw new UserError('dance prov: give <run> <type>, or --uses <entity>');
        if (o.format !== 'tree' && o.format !== 'prov-json') {
          throw new UserError(`--format: '${o.format}' must be tree or prov-json`);
        }
        const result = await withCatalog(opts, async (c) => {
          await c.run(run);
          const lineages = (await c.products({ run, type, lineage: o.lineage })).map((p) => p.lineage);
          if (lineages.length === 0)
            throw new UserError(`run ${run} has no ${type} product${o.lineage ? ` with lineage ${o.lineage}` : ''}`);
          if (lineages.length > 1) {
            throw new UserError(
              `run ${run} has ${lineages.length} ${type} products: choose one with --lineage (${lineages.join(', ')})`,
            );
          }
          const entity = `product:${run}/${type}/${lineages[0]}`;
          return o.format === 'tree'
            ? { text: await c.provenanceTree(entity), json: await c.upstream(entity) }
            : { text: '', json: await c.provenanceJson(entity) };
        });
        if (o.format === 'prov-json') process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
        else emit(opts, result.text, result.json);
      });
  },
};
