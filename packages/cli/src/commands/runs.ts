import type { Catalog, Run } from '@dance/catalog';
import { isoToNs, nsToIso, UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, type GlobalOptions, globals } from '../context.js';
import { emit } from '../output.js';
import { currentWorkspace } from '../workspace.js';

/** Opens the workspace's catalog for the duration of `work` (shared by the catalog commands). */
export async function withCatalog<T>(opts: GlobalOptions, work: (catalog: Catalog) => Promise<T>): Promise<T> {
  const ws = currentWorkspace(opts);
  const { openCatalog } = await import('@dance/catalog');
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}

/** A command-line time: ISO 8601 (`2026-03-01T00:00:00Z`) or integer ns. */
export function parseTime(option: string, text: string): bigint {
  if (/^\d+$/.test(text)) return BigInt(text);
  try {
    return isoToNs(text);
  } catch {
    throw new UserError(`${option}: '${text}' is not a time: write 2026-03-01T00:00:00Z or integer ns`);
  }
}

interface RunsOptions {
  where?: string;
  tag?: string[];
  from?: string;
  to?: string;
  search?: string;
  limit?: string;
}

export const runs: CommandModule = {
  register(program: Command) {
    program
      .command('runs')
      .description('list runs, selected by metadata expression, tags, time and comment text')
      .option('--where <expr>', 'e.g. "source = \'kr83m\' and drift_field > 100" (and, or, not, in, like, has tag)')
      .option('--tag <tag...>', 'only runs with all these tags')
      .option('--from <time>', 'runs starting at or after this time (ISO 8601 or ns)')
      .option('--to <time>', 'runs starting before this time')
      .option('--search <text>', 'text in the comments (case-insensitive)')
      .option('--limit <n>', 'at most this many runs')
      .action(async (o: RunsOptions, cmd: Command) => {
        const opts = globals(cmd);
        const limit = o.limit === undefined ? undefined : Number(o.limit);
        if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
          throw new UserError(`--limit: '${o.limit}' must be a positive integer`);
        }
        const found = await withCatalog(opts, (catalog) =>
          catalog.runs({
            where: o.where,
            tags: o.tag,
            startFrom: o.from === undefined ? undefined : parseTime('--from', o.from),
            startTo: o.to === undefined ? undefined : parseTime('--to', o.to),
            text: o.search,
            limit,
          }),
        );
        emit(opts, () => runTable(found), found);
      });
  },
};

/** One line per run: id, number, start, duration, mode, source, tags. */
export function runTable(list: Run[]): string {
  if (list.length === 0) return 'no runs';
  const rows = list.map((r) => [
    r.id,
    String(r.number),
    nsToIso(r.start).replace(/\.\d+Z$/, 'Z'),
    r.end === null ? '-' : `${Number((r.end - r.start) / 1_000_000n) / 1000} s`,
    r.mode ?? '-',
    r.source ?? '-',
    r.tags.join(',') || '-',
  ]);
  const header = ['run', 'number', 'start', 'duration', 'mode', 'source', 'tags'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), `${list.length} run${list.length === 1 ? '' : 's'}`].join('\n');
}
