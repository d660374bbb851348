import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../../catalog/test/backends.js';
import { addRule, checkSite, listRules, matchSites, type RuleSpec, runPass } from '../src/index.js';
import { loopbackServers } from './servers.js';
import { makeWorld, type World } from './world.js';

const HOUR = 3_600_000_000_000n;

let world: World;
afterEach(async () => world?.catalog.close());

describe('site expressions', () => {
  const sites = [
    { name: 'lab', attributes: { uplink: true, tier: 0 } },
    { name: 'surface', attributes: { tier: 1, country: 'ca' } },
    { name: 'tape', attributes: { tier: 1, country: 'it', tape: true } },
  ];
  it('union, intersection, complement, comparisons, names, parentheses', () => {
    expect([...matchSites('tier=1', sites)]).toEqual(['surface', 'tape']);
    expect([...matchSites('tier=1 & country=it', sites)]).toEqual(['tape']);
    expect([...matchSites('lab | tape', sites)]).toEqual(['lab', 'tape']);
    expect([...matchSites('* \\ tape', sites)]).toEqual(['lab', 'surface']);
    expect([...matchSites('(tier<1 | country=ca) \\ uplink', sites)]).toEqual(['surface']);
    expect([...matchSites('country!=it', sites)]).toEqual(['lab', 'surface']);
  });
  it('bad expressions name the problem', () => {
    expect(() => matchSites('tier=1 &', sites)).toThrow("site expression 'tier=1 &': ends too early");
    expect(() => matchSites('(lab', sites)).toThrow("site expression '(lab': missing )");
    expect(() => matchSites('lab )', sites)).toThrow("site expression 'lab )': unexpected ')'");
  });
});

describe.each(backends)('rules and the daemon on $name', (backend) => {
  it('keeps N copies with the fewest transfers and reports ok', async () => {
    world = await makeWorld(await backend.freshUrl());
    await world.addSite('lab');
    await world.addSite('a', { tier: 1 });
    await world.addSite('b', { tier: 1 });
    await world.addSite('c', { tier: 1 });
    const files = await world.addRun('kr-001', 1, 'lab');
    await world.catalog.addReplica(files[0], 'b', 'available', 'kr-001/peaks-abc123/000000.arrow');
    mkdirSync(join(world.dirs.b, 'kr-001/peaks-abc123'), { recursive: true });
    copyFileSync(
      join(world.dirs.lab, 'kr-001/peaks-abc123/000000.arrow'),
      join(world.dirs.b, 'kr-001/peaks-abc123/000000.arrow'),
    );
    const rule = await addRule(world.catalog, {
      selection: { runs: "source = 'kr83m'", type: 'peaks' },
      sites: 'tier=1',
      copies: 2,
    });
    const pass = await runPass(world.catalog);
    // file 0 already has a copy at b: one more; file 1: two
    expect(pass.transfers.filter((t) => t.ok)).toHaveLength(3);
    expect(pass.rules).toEqual([{ id: rule.id, state: 'ok', reason: null }]);
    for (const f of files) {
      const at = (await world.catalog.replicas(f)).filter((r) => r.state === 'available' && r.site !== 'lab');
      expect(at).toHaveLength(2);
    }
    expect((await runPass(world.catalog)).transfers).toEqual([]); // nothing more to do
  });

  it('refuses bad rules with a message naming the problem, storing nothing', async () => {
    world = await makeWorld(await backend.freshUrl());
    await world.addSite('lab', { tier: 0 });
    await world.addSite('surface', { tier: 1 });
    const add = (spec: Partial<RuleSpec>) =>
      addRule(world.catalog, { selection: { type: 'peaks' }, sites: 'surface', ...spec } as RuleSpec);
    await expect(add({ copies: 0 })).rejects.toThrow('copies 0 must be a positive integer');
    await expect(add({ sites: 'tier=7' })).rejects.toThrow("site expression 'tier=7' matches no site");
    await expect(add({ sites: 'tier<2', copies: 3 })).rejects.toThrow(
      "site expression 'tier<2' matches 2 site(s), fewer than 3 copies",
    );
    await expect(add({ selection: {} })).rejects.toThrow('a rule needs a selection: runs, a data type or a dataset');
    await expect(add({ selection: { dataset: 'user:nope' } })).rejects.toThrow("unknown data identifier 'user:nope'");
    await expect(add({ lifetime: -5 })).rejects.toThrow('lifetime -5 must be > 0 seconds');
    expect(await listRules(world.catalog)).toEqual([]);
  });

  it('expired rules delete their replicas but never the last copy', async () => {
    world = await makeWorld(await backend.freshUrl());
    await world.addSite('lab');
    await world.addSite('surface');
    const [file] = await world.addRun('kr-002', 2, 'lab', 1);
    let t = 1_800_000_000_000_000_000n;
    const now = () => t;
    await addRule(world.catalog, { selection: { runs: "id = 'kr-002'" }, sites: 'surface', lifetime: 60 }, t);
    await addRule(world.catalog, { selection: { runs: "id = 'kr-002'" }, sites: 'lab', lifetime: 120 }, t);
    expect((await runPass(world.catalog, { now })).transfers.map((x) => x.ok)).toEqual([true]);
    t += 90_000_000_000n; // surface rule expired: its copy goes, lab keeps one
    expect((await runPass(world.catalog, { now })).deleted).toEqual([{ file, site: 'surface' }]);
    t += 60_000_000_000n; // lab rule expired: the last copy stays
    expect((await runPass(world.catalog, { now })).deleted).toEqual([]);
    expect((await world.catalog.replicas(file)).map((r) => r.site)).toEqual(['lab']);
    expect(await listRules(world.catalog)).toEqual([]);
  });

  it('a corrupted byte at the destination is found by check and re-transferred', async () => {
    world = await makeWorld(await backend.freshUrl());
    await world.addSite('lab');
    await world.addSite('surface');
    const files = await world.addRun('kr-003', 3, 'lab');
    await addRule(world.catalog, { selection: { dataset: undefined, runs: "id = 'kr-003'" }, sites: 'surface' });
    await runPass(world.catalog);
    const victim = join(world.dirs.surface, 'kr-003/peaks-abc123/000001.arrow');
    const bytes = readFileSync(victim);
    bytes[1234] ^= 0x40;
    writeFileSync(victim, bytes);
    writeFileSync(join(world.dirs.surface, 'stray.bin'), 'not catalogued');
    const report = await checkSite(world.catalog, 'surface', { repair: true });
    expect(report).toMatchObject({
      checked: 2,
      lost: [],
      corrupt: [files[1]],
      repaired: [files[1]],
      dark: ['stray.bin'],
    });
    expect(readFileSync(victim).equals(readFileSync(join(world.dirs.lab, 'kr-003/peaks-abc123/000001.arrow')))).toBe(
      true,
    );
    expect((await checkSite(world.catalog, 'surface')).corrupt).toEqual([]);
  });

  it('destination full: the rule is stuck with the reason and the source is untouched', async () => {
    world = await makeWorld(await backend.freshUrl());
    await world.addSite('lab');
    await world.addSite('small', { quota: 60_000 });
    const files = await world.addRun('kr-004', 4, 'lab', 2, 50_000);
    const before = readFileSync(join(world.dirs.lab, 'kr-004/peaks-abc123/000001.arrow'));
    const rule = await addRule(world.catalog, { selection: { runs: "id = 'kr-004'" }, sites: 'small' });
    let t = 1_800_000_000_000_000_000n;
    let pass = await runPass(world.catalog, { now: () => t });
    for (let i = 0; i < 3; i++) {
      t += 3_600_000_000_000n;
      pass = await runPass(world.catalog, { now: () => t });
    }
    expect(pass.rules[0]).toEqual({
      id: rule.id,
      state: 'stuck',
      reason: `${files[1]} to small: site 'small' is full: 50000 of its 60000 bytes used, the file needs 50000`,
    });
    expect(readFileSync(join(world.dirs.lab, 'kr-004/peaks-abc123/000001.arrow')).equals(before)).toBe(true);
    expect((await world.catalog.replicas(files[1])).map((r) => [r.site, r.state])).toEqual([['lab', 'available']]);
  });
});

describe('the daemon with remote sites', () => {
  const servers = loopbackServers();

  it('replicates into S3 and XRootD, then checks both clean; a corrupt source is skipped for another', async (ctx) => {
    if (!servers.xrd) return ctx.skip();
    world = await makeWorld();
    await world.addSite('lab');
    await world.addSite('backup');
    await world.catalog.addSite({ name: 'cloud', kind: 's3', url: servers.s3.url, attributes: { tier: 1 } });
    await world.catalog.addSite({ name: 'xrd', kind: 'webdav', url: servers.xrd.url, attributes: { tier: 1 } });
    const files = await world.addRun('kr-010', 10, 'lab', 2, 70_000);
    // a second, corrupt copy at backup (sorted first): the first attempt fails, the retry uses lab
    for (const did of files) {
      const path = did.replace(/^([^:]+):peaks\/abc123\//, '$1/peaks-abc123/');
      mkdirSync(join(world.dirs.backup, 'kr-010/peaks-abc123'), { recursive: true });
      const bytes = readFileSync(join(world.dirs.lab, path));
      bytes[7] ^= 1;
      writeFileSync(join(world.dirs.backup, path), bytes);
      await world.catalog.addReplica(did, 'backup', 'available', path);
    }
    const rule = await addRule(world.catalog, { selection: { runs: "id = 'kr-010'" }, sites: 'tier=1', copies: 2 });
    let t = 1_800_000_000_000_000_000n;
    const now = () => t;
    const first = await runPass(world.catalog, { now });
    expect(first.transfers.filter((x) => x.ok)).toHaveLength(0);
    // sha256 of the bytes sent catches the bad source before either destination is trusted with it
    expect(first.transfers.map((x) => x.error)).toEqual(
      Array(4).fill(expect.stringMatching(/backup.* -> (s3|http):.*: sent sha256 [0-9a-f]{64}, catalog says/)),
    );
    t += HOUR;
    const second = await runPass(world.catalog, { now });
    expect(second.transfers.map((x) => [x.ok, x.source])).toEqual([
      [true, 'lab'],
      [true, 'lab'],
      [true, 'lab'],
      [true, 'lab'],
    ]);
    expect(second.rules).toEqual([{ id: rule.id, state: 'ok', reason: null }]);
    for (const site of ['cloud', 'xrd']) {
      expect(await checkSite(world.catalog, site)).toMatchObject({ checked: 2, lost: [], dark: [], corrupt: [] });
    }
    expect((await checkSite(world.catalog, 'backup')).corrupt).toEqual(files);
  });
});
