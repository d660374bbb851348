import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Site } from '@dance/catalog';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { driverFor, S3Driver } from '../src/drivers/index.js';
import { addRule, checkSite, type Pieces, runPass, type SiteDriver } from '../src/index.js';
import { type Server, startS3 } from './servers.js';
import { makeWorld, type World } from './world.js';

let world: World;
afterEach(async () => world?.catalog.close());
let s3: Server;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => s3?.stop());

/** `dance daemon` as its own process (one pass at 1 MB/s), to be killed with SIGKILL. */
function daemonChild(catalogUrl: string) {
  const script = fileURLToPath(new URL('./daemon-child.ts', import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', script, catalogUrl], { stdio: 'inherit' });
}

/** Polls `bytes` every 100 ms until it reaches `least` (at most 20 s: the transfer runs at 1 MB/s). */
async function waitFor(bytes: () => Promise<number>, least: number) {
  for (let i = 0; i < 200 && (await bytes()) < least; i++) await new Promise((r) => setTimeout(r, 100));
}

const HOUR = 3_600_000_000_000n;

describe('faults', () => {
  it('uplink down for a simulated day while data arrives: everything forwarded, verified, nothing dropped', async () => {
    world = await makeWorld();
    await world.addSite('underground', { uplink: true, buffer_bytes: 1_000_000, buffer_warn: 0.5 });
    await world.addSite('surface');
    await addRule(world.catalog, { selection: { type: 'peaks' }, sites: 'surface' });
    let linkUp = true;
    // the link: reads from underground fail while it is down, as a refused connection would
    const driver = (site: Site): SiteDriver => {
      const real = driverFor(site);
      if (site.name !== 'underground') return real;
      return new Proxy(real, {
        get(target, key, receiver) {
          if (key === 'read' && !linkUp) return async () => Promise.reject(new Error('connect ECONNREFUSED surface'));
          return Reflect.get(target, key, receiver);
        },
      });
    };
    let t = 1_800_000_000_000_000_000n;
    const now = () => t;
    const made: string[] = [];
    made.push(...(await world.addRun('run-000', 0, 'underground', 1, 20_000)));
    expect((await runPass(world.catalog, { now, driver })).rules[0].state).toBe('ok');
    linkUp = false;
    const warnings: string[] = [];
    for (let hour = 1; hour <= 24; hour++) {
      made.push(...(await world.addRun(`run-${String(hour).padStart(3, '0')}`, hour, 'underground', 2, 20_000)));
      t += HOUR;
      const pass = await runPass(world.catalog, { now, driver });
      expect(pass.transfers.every((x) => !x.ok)).toBe(true);
      warnings.push(...pass.buffers.flatMap((b) => (b.warning ? [b.warning] : [])));
    }
    expect(warnings[0]).toBe("buffer at 'underground' is 52% full (520000 of 1000000 bytes waiting for the uplink)");
    linkUp = true;
    // bounded: the longest backoff is 15 minutes, so a few simulated hours must clear the backlog
    for (let i = 0; i < 5; i++) {
      t += HOUR;
      const pass = await runPass(world.catalog, { now, driver });
      if (pass.rules[0].state === 'ok') break;
    }
    expect(made).toHaveLength(49);
    for (const did of made) {
      expect((await world.catalog.replicas(did)).map((r) => [r.site, r.state])).toEqual([
        ['surface', 'available'],
        ['underground', 'available'],
      ]);
    }
    const check = await checkSite(world.catalog, 'surface');
    expect(check).toMatchObject({ checked: 49, lost: [], dark: [], corrupt: [] });
    expect((await runPass(world.catalog, { now, driver })).buffers[0]).toMatchObject({ bytes: 0, warning: null });
  });

  it('kill -9 of the daemon mid-transfer: nothing partial is available, the restart resumes', async () => {
    world = await makeWorld();
    await world.addSite('lab');
    await world.addSite('surface');
    const [file] = await world.addRun('kr-009', 9, 'lab', 1, 4_000_000);
    await addRule(world.catalog, { selection: { runs: "id = 'kr-009'" }, sites: 'surface' });
    const child = daemonChild(world.url);
    const part = join(world.dirs.surface, 'kr-009/peaks-abc123/000000.arrow.dance-part');
    await waitFor(async () => statSync(part, { throwIfNoEntry: false })?.size ?? 0, 1_000_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThanOrEqual(1_000_000);
    expect(kept).toBeLessThan(4_000_000);
    expect((await world.catalog.replicas(file)).map((r) => [r.site, r.state])).toEqual([
      ['lab', 'available'],
      ['surface', 'copying'],
    ]);
    expect(statSync(part.replace('.dance-part', ''), { throwIfNoEntry: false })).toBeUndefined();
    const pass = await runPass(world.catalog);
    expect(pass.transfers).toMatchObject([{ file, ok: true, resumedFrom: kept }]);
    expect(pass.rules[0].state).toBe('ok');
    const surface = readFileSync(join(world.dirs.surface, 'kr-009/peaks-abc123/000000.arrow'));
    expect(surface.equals(readFileSync(join(world.dirs.lab, 'kr-009/peaks-abc123/000000.arrow')))).toBe(true);
  });

  it('kill -9 mid-upload into S3: the restart continues after the last stored part and verifies', async () => {
    world = await makeWorld();
    await world.addSite('lab');
    const url = `${s3.url}&part_size=${1 << 20}`;
    await world.catalog.addSite({ name: 'cloud', kind: 's3', url, attributes: {} });
    const [file] = await world.addRun('kr-011', 11, 'lab', 1, 4_000_000);
    await addRule(world.catalog, { selection: { runs: "id = 'kr-011'" }, sites: 'cloud' });
    const child = daemonChild(world.url);
    const cloud = new S3Driver(url);
    const path = 'kr-011/peaks-abc123/000000.arrow';
    await waitFor(() => cloud.kept(path), 2 << 20);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const kept = await cloud.kept(path);
    expect(kept).toBeGreaterThanOrEqual(2 << 20);
    expect(kept).toBeLessThan(4_000_000);
    expect(await cloud.size(path)).toBeUndefined(); // no object, so nothing partial can be read or listed
    expect((await world.catalog.replicas(file)).map((r) => [r.site, r.state])).toEqual([
      ['cloud', 'copying'],
      ['lab', 'available'],
    ]);
    // the restart, counting what it reads at the lab: only the bytes after the stored parts
    let sent = 0;
    const driver = (site: Site): SiteDriver => {
      const real = driverFor(site);
      if (site.name !== 'lab') return real;
      return Object.assign(Object.create(real), {
        async read(p: string, offset?: number): Promise<Pieces> {
          const pieces = await real.read(p, offset);
          return (async function* () {
            for await (const piece of pieces) {
              sent += piece.length;
              yield piece;
            }
          })();
        },
      });
    };
    const pass = await runPass(world.catalog, { driver });
    expect(pass.transfers).toMatchObject([{ file, ok: true, resumedFrom: kept }]);
    expect(sent).toBe(4_000_000 - kept);
    expect(pass.rules[0].state).toBe('ok');
    expect(await checkSite(world.catalog, 'cloud')).toMatchObject({ checked: 1, lost: [], dark: [], corrupt: [] });
    expect(await cloud.kept(path)).toBe(0);
  });
});
