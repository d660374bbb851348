import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ActivitySpec, RunSpec } from '@dance/catalog';
import { type Manifest, type ProductKey, Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';
import { DANCE_ROOT, VERSION } from './version.js';

/** The site that is the workspace's own data directory, where every product the CLI makes lands first. */
export const LOCAL_SITE = 'local';

/** What the catalog should know about a run that a command created or added to. */
export type RunFacts = Omit<RunSpec, 'number'> & { number?: number };

/** A committed product and the activity that made it from `inputs` (catalog entity ids). */
export interface MadeProduct {
  key: ProductKey;
  activity: ActivitySpec;
  inputs?: string[];
}

/**
 * Registers committed store products of one run in the workspace's catalog: the run (with the next
 * free run number when it is new), each product's files, available replicas at the workspace's
 * `local` site, and the activity that made each product with its inputs. Commands call this right
 * after the store commit, so every product the CLI makes is catalogued. Products are registered in
 * order, so an input made by the same command must come before what uses it.
 */
export async function recordInCatalog(ws: Workspace, run: RunFacts, made: readonly MadeProduct[]): Promise<void> {
  const { openCatalog, productFileName } = await import('@dance/catalog');
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  try {
    const known = await catalog.findRun(run.id);
    const spec: RunSpec = { ...run, number: known?.number ?? run.number ?? (await catalog.nextRunNumber()) };
    const store = new Store(ws.dataDir);
    const software = { softwareVersion: VERSION, lockfileHash: lockfileHash() };
    if (!(await catalog.sites()).some((s) => s.name === LOCAL_SITE)) {
      await catalog.addSite({ name: LOCAL_SITE, kind: 'posix', url: pathToFileURL(ws.dataDir).href, attributes: {} });
    }
    for (const { key, activity, inputs = [] } of made) {
      const manifest = store.manifest(key);
      await catalog.recordManifest(manifest, {
        run: spec,
        provenance: { activity: { kind: 'command', ...software, ...activity }, inputs },
      });
      // the files are in this workspace's store: a replica transfers can copy from
      for (const chunk of manifest.chunks) {
        await catalog.addReplica(`${key.run}:${productFileName(key, chunk.file)}`, LOCAL_SITE, 'available');
      }
    }
  } finally {
    await catalog.close();
  }
}

/** A run's catalog entry for a product that makes up the whole run: it spans the product's chunks. */
export function runExtent(manifest: Manifest, mode: string): RunFacts {
  const first = manifest.chunks[0];
  const last = manifest.chunks.at(-1);
  return { id: manifest.run, start: first?.start ?? 0n, end: last?.end ?? null, mode };
}

let lockHash: string | undefined;

/** sha256 of the package-lock.json DANCE runs from: with the version, it pins the software environment. */
function lockfileHash(): string | undefined {
  if (lockHash === undefined) {
    try {
      const lock = readFileSync(new URL('package-lock.json', DANCE_ROOT));
      lockHash = createHash('sha256').update(lock).digest('hex');
    } catch {
      lockHash = ''; // installed without a lockfile
    }
  }
  return lockHash || undefined;
}
