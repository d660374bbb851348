import type { Site } from '@dance/catalog';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { withCatalog } from './runs.js';

/** `--attr key=value`: true/false and numbers keep their type, so site expressions can compare them. */
function parseAttr(text: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`--attr '${text}' must be key=value`);
  const raw = text.slice(eq + 1);
  const value =
    raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...previous, [text.slice(0, eq)]: value };
}

const describe = (s: Site) =>
  `${s.name}  ${s.kind}  ${s.url}${
    Object.keys(s.attributes).length
      ? `  ${Object.entries(s.attributes)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : ''
  }`;

export const site: CommandModule = {
  register(program: Command) {
    const command = program
      .command('site')
      .description('storage sites data is copied between (POSIX, S3, WebDAV/XRootD)');
    command
      .command('add')
      .description(
        'add a site: a folder (file:///path), an S3 bucket (s3://bucket/prefix?endpoint=...) or a WebDAV URL',
      )
      .argument('<name>', 'site name, e.g. surface')
      .requiredOption('--kind <kind>', 'posix, s3 or webdav')
      .requiredOption('--url <url>', 'where the site is')
      .option(
        '--attr <key=value>',
        'an attribute for site expressions (repeatable), e.g. tier=1 uplink=true quota=1e12',
        parseAttr,
        {},
      )
      .action(async (name: string, o: { kind: string; url: string; attr: Record<string, unknown> }, cmd: Command) => {
        const opts = globals(cmd);
        const { driverFor } = await import('@dance/transfer');
        const spec = { name, kind: o.kind, url: o.url, attributes: o.attr };
        driverFor(spec); // refuses unknown kinds and malformed URLs before anything is stored
        const added = await withCatalog(opts, (c) => c.addSite(spec));
        emit(opts, `added site ${describe(added)}`, added);
      });
    command
      .command('list')
      .description('list the sites')
      .action(async (_o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const sites = await withCatalog(opts, (c) => c.sites());
        emit(opts, () => sites.map(describe).join('\n') || 'no sites: add one with dance site add', sites);
      });
  },
};
