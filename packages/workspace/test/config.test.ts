import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configMarkdown, configTemplate, parseConfig } from '../src/index.js';

function errorOf(text: string): string {
  try {
    parseConfig(text, 'dance.yaml');
  } catch (err) {
    expect((err as Error).name).toBe('UserError');
    return (err as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

describe('parseConfig', () => {
  it('fills defaults', () => {
    expect(parseConfig('version: 1\nname: lab\n', 'dance.yaml')).toEqual({
      version: 1,
      name: 'lab',
      data_dir: 'data',
      catalog: 'sqlite:catalog/dance.sqlite',
    });
  });

  it('accepts a PostgreSQL catalog', () => {
    const c = parseConfig('version: 1\nname: lab\ncatalog: postgres://dance@db.example/dance\n', 'dance.yaml');
    expect(c.catalog).toBe('postgres://dance@db.example/dance');
  });

  it('names file, line and key for a wrong type', () => {
    expect(errorOf('version: 1\nname: lab\n\ndata_dir: 4\n')).toBe(
      "dance.yaml:4: key 'data_dir': expected a string, got 4",
    );
  });

  it('points at the key when its value starts on a later line', () => {
    expect(errorOf('version: 1\nname: lab\ndata_dir:\n  - x\n')).toBe(
      'dance.yaml:3: key \'data_dir\': expected a string, got ["x"]',
    );
  });

  it('names an unknown key and lists the known ones', () => {
    expect(errorOf('version: 1\nname: lab\ndatadir: x\n')).toBe(
      "dance.yaml:3: key 'datadir': unknown key (known keys: version, name, data_dir, catalog, analysis, global_tag)",
    );
  });

  it('names a missing key', () => {
    expect(errorOf('version: 1\n')).toBe("dance.yaml:1: key 'name': missing, expected a string");
  });

  it('reports the first problem in the file and counts the others', () => {
    expect(errorOf('version: 2\nname: 7\ncolour: red\n')).toBe(
      "dance.yaml:1: key 'version': expected 1, got 2 (and 2 more problems)",
    );
  });

  it('rejects a catalog that is neither sqlite nor postgres', () => {
    expect(errorOf('version: 1\nname: lab\ncatalog: mysql://x/y\n')).toBe(
      "dance.yaml:3: key 'catalog': expected 'sqlite:<path>' or a 'postgres://' URL",
    );
  });

  it('reports bad YAML with its line', () => {
    expect(errorOf('version: 1\nname: lab\nname: other\n')).toBe('dance.yaml:3: invalid YAML: Map keys must be unique');
    expect(errorOf('version: 1\nname: "lab\n')).toMatch(/^dance\.yaml:\d+: invalid YAML: /);
  });

  it('rejects a file that is not a mapping', () => {
    expect(errorOf('')).toBe("dance.yaml:1: expected a mapping of keys such as 'version: 1'");
    expect(errorOf('- a\n- b\n')).toBe("dance.yaml:1: expected a mapping of keys such as 'version: 1'");
  });

  it('keeps hostile strings one line in messages', () => {
    const msg = errorOf('version: 1\nname: lab\ndata_dir: [1, "a\\nb"]\n');
    expect(msg).toBe('dance.yaml:3: key \'data_dir\': expected a string, got [1,"a\\nb"]');
    expect(msg).not.toContain('\n');
  });
});

describe('configTemplate', () => {
  it('is a valid config with comments, quoting whatever name it is given', () => {
    const text = configTemplate({ name: 'lab: "run 1"\n#x' });
    expect(text).toContain('# Format version of this file.');
    expect(parseConfig(text, 'dance.yaml')).toEqual({
      version: 1,
      name: 'lab: "run 1"\n#x',
      data_dir: 'data',
      catalog: 'sqlite:catalog/dance.sqlite',
    });
  });
});

describe('docs/config.md', () => {
  it('is up to date with the schema (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(configMarkdown());
  });
});
