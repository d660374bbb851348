import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, describeSource, digestFile, importLineage, shortHash } from '../src/index.js';

describe('lineage', () => {
  it('ignores key order and is stable across runs', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":0,"z":1}]},"b":1}',
    );
    expect(shortHash({ b: 1, a: 2 })).toBe(shortHash({ a: 2, b: 1 }));
    // sha256('{"a":1}') starts with 015abd7f5cc5
    expect(shortHash({ a: 1 })).toBe('015abd7f5cc5');
  });

  it('changes with format, schema version and DANCE version only', () => {
    const base = { format: 'npy', schema: { name: 'raw_records', version: 1 }, danceVersion: '0.1.0' };
    const h = importLineage(base);
    expect(h).toMatch(/^[0-9a-f]{12}$/);
    expect(importLineage({ ...base, schema: { ...base.schema, fields: [] } as never })).toBe(h);
    expect(importLineage({ ...base, format: 'strax' })).not.toBe(h);
    expect(importLineage({ ...base, schema: { name: 'raw_records', version: 2 } })).not.toBe(h);
    expect(importLineage({ ...base, danceVersion: '0.2.0' })).not.toBe(h);
  });
});

describe('provenance', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dance-prov-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('digests a file and a directory', async () => {
    writeFileSync(join(tmp, 'f.bin'), 'abc');
    expect(await digestFile(join(tmp, 'f.bin'))).toEqual({
      path: join(tmp, 'f.bin'),
      bytes: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    mkdirSync(join(tmp, 'd'));
    writeFileSync(join(tmp, 'd', 'b'), 'abc');
    writeFileSync(join(tmp, 'd', 'a'), '');
    const d = await describeSource(join(tmp, 'd'));
    expect(d.bytes).toBe(3);
    expect(d.files?.map((f) => f.path)).toEqual(['a', 'b']);
    writeFileSync(join(tmp, 'd', 'a'), 'x');
    expect((await describeSource(join(tmp, 'd'))).sha256).not.toBe(d.sha256);
  });
});
