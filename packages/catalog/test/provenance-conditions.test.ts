import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySpec, Catalog, ResolvedCondition } from '../src/index.js';
import { backends, openFresh } from './backends.js';
import { fileSpec, runSpec, T0 } from './fixtures.js';

const activity = (name: string, extra: Partial<ActivitySpec> = {}): ActivitySpec => ({
  kind: 'plugin',
  name,
  version: '0.1.0',
  codeHash: 'c0de'.repeat(10),
  config: { threshold: 3 },
  user: 'alice',
  host: 'daq01',
  start: T0,
  end: T0 + 5_000_000_000n,
  softwareVersion: '0.1.0',
  lockfileHash: 'ab'.repeat(32),
  ...extra,
});

const files = (prefix: string, n = 2) =>
  Array.from({ length: n }, (_, i) => {
    const { size, adler32, sha256, start, end } = fileSpec(prefix, String(i));
    return { name: `${String(i).padStart(6, '0')}.arrow`, size, adler32, sha256, start, end };
  });

describe.each(backends)('conditions and provenance on $name', (backend) => {
  let catalog: Catalog;
  let gain: ResolvedCondition;
  beforeAll(async () => {
    catalog = await openFresh(backend);
    for (const n of [1, 2, 3]) await catalog.registerRun(runSpec(n));
  });
  afterAll(() => catalog?.close());

  it('resolves conditions by run range, time and global tag, newest matching version first', async () => {
    const v1 = await catalog.addCondition({ name: 'pmt_gain', value: [1.1, 0.9, 1.0], runFrom: 1, runTo: 2 });
    const v2 = await catalog.addCondition({ name: 'pmt_gain', value: [1.2, 0.8, 1.0], runFrom: 2 });
    expect([v1.version, v1.kind, v2.version]).toEqual([1, 'array', 2]);
    await catalog.addCondition({
      name: 'e_lifetime_us',
      value: 650.5,
      validFrom: T0,
      validTo: T0 + 7_200_000_000_000n,
    });
    await catalog.addCondition({ name: 'e_lifetime_us', value: 700, validFrom: T0 + 7_200_000_000_000n });
    expect(await catalog.tagConditions('gt-v1', [{ name: 'pmt_gain', version: 1 }])).toBe(1);
    expect(await catalog.tagConditions('gt-all')).toBe(4);

    const at = (run: string) => ({ run });
    expect((await catalog.resolveCondition(null, 'pmt_gain', at('kr-001'))).version).toBe(1);
    expect((await catalog.resolveCondition(null, 'pmt_gain', at('kr-002'))).value).toEqual([1.2, 0.8, 1.0]);
    gain = await catalog.resolveCondition('gt-v1', 'pmt_gain', at('kr-002'));
    expect(gain).toEqual({
      name: 'pmt_gain',
      version: 1,
      value: [1.1, 0.9, 1.0],
      kind: 'array',
      tag: 'gt-v1',
      entity: 'condition:pmt_gain@1',
    });
    await expect(catalog.resolveCondition('gt-v1', 'pmt_gain', at('kr-003'))).rejects.toThrow(
      "no version of condition 'pmt_gain' is valid for run 'kr-003' in global tag 'gt-v1'",
    );
    expect((await catalog.resolveCondition('gt-all', 'e_lifetime_us', at('kr-001'))).value).toBe(650.5);
    expect((await catalog.resolveCondition(null, 'e_lifetime_us', { time: T0 + 7_200_000_000_000n })).version).toBe(2);
    await expect(catalog.resolveCondition(null, 'e_lifetime_us', { time: T0 - 1n })).rejects.toThrow(
      `no version of condition 'e_lifetime_us' is valid for time ${T0 - 1n} ns`,
    );
    await expect(catalog.resolveCondition(null, 'pmt_gain', at('kr-01'))).rejects.toThrow("unknown run 'kr-01'");
    await expect(catalog.tagConditions('bad', [{ name: 'pmt_gain', version: 9 }])).rejects.toThrow(
      "condition 'pmt_gain@9' does not exist",
    );
    await expect(catalog.addCondition({ name: 'x', value: 1, runFrom: 1, validFrom: T0 })).rejects.toThrow(
      "condition 'x': give validity by time or by run, not both",
    );
    await expect(catalog.addCondition({ name: 'x', value: Number.NaN })).rejects.toThrow(
      "value 'null' is not a valid scalar",
    );
    expect(await catalog.conditionVersions('x')).toEqual([]);
    const label = await catalog.addCondition({ name: 'tpc_label', value: 'nominal' });
    expect((await catalog.conditionVersions('tpc_label'))[0].value).toBe('nominal');
    expect(label.kind).toBe('scalar');
  });

  it('records provenance: upstream tree to raw data and conditions, downstream for reprocessing', async () => {
    await catalog.registerProduct('kr-001', 'raw_records', 'aaaa', files('raw'), {
      activity: activity('dance sim', { kind: 'command', config: { source: 'kr83m', events: 1000 } }),
    });
    const peaks = await catalog.registerProduct('kr-001', 'peaks', 'bbbb', files('peaks', 1), {
      activity: activity('peaks'),
      inputs: ['product:kr-001/raw_records/aaaa'],
      conditions: [gain],
    });
    expect(peaks.entity).toBe('product:kr-001/peaks/bbbb');
    expect(peaks.files.map((f) => `${f.scope}:${f.name}`)).toEqual(['kr-001:peaks/bbbb/000000.arrow']);
    expect(peaks.activity).toMatchObject({ name: 'peaks', codeHash: 'c0de'.repeat(10), user: 'alice', host: 'daq01' });
    expect(peaks.activity?.config).toEqual({ threshold: 3 });
    await catalog.registerProduct('kr-001', 'events', 'cccc', files('events', 1), {
      activity: activity('events'),
      inputs: ['file:kr-001:peaks/bbbb/000000.arrow'],
    });
    await catalog.registerProduct('kr-002', 'raw_records', 'aaaa', files('raw2'), { activity: activity('dance sim') });

    const tree = await catalog.provenanceTree('product:kr-001/events/cccc');
    expect(tree.split('\n')).toEqual([
      'product:kr-001/events/cccc  ← events 0.1.0 (code c0dec0de) alice@daq01 2026-03-01T00:00:00Z',
      '└── file:kr-001:peaks/bbbb/000000.arrow  ← peaks 0.1.0 (code c0dec0de) alice@daq01 2026-03-01T00:00:00Z',
      '    ├── condition:pmt_gain@1',
      '    └── product:kr-001/raw_records/aaaa  ← dance sim 0.1.0 (code c0dec0de) alice@daq01 2026-03-01T00:00:00Z',
    ]);
    const up = await catalog.upstream('product:kr-001/peaks/bbbb');
    expect(up.inputs.map((i) => [i.entity, i.checksum?.length])).toEqual([
      ['condition:pmt_gain@1', 64],
      ['product:kr-001/raw_records/aaaa', 64],
    ]);

    // A new gain calibration: everything made with pmt_gain@1 must be reprocessed.
    const derived = await catalog.derivedFrom('condition:pmt_gain@1');
    expect(derived.map((d) => [d.entity, d.activity.name, d.from, d.depth])).toEqual([
      ['product:kr-001/peaks/bbbb', 'peaks', 'condition:pmt_gain@1', 1],
      ['product:kr-001/events/cccc', 'events', 'product:kr-001/peaks/bbbb', 2],
    ]);
    const fromRawFile = await catalog.derivedFrom('file:kr-001:raw_records/aaaa/000001.arrow');
    expect(fromRawFile.map((d) => d.entity)).toEqual(['product:kr-001/peaks/bbbb', 'product:kr-001/events/cccc']);
    expect(await catalog.derivedFrom('product:kr-002/raw_records/aaaa')).toEqual([]);
    await expect(catalog.derivedFrom('condition:pmt_gain@7')).rejects.toThrow(
      "'condition:pmt_gain@7' is not in the catalog",
    );
    await expect(catalog.derivedFrom('gain')).rejects.toThrow("'gain' is not an entity");
    expect(
      (await catalog.products({ run: 'kr-001' })).map((p) => `${p.type}/${p.lineage} ${p.files} ${p.bytes}`),
    ).toEqual(['events/cccc 1 1000', 'peaks/bbbb 1 1000', 'raw_records/aaaa 2 2000']);
    expect((await catalog.products({ lineage: 'aaaa' })).map((p) => p.run)).toEqual(['kr-001', 'kr-002']);
  });

  it('records a run, a store manifest and its provenance in one call', async () => {
    const chunk = (i: number) => ({
      index: i,
      file: `00000${i}.arrow`,
      start: T0 + BigInt(i),
      end: T0 + BigInt(i) + 1n,
      rows: 10,
      bytes: 100 + i,
      ...(({ sha256, adler32 }) => ({ sha256, adler32 }))(fileSpec('m', String(i))),
    });
    const manifest = { run: 'kr-009', type: 'raw_records', lineage: 'ffff', chunks: [chunk(0), chunk(1)] };
    const product = await catalog.recordManifest(manifest, {
      run: runSpec(9, { source: 'kr83m' }),
      provenance: { activity: activity('dance sim', { kind: 'command' }) },
    });
    expect(product.files.map((f) => [f.name, f.size, f.start])).toEqual([
      ['raw_records/ffff/000000.arrow', 100, T0],
      ['raw_records/ffff/000001.arrow', 101, T0 + 1n],
    ]);
    expect((await catalog.run('kr-009')).source).toBe('kr83m');
    expect(product.activity?.name).toBe('dance sim');
    await expect(catalog.recordManifest({ ...manifest, lineage: 'eeee' }, { run: runSpec(8) })).rejects.toThrow(
      "manifest is for run 'kr-009', not 'kr-008'",
    );
  });

  it('refuses bad products and inputs without storing anything', async () => {
    await expect(catalog.registerProduct('kr-01', 'peaks', 'x', [])).rejects.toThrow(
      "unknown run 'kr-01'; did you mean kr-001?",
    );
    await expect(
      catalog.registerProduct('kr-003', 'peaks', 'dddd', files('p3'), {
        activity: activity('peaks'),
        inputs: ['product:kr-003/raw_records/nope'],
      }),
    ).rejects.toThrow("provenance input 'product:kr-003/raw_records/nope' is not in the catalog");
    await expect(catalog.product({ run: 'kr-003', type: 'peaks', lineage: 'dddd' })).rejects.toThrow('unknown product');
    await expect(catalog.file('kr-003:peaks/dddd/000000.arrow')).rejects.toThrow('unknown data identifier');
    await expect(catalog.registerProduct('kr-001', 'peaks', 'bbbb', files('again'))).rejects.toThrow(
      'product product:kr-001/peaks/bbbb already exists',
    );
    await expect(catalog.registerProduct('kr-003', 'peaks/../x', 'e', [])).rejects.toThrow("data type 'peaks/../x'");
    await expect(
      catalog.registerProduct('kr-003', 'peaks', 'e', [{ ...files('q')[0], name: '../../x' }]),
    ).rejects.toThrow("file name '../../x' is not valid");
  });

  it('exports W3C PROV-JSON that Debian python3-prov reads', async () => {
    const doc = await catalog.provenanceJson('product:kr-001/events/cccc');
    expect(Object.keys(doc.entity)).toEqual([
      'dance:product/kr-001/events/cccc',
      'dance:file/kr-001:peaks/bbbb/000000.arrow',
      'dance:condition/pmt_gain@1',
      'dance:product/kr-001/raw_records/aaaa',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'dance-prov-'));
    const path = join(dir, 'prov.json');
    writeFileSync(path, JSON.stringify(doc));
    const script = [
      'import sys, prov',
      'from prov.model import ProvDocument',
      "d = prov.read(sys.argv[1], format='json')",
      'print(len(d.get_records()), sorted({type(r).__name__ for r in d.get_records()}))',
      "print(sorted(str(e.identifier) for e in d.get_records() if type(e).__name__ == 'ProvActivity'))",
    ].join('\n');
    // Debian's interpreter, where python3-prov is installed (a pyenv python3 may come first on PATH).
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const out = execFileSync(python, ['-c', script, path], { encoding: 'utf8' }).trim().split('\n');
    expect(out[1]).toMatch(/^\['dance:activity\/\d+', 'dance:activity\/\d+', 'dance:activity\/\d+'\]$/);
    expect(out[0]).toContain('ProvDerivation');
    expect(out[0]).toContain('ProvUsage');
    expect(out[0]).toContain('ProvGeneration');
    expect(out[0]).toContain('ProvAssociation');
  });
});
