import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

describe('dance init', () => {
  it('creates a workspace and prints its paths as JSON', async () => {
    const r = await dance(['--json', 'init', 'lab'], { cwd: tmp.dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const root = join(tmp.dir, 'lab');
    expect(JSON.parse(r.stdout)).toEqual({
      root,
      config: join(root, 'dance.yaml'),
      data_dir: join(root, 'data'),
      catalog: `sqlite:${join(root, 'catalog', 'dance.sqlite')}`,
    });
  });

  it('refuses to overwrite dance.yaml without --force, and leaves it alone', async () => {
    await dance(['init', '--name', 'first'], { cwd: tmp.dir });
    const r = await dance(['init', '--name', 'second'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dance: ${join(tmp.dir, 'dance.yaml')} already exists: pass --force to overwrite it\n`);
    expect(readFileSync(join(tmp.dir, 'dance.yaml'), 'utf8')).toContain('name: first');
    expect((await dance(['init', '--name', 'second', '--force'], { cwd: tmp.dir })).code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'dance.yaml'), 'utf8')).toContain('name: second');
  });
});

describe('workspace discovery', () => {
  beforeEach(async () => {
    await dance(['init', 'a'], { cwd: tmp.dir });
    await dance(['init', 'b'], { cwd: tmp.dir });
    mkdirSync(join(tmp.dir, 'a', 'deep', 'er'), { recursive: true });
  });

  const rootOf = async (args: string[], cwd: string, env?: Record<string, string>) => {
    const r = await dance(['--json', ...args, 'config'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).root;
  };

  it('finds the nearest dance.yaml upwards', async () => {
    expect(await rootOf([], join(tmp.dir, 'a', 'deep', 'er'))).toBe(join(tmp.dir, 'a'));
  });

  it('prefers DANCE_WORKSPACE to the directory, and --workspace to both', async () => {
    const cwd = join(tmp.dir, 'a', 'deep');
    const env = { DANCE_WORKSPACE: join(tmp.dir, 'b') };
    expect(await rootOf([], cwd, env)).toBe(join(tmp.dir, 'b'));
    expect(await rootOf(['--workspace', '../../a'], cwd, env)).toBe(join(tmp.dir, 'a'));
    expect(await rootOf(['-w', join(tmp.dir, 'b')], cwd)).toBe(join(tmp.dir, 'b'));
  });

  it('says what to do when there is no workspace', async () => {
    const r = await dance(['config'], { cwd: tmp.dir });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'dance: no DANCE workspace here: run `dance init` or pass --workspace\n',
    });
    const missing = await dance(['--workspace', 'nope', 'config'], { cwd: tmp.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^dance: no dance\.yaml in .*\/nope \(from --workspace\)/);
  });
});

describe('config errors name the file, line and key', () => {
  const cases: [string, string, string][] = [
    ['a wrong type', 'version: 1\nname: lab\ndata_dir:\n  - x\n', "dance.yaml:3: key 'data_dir': expected a string"],
    ['an unknown key', 'version: 1\nname: lab\n\ndata-dir: x\n', "dance.yaml:4: key 'data-dir': unknown key"],
    ['bad YAML', 'version: 1\nname: lab\nname: other\n', 'dance.yaml:3: invalid YAML: Map keys must be unique'],
  ];
  for (const [what, text, message] of cases) {
    it(what, async () => {
      writeFileSync(join(tmp.dir, 'dance.yaml'), text);
      const r = await dance(['config'], { cwd: tmp.dir });
      expect(r.code).toBe(1);
      expect(r.stderr.startsWith(`dance: ${message}`), r.stderr).toBe(true);
      expect(r.stderr.trimEnd()).not.toContain('\n');
    });
  }
});
