import type { ConditionVersion } from '@dance/catalog';
import { nsToIso, UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { parseTime, withCatalog } from './runs.js';

interface AddOptions {
  runs?: string;
  from?: string;
  to?: string;
  comment?: string;
}

/** `--runs 10-20` or `--runs 10-` (open-ended) or `--runs 12`. */
function parseRunRange(text: string): { runFrom?: number; runTo?: number } {
  const m = /^(\d+)(?:(-)(\d*))?$/.exec(text);
  if (!m) throw new UserError(`--runs: '${text}' is not a run-number range such as 10-20, 10- or 12`);
  const from = Number(m[1]);
  if (m[2] === undefined) return { runFrom: from, runTo: from };
  return m[3] === '' ? { runFrom: from } : { runFrom: from, runTo: Number(m[3]) };
}

function validity(v: ConditionVersion): string {
  if (v.runFrom !== null || v.runTo !== null) return `runs ${v.runFrom ?? ''}-${v.runTo ?? ''}`;
  if (v.validFrom !== null || v.validTo !== null) {
    return `${v.validFrom === null ? '...' : nsToIso(v.validFrom)} to ${v.validTo === null ? '...' : nsToIso(v.validTo)}`;
  }
  return 'always';
}

export const cond: CommandModule = {
  register(program: Command) {
    const command = program.command('cond').description('conditions: versioned calibration values and global tags');
    command
      .command('add')
      .description('add a new version of a condition (value: JSON number, string, array or object)')
      .argument('<name>', 'e.g. electron_lifetime')
      .argument('<value>', "e.g. 650.5, '[1.0, 0.98]' or '{\"a\": 1}'")
      .option('--runs <range>', 'valid for these run numbers, e.g. 10-20 or 10-')
      .option('--from <time>', 'valid from this time (ISO 8601 or ns)')
      .option('--to <time>', 'valid until this time (exclusive)')
      .option('--comment <text>', 'why this version exists')
      .action(async (name: string, text: string, o: AddOptions, cmd: Command) => {
        const opts = globals(cmd);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          value = text;
        }
        const version = await withCatalog(opts, (c) =>
          c.addCondition({
            name,
            value,
            ...(o.runs === undefined ? {} : parseRunRange(o.runs)),
            validFrom: o.from === undefined ? undefined : parseTime('--from', o.from),
            validTo: o.to === undefined ? undefined : parseTime('--to', o.to),
            comment: o.comment,
          }),
        );
        emit(opts, `${name}@${version.version} (${version.kind}, ${validity(version)})`, version);
      });
    command
      .command('get')
      .description('the value valid for a run or time (through a global tag), or all versions')
      .argument('<name>', 'condition name')
      .option('--tag <tag>', 'resolve through this global tag')
      .option('--run <run>', 'the run to resolve for')
      .option('--time <time>', 'the time to resolve for (ISO 8601 or ns)')
      .action(async (name: string, o: { tag?: string; run?: string; time?: string }, cmd: Command) => {
        const opts = globals(cmd);
        if (o.run === undefined && o.time === undefined) {
          const versions = await withCatalog(opts, (c) => c.conditionVersions(name));
          if (versions.length === 0) throw new UserError(`no condition named '${name}'`);
          const lines = versions.map((v) => `${name}@${v.version}  ${JSON.stringify(v.value)}  (${validity(v)})`);
          emit(opts, lines.join('\n'), versions);
          return;
        }
        const at = o.run !== undefined ? { run: o.run } : { time: parseTime('--time', o.time!) };
        const resolved = await withCatalog(opts, (c) => c.resolveCondition(o.tag ?? null, name, at));
        emit(opts, `${name}@${resolved.version} = ${JSON.stringify(resolved.value)}`, resolved);
      });
    command
      .command('tag')
      .description('pin condition versions under a global tag (all current versions when none are named)')
      .argument('<tag>', 'global tag, e.g. gt-sr0-v1')
      .argument('[versions...]', 'name@version to pin')
      .action(async (tag: string, pins: string[], _o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const parsed = pins.map((p) => {
          const m = /^(.+)@(\d+)$/.exec(p);
          if (!m) throw new UserError(`'${p.slice(0, 60)}' is not name@version, e.g. electron_lifetime@3`);
          return { name: m[1], version: Number(m[2]) };
        });
        const count = await withCatalog(opts, (c) => c.tagConditions(tag, pins.length ? parsed : undefined));
        emit(opts, `global tag ${tag} pins ${count} version${count === 1 ? '' : 's'}`, { tag, versions: count });
      });
  },
};
