import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';

export const options: CommandModule = {
  register(program: Command) {
    program
      .command('options')
      .description(
        'list the processing options (for process --set and --settings): type, default, whether they enter the lineage, meaning',
      )
      .argument('[type]', 'only the plugins this data type is made from, e.g. peaklets (default: all)')
      .action(async (type: string | undefined, _o: object, cmd: Command) => {
        const opts = globals(cmd);
        const [{ optionDefault, pluginsFor }, { plugins }] = await Promise.all([
          import('@dance/pipeline'),
          import('@dance/chain'),
        ]);
        const used = pluginsFor(plugins, type);
        const human = () =>
          used
            .map((p) => {
              const from = p.dependsOn.length ? ` from ${p.dependsOn.join(', ')}` : '';
              const width = Math.max(0, ...p.options.map((o) => o.name.length));
              const lines = p.options.map(
                (o) =>
                  `  ${o.name.padEnd(width)}  ${o.type}, ${optionDefault(o)}${o.tracked ? '' : ', untracked'}: ${o.description}`,
              );
              return [`${p.name} (makes ${p.provides.name}${from})`, ...(lines.length ? lines : ['  no options'])].join(
                '\n',
              );
            })
            .join('\n\n');
        const json = used.map((p) => ({
          plugin: p.name,
          provides: p.provides.name,
          depends_on: p.dependsOn,
          version: p.version,
          options: p.options,
        }));
        emit(opts, human, json);
      });
  },
};
