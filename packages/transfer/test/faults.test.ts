import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Site } from '@dance/catalog';
import { afterEach, describe, expect, it } from 'vitest';
import { driverFor } from '../src/drivers/index.js';
import { addRule, checkSite, runPass, type SiteDriver } from '../src/index.js';
import { makeWorld, type World } from './world.js';

let world: World;
afterEach(async () => world?.catalog.close());

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
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./daemon-child.ts', import.meta.url)), world.url],
      { stdio: 'inherit' },
    );
    const part = join(world.dirs.surface, 'kr-009/peaks-abc123/000000.arrow.dance-part');
    // bounded wait (20 s) for the throttled copy to be under way
    for (let i = 0; i < 200 && (statSync(part, { throwIfNoEntry: false })?.size ?? 0) < 1_000_000; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
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
});
