import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../src/index.js';
import { backends, openFresh } from './backends.js';
import { fileSpec, T0 } from './fixtures.js';

describe.each(backends)('files, datasets, sites and replicas on $name', (backend) => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await openFresh(backend);
    await catalog.registerFiles([1, 2, 3, 4].map((i) => fileSpec('kr-001', `raw_records/000${i}.arrow`, i * 100)));
  });
  afterAll(() => catalog?.close());

  it('registers files with exact sizes, checksums and times', async () => {
    const f = await catalog.file('kr-001:raw_records/0002.arrow');
    expect(f).toEqual({ ...fileSpec('kr-001', 'raw_records/0002.arrow', 200) });
    expect(f.start).toBe(T0);
  });

  it('registers a large batch atomically: one bad file stores nothing', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => fileSpec('bulk', `f${i}`));
    expect(await catalog.registerFiles(many)).toBe(2500);
    expect((await catalog.file('bulk:f2499')).size).toBe(1000);
    const clash = [...Array.from({ length: 1500 }, (_, i) => fileSpec('bulk2', `g${i}`)), fileSpec('bulk', 'f7')];
    await expect(catalog.registerFiles(clash)).rejects.toThrow("'bulk:f7' already exists in the catalog");
    await expect(catalog.file('bulk2:g0')).rejects.toThrow("unknown data identifier 'bulk2:g0'");
    const bad = [fileSpec('bulk3', 'a'), { ...fileSpec('bulk3', 'b'), adler32: 'XYZ' }];
    await expect(catalog.registerFiles(bad)).rejects.toThrow(
      "file #2 ('bulk3:b'): adler32 'XYZ' must be 8 lowercase hex digits",
    );
    await expect(catalog.registerFiles([{ ...fileSpec('bulk3', 'c'), size: -1 }])).rejects.toThrow(
      "file #1 ('bulk3:c'): size '-1' must be a non-negative integer",
    );
    await expect(catalog.registerFiles([fileSpec('bulk3', 'd'), fileSpec('bulk3', 'd')])).rejects.toThrow(
      "file 'bulk3:d' is listed twice",
    );
    await expect(catalog.file('bulk3:a')).rejects.toThrow('unknown data identifier');
  });

  it('refuses path tricks and hostile names', async () => {
    for (const name of ['../etc/passwd', '/abs', 'a//b', 'a/./b', "x'; drop table dids;--", 'a'.repeat(2000)]) {
      await expect(catalog.registerFiles([fileSpec('kr-001', name)])).rejects.toThrow(/file name '.*' is not valid/);
    }
    await expect(catalog.registerFiles([fileSpec('../x', 'a')])).rejects.toThrow(
      "file #1: scope '../x' is not a valid name",
    );
    await expect(catalog.file('nocolon')).rejects.toThrow("'nocolon' is not a data identifier: write scope:name");
    expect((await catalog.file('kr-001:raw_records/0001.arrow')).size).toBe(100);
  });

  it('keeps datasets and containers Rucio-style: open/closed, monotonic, typed members', async () => {
    const ds = await catalog.addDataset('kr-001:raw');
    expect(ds).toEqual({ scope: 'kr-001', name: 'raw', type: 'dataset', open: true, monotonic: false, members: 0 });
    await catalog.attach('kr-001:raw', ['kr-001:raw_records/0001.arrow', 'kr-001:raw_records/0002.arrow']);
    const sr0 = await catalog.addDataset('sr0:all', { type: 'container', monotonic: true });
    expect(sr0.type).toBe('container');
    await catalog.attach('sr0:all', ['kr-001:raw']);
    await expect(catalog.attach('sr0:all', ['kr-001:raw_records/0003.arrow'])).rejects.toThrow(
      "a container holds datasets and containers: 'kr-001:raw_records/0003.arrow' is a file",
    );
    await expect(catalog.attach('kr-001:raw', ['kr-001:raw'])).rejects.toThrow("'kr-001:raw' is a dataset");
    await expect(catalog.attach('sr0:all', ['sr0:all'])).rejects.toThrow('would make a cycle');
    await expect(catalog.detach('sr0:all', ['kr-001:raw'])).rejects.toThrow("'sr0:all' is monotonic");
    await expect(catalog.addDataset('kr-001:raw_records/0001.arrow')).rejects.toThrow('already exists in the catalog');
    await catalog.detach('kr-001:raw', ['kr-001:raw_records/0002.arrow']);
    await catalog.closeDataset('kr-001:raw');
    await expect(catalog.attach('kr-001:raw', ['kr-001:raw_records/0004.arrow'])).rejects.toThrow(
      "'kr-001:raw' is closed",
    );
    expect(await catalog.datasetContents('kr-001:raw')).toEqual([
      { did: 'kr-001:raw_records/0001.arrow', type: 'file' },
    ]);
    expect((await catalog.datasets()).map((d) => `${d.scope}:${d.name} ${d.members} ${d.open}`)).toEqual([
      'kr-001:raw 1 false',
      'sr0:all 1 true',
    ]);
  });

  it('tracks replicas at sites and forbids orphans', async () => {
    await catalog.addSite({ name: 'lngs', kind: 'local', url: 'file:///data/lngs', attributes: { tier: 0 } });
    await catalog.addSite({ name: 'nikhef', kind: 'xrootd', url: 'root://xrd.nikhef.nl//dance', attributes: {} });
    await expect(catalog.addSite({ name: 'lngs', kind: 'local', url: 'file:///x', attributes: {} })).rejects.toThrow(
      "site 'lngs' already exists",
    );
    expect((await catalog.sites()).map((s) => [s.name, s.attributes])).toEqual([
      ['lngs', { tier: 0 }],
      ['nikhef', {}],
    ]);
    const f = 'kr-001:raw_records/0001.arrow';
    await catalog.addReplica(f, 'lngs', 'available', 'raw/0001.arrow');
    await catalog.addReplica(f, 'nikhef', 'copying');
    await catalog.addReplica(f, 'nikhef', 'available');
    expect(await catalog.replicas(f)).toEqual([
      { file: f, site: 'lngs', state: 'available', path: 'raw/0001.arrow' },
      { file: f, site: 'nikhef', state: 'available', path: null },
    ]);
    await expect(catalog.addReplica(f, 'cern')).rejects.toThrow("unknown site 'cern'");
    await expect(catalog.addReplica('kr-001:nope', 'lngs')).rejects.toThrow("unknown data identifier 'kr-001:nope'");
    await expect(catalog.addReplica('kr-001:raw', 'lngs')).rejects.toThrow(
      "'kr-001:raw' is a dataset, expected a file",
    );
    await expect(catalog.addReplica(f, 'lngs', 'lost' as never)).rejects.toThrow(
      "replica state 'lost' must be one of available, copying, bad, unavailable",
    );
    // The database itself refuses orphans, whatever the code above checks.
    const db = catalog.connection.db;
    await expect(
      db.insertInto('replicas').values({ file_id: 999999, site: 'lngs', state: 'available', updated_ns: 0 }).execute(),
    ).rejects.toThrow();
    await expect(
      db.insertInto('replicas').values({ file_id: 1, site: 'lngs', state: 'weird', updated_ns: 0 }).execute(),
    ).rejects.toThrow();
    expect(await catalog.replicas(f)).toHaveLength(2);
  });
});
