import type { Catalog, Site } from '@dance/catalog';
import { UserError } from '@dance/schema';
import { checksumAt, copyFile } from './copy.js';
import { PARTIAL_SUFFIX } from './drivers/driver.js';
import { driverFor, type SiteDriver } from './drivers/index.js';
import { dropReplica, replicasOfFiles, setReplica } from './replicas.js';
import { defaultPath } from './selection.js';
import { transferDb } from './tables.js';

export interface CheckReport {
  site: string;
  checked: number;
  /** catalogued as available here, missing */
  lost: string[];
  /** present here, not catalogued (paths) */
  dark: string[];
  /** present, but size or checksum differs from the catalog */
  corrupt: string[];
  /** lost or corrupt files copied again from another replica */
  repaired: string[];
  /** lost or corrupt files with no good replica elsewhere */
  unrepairable: string[];
}

/**
 * `dance check <site>`: compares the site with the catalog. Every catalogued replica is checked by
 * size and checksum (the server's adler32 where it offers one, else both sums read back); with
 * `repair`, lost and corrupt files are copied again from another available replica and the catalog
 * marks them available again. Dark files are reported, never deleted.
 */
export async function checkSite(
  catalog: Catalog,
  siteName: string,
  options: { repair?: boolean; driver?: (site: Site) => SiteDriver } = {},
): Promise<CheckReport> {
  const sites = await catalog.sites();
  const site = sites.find((s) => s.name === siteName);
  if (!site)
    throw new UserError(`unknown site '${siteName}' (known: ${sites.map((s) => s.name).join(', ') || 'none'})`);
  const driverOf = (s: Site) => (options.driver ?? driverFor)(s);
  const here = driverOf(site);
  const db = await transferDb(catalog);
  const rows = await db
    .selectFrom('replicas')
    .innerJoin('dids', 'dids.id', 'replicas.file_id')
    .select([
      'dids.id',
      'dids.scope',
      'dids.name',
      'dids.size',
      'dids.adler32',
      'dids.sha256',
      'replicas.path',
      'replicas.state',
    ])
    .where('replicas.site', '=', siteName)
    .execute();
  const present = new Map<string, number>();
  for await (const e of here.list()) if (!e.path.endsWith(PARTIAL_SUFFIX)) present.set(e.path, e.size);
  const report: CheckReport = {
    site: siteName,
    checked: 0,
    lost: [],
    dark: [],
    corrupt: [],
    repaired: [],
    unrepairable: [],
  };
  const catalogued = new Set<string>();
  for (const r of rows) {
    const path = r.path ?? defaultPath(r.scope, r.name);
    catalogued.add(path);
    if (r.state === 'copying' || r.state === 'unavailable') continue;
    const did = `${r.scope}:${r.name}`;
    const want = { size: Number(r.size), adler32: r.adler32 ?? '', sha256: r.sha256 ?? '' };
    report.checked++;
    let bad: 'lost' | 'corrupt' | undefined;
    if (!present.has(path)) bad = 'lost';
    else if (present.get(path) !== want.size || !(await matches(here, path, want))) bad = 'corrupt';
    if (!bad) continue;
    report[bad].push(did);
    const fileId = Number(r.id);
    await setReplica(db, fileId, siteName, 'bad', path);
    if (!options.repair) continue;
    const others = ((await replicasOfFiles(db, [fileId])).get(fileId) ?? []).filter(
      (o) => o.site !== siteName && o.state === 'available',
    );
    let fixed = false;
    for (const other of others) {
      try {
        await here.remove(path);
        const from = sites.find((s) => s.name === other.site) as Site;
        await copyFile(driverOf(from), other.path ?? path, here, path, want);
        await setReplica(db, fileId, siteName, 'available', path);
        fixed = true;
        break;
      } catch {
        // try the next replica
      }
    }
    (fixed ? report.repaired : report.unrepairable).push(did);
    if (!fixed && bad === 'lost') await dropReplica(db, fileId, siteName);
  }
  for (const path of present.keys()) if (!catalogued.has(path)) report.dark.push(path);
  return report;
}

async function matches(site: SiteDriver, path: string, want: { adler32: string; sha256: string }) {
  const server = await site.serverAdler32?.(path);
  if (server) return server === want.adler32;
  const got = await checksumAt(site, path);
  return got.adler32 === want.adler32 && got.sha256 === want.sha256;
}
