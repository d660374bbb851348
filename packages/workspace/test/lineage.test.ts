import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSource, digestFile, importLineage } from '../src/index.js';

describe('lineage', () => {
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
