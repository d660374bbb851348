import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWorkspace, initWorkspace } from '../src/index.js';

let tmp: string;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dance-ws-')));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('initWorkspace', () => {
  it('creates the config, the data directory and the catalog directory', () => {
    const ws = initWorkspace(join(tmp, 'lab'));
    expect(ws.root).toBe(join(tmp, 'lab'));
    expect(ws.config.name).toBe('lab');
    expect(ws.dataDir).toBe(join(tmp, 'lab', 'data'));
    expect(ws.catalogUrl).toBe(`sqlite:${join(tmp, 'lab', 'catalog', 'dance.sqlite')}`);
    expect(readFileSync(join(tmp, 'lab', 'dance.yaml'), 'utf8')).toContain('name: lab');
    expect(() => readFileSync(join(tmp, 'lab', 'data'))).toThrow(/EISDIR/);
    expect(() => readFileSync(join(tmp, 'lab', 'catalog'))).toThrow(/EISDIR/);
  });

  it('refuses to overwrite a config unless forced, and keeps the old one', () => {
    initWorkspace(tmp, { name: 'first' });
    expect(() => initWorkspace(tmp, { name: 'second' })).toThrow(
      `${join(tmp, 'dance.yaml')} already exists: pass --force to overwrite it`,
    );
    expect(readFileSync(join(tmp, 'dance.yaml'), 'utf8')).toContain('name: first');
    expect(initWorkspace(tmp, { name: 'second', force: true }).config.name).toBe('second');
  });
});

describe('findWorkspace', () => {
  it('prefers --workspace, then DANCE_WORKSPACE, then the nearest dance.yaml upwards', () => {
    initWorkspace(join(tmp, 'a'));
    initWorkspace(join(tmp, 'b'));
    const deep = join(tmp, 'a', 'x', 'y');
    mkdirSync(deep, { recursive: true });
    expect(findWorkspace({ cwd: deep, env: {} }).root).toBe(join(tmp, 'a'));
    expect(findWorkspace({ cwd: deep, env: { DANCE_WORKSPACE: join(tmp, 'b') } }).root).toBe(join(tmp, 'b'));
    expect(findWorkspace({ workspace: '../../../b', cwd: deep, env: { DANCE_WORKSPACE: '/nowhere' } }).root).toBe(
      join(tmp, 'b'),
    );
  });

  it('says how to make one when there is none', () => {
    expect(() => findWorkspace({ cwd: tmp, env: {} })).toThrow(
      'no DANCE workspace here: run `dance init` or pass --workspace',
    );
    expect(() => findWorkspace({ cwd: tmp, env: { DANCE_WORKSPACE: join(tmp, 'gone') } })).toThrow(
      `no dance.yaml in ${join(tmp, 'gone')} (from DANCE_WORKSPACE)`,
    );
  });

  it('resolves a relative data_dir against the workspace root', () => {
    writeFileSync(join(tmp, 'dance.yaml'), 'version: 1\nname: lab\ndata_dir: ../shared-data\n');
    expect(findWorkspace({ cwd: tmp, env: {} }).dataDir).toBe(join(tmp, '..', 'shared-data'));
  });

  it('passes config errors through with the file and line', () => {
    writeFileSync(join(tmp, 'dance.yaml'), 'version: 1\nname: lab\nsites: {}\n');
    expect(() => findWorkspace({ cwd: tmp, env: {} })).toThrow(/^dance\.yaml:3: key 'sites': unknown key/);
  });
});
