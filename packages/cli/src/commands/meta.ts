import { readFileSync } from 'node:fs';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

/** `key=value`: the value is JSON when it parses (numbers, true, [1,2], "text"), otherwise a string. */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  const key = text.slice(0, eq);
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new UserError(`'${text.slice(0, 60)}' is not key=value with a key of letters, digits and '_'`);
  }
  const raw = text.slice(eq + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

export const meta: CommandModule = {
  register(program: Command) {
    const command = program.command('meta').description("set run metadata and the experiment's metadata schema");
    command
      .command('set')
      .description('set metadata keys of a run (checked against the metadata schema)')
      .argument('<run>', 'run id')
      .argument('<key=value...>', 'e.g. drift_field=200 source_position=top')
      .action(async (id: string, assignments: string[], _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const entries = Object.fromEntries(assignments.map(parseAssignment));
        const run = await withCatalog(opts, (catalog) => catalog.setMetadata(id, entries));
        emit(opts, `run ${run.id}: set ${Object.keys(entries).join(', ')}`, run);
      });
    command
      .command('schema')
      .description('add a new version of the metadata JSON Schema (runs keep the version they were checked with)')
      .argument('<file>', 'JSON Schema file')
      .action(async (file: string, _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        let schema: object;
        try {
          schema = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new UserError(`${file}: ${(err as Error).message}`);
        }
        const version = await withCatalog(opts, (catalog) => catalog.addMetadataSchema(schema));
        emit(opts, `metadata schema version ${version} from ${file}`, { version });
      });
  },
};
