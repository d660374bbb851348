import { join } from 'node:path';
import { type Catalog, openCatalog } from '@dance/catalog';
import { randomFile, tempSite } from './helpers.js';

/** A catalog in a temporary folder with POSIX sites, and runs whose files exist at one of them. */
export interface World {
  catalog: Catalog;
  url: string;
  dirs: Record<string, string>;
  addSite(name: string, attributes?: Record<string, unknown>): Promise<string>;
  /** registers run `id` with one `peaks` product of `files` files of `size` bytes stored at `site` */
  addRun(id: string, number: number, site: string, files?: number, size?: number): Promise<string[]>;
}

/** `catalogUrl`: a fresh catalog database (default: a SQLite file in a temporary folder). */
export async function makeWorld(catalogUrl?: string): Promise<World> {
  const url = catalogUrl ?? `sqlite:${join(tempSite('world').dir, 'catalog.sqlite')}`;
  const catalog = await openCatalog(url);
  const dirs: Record<string, string> = {};
  return {
    catalog,
    url,
    dirs,
    async addSite(name, attributes = {}) {
      const site = tempSite(name);
      dirs[name] = site.dir;
      await catalog.addSite({ name, kind: 'posix', url: site.url, attributes });
      return site.dir;
    },
    async addRun(id, number, site, files = 2, size = 50_000) {
      await catalog.registerRun({
        id,
        number,
        start: 1_772_323_200_000_000_000n + BigInt(number) * 1_000_000_000n,
        source: 'kr83m',
      });
      const chunks = Array.from({ length: files }, (_, i) => {
        const name = `${String(i).padStart(6, '0')}.arrow`;
        return { name, ...randomFile(dirs[site], `${id}/peaks-abc123/${name}`, size) };
      });
      await catalog.registerProduct(id, 'peaks', 'abc123', chunks);
      const dids = chunks.map((c) => `${id}:peaks/abc123/${c.name}`);
      for (const did of dids)
        await catalog.addReplica(did, site, 'available', did.replace(/^([^:]+):peaks\/abc123\//, '$1/peaks-abc123/'));
      return dids;
    },
  };
}
