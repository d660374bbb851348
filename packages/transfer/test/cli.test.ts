import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openCatalog } from '@dance/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomFile, tempSite } from './helpers.js';
import { S3_CREDENTIALS, type Server, startS3 } from './servers.js';

/** The built CLI (`npx tsc -b` first), run as users run it. */
const MAIN = fileURLToPath(new URL('../../cli/dist/src/main.js', import.meta.url));

function dance(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...S3_CREDENTIALS } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('dance site | replicate | rule | daemon | check', () => {
  const ws = tempSite('ws').dir;
  const lab = tempSite('lab');
  const surface = tempSite('surface');
  let s3: Server;
  const chunk = 'kr-001/peaks-abc123/000000.arrow';
  const did = 'kr-001:peaks/abc123/000000.arrow';

  beforeAll(async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run npx tsc -b`).toBe(true);
    s3 = await startS3();
    expect((await dance(ws, 'init', '.')).code).toBe(0);
    const sums = randomFile(lab.dir, chunk, 123_456);
    const catalog = await openCatalog(`sqlite:${join(ws, 'catalog', 'dance.sqlite')}`);
    await catalog.registerRun({ id: 'kr-001', number: 1, start: 1_772_323_200_000_000_000n, source: 'kr83m' });
    await catalog.registerProduct('kr-001', 'peaks', 'abc123', [{ name: '000000.arrow', ...sums }]);
    await catalog.close();
  });
  afterAll(async () => s3?.stop());

  it('adds and lists sites, refusing bad kinds and URLs', async () => {
    expect(
      (await dance(ws, 'site', 'add', 'lab', '--kind', 'posix', '--url', lab.url, '--attr', 'uplink=true')).code,
    ).toBe(0);
    expect(
      (await dance(ws, 'site', 'add', 'surface', '--kind', 'posix', '--url', surface.url, '--attr', 'tier=1')).code,
    ).toBe(0);
    expect((await dance(ws, 'site', 'add', 'cloud', '--kind', 's3', '--url', s3.url, '--attr', 'tier=1')).code).toBe(0);
    const bad = await dance(ws, 'site', 'add', 'ftp', '--kind', 'ftp', '--url', 'ftp://x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("site 'ftp': kind 'ftp' must be one of posix, s3, webdav");
    const notFile = await dance(ws, 'site', 'add', 'x', '--kind', 'posix', '--url', '/tmp/x');
    expect(notFile.stderr).toContain("site 'x': a posix URL is file:///path");
    const list = JSON.parse((await dance(ws, '--json', 'site', 'list')).stdout);
    expect(list.map((s: { name: string; attributes: object }) => [s.name, s.attributes])).toEqual([
      ['cloud', { tier: 1 }],
      ['lab', { uplink: true }],
      ['surface', { tier: 1 }],
    ]);
  });

  it('replicates a run to a site, verified, then keeps copies by rule through the daemon', async () => {
    const catalog = await openCatalog(`sqlite:${join(ws, 'catalog', 'dance.sqlite')}`);
    await catalog.addReplica(did, 'lab', 'available', chunk);
    await catalog.close();
    const rep = await dance(ws, 'replicate', 'kr-001', '--to', 'surface');
    expect(rep.stdout).toContain(`copied ${did} lab -> surface (123456 bytes, verified)`);
    expect(rep.code).toBe(0);
    expect(readFileSync(join(surface.dir, chunk)).equals(readFileSync(join(lab.dir, chunk)))).toBe(true);
    const add = await dance(ws, 'rule', 'add', "source = 'kr83m'", '--sites', 'tier=1', '--copies', '2');
    expect(add.stdout).toContain("added rule 2: 2 copies of runs where source = 'kr83m' on tier=1");
    const pass = await dance(ws, 'daemon', '--once');
    expect(pass.stdout).toContain(`copied ${did} lab -> cloud (123456 bytes, verified)`);
    const rules = JSON.parse((await dance(ws, '--json', 'rule', 'list')).stdout);
    expect(rules.map((r: { id: number; state: string }) => [r.id, r.state])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
    ]);
    expect((await dance(ws, 'rule', 'delete', '1')).code).toBe(0);
    expect((await dance(ws, 'rule', 'delete', '7')).stderr).toContain('unknown rule 7');
  });

  it('check: exit 0 when consistent, 1 with corrupt or dark files, repairs', async () => {
    expect((await dance(ws, 'check', 'cloud')).code).toBe(0);
    const bytes = readFileSync(join(surface.dir, chunk));
    bytes[100] ^= 1;
    writeFileSync(join(surface.dir, chunk), bytes);
    const found = await dance(ws, 'check', 'surface');
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`corrupt  ${did}`);
    const fixed = await dance(ws, 'check', 'surface', '--repair');
    expect(fixed.stdout).toContain(`repaired ${did}`);
    expect((await dance(ws, 'check', 'surface')).code).toBe(0);
    expect(readFileSync(join(surface.dir, chunk)).equals(readFileSync(join(lab.dir, chunk)))).toBe(true);
    const unknown = await dance(ws, 'check', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown site 'nowhere' (known: cloud, lab, surface)");
    expect(pathToFileURL(ws).href).toMatch(/^file:/);
  });
});
