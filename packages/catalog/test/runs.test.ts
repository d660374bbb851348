import { isoToNs } from '@dance/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, RunSpec } from '../src/index.js';
import { backends, openFresh } from './backends.js';

const T0 = isoToNs('2026-03-01T00:00:00Z');
const HOUR = 3_600_000_000_000n;

function run(n: number, extra: Partial<RunSpec> = {}): RunSpec {
  return {
    id: `kr-${String(n).padStart(3, '0')}`,
    number: n,
    start: T0 + BigInt(n) * HOUR,
    end: T0 + BigInt(n) * HOUR + HOUR / 2n,
    mode: n % 2 ? 'calibration' : 'science',
    source: n % 2 ? 'kr83m' : 'none',
    detector: 'tpc',
    ...extra,
  };
}

describe.each(backends)('runs on $name', (backend) => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await openFresh(backend);
    for (let n = 1; n <= 6; n++) {
      await catalog.registerRun(
        run(n, {
          tags: n <= 2 ? ['commissioning'] : ['sr0'],
          comments: n === 4 ? 'Gate voltage TRIPPED at 03:00, 50% of live time' : '',
          metadata: { drift_field: 50 * n, cathode: { voltage: -10 * n }, good: n !== 5, operator: `op${n}` },
        }),
      );
    }
  });
  afterAll(() => catalog?.close());

  it('round-trips a run exactly, ns times included', async () => {
    const r = await catalog.run('kr-003');
    expect(r).toEqual({
      id: 'kr-003',
      number: 3,
      start: T0 + 3n * HOUR,
      end: T0 + 3n * HOUR + HOUR / 2n,
      mode: 'calibration',
      source: 'kr83m',
      detector: 'tpc',
      tags: ['sr0'],
      comments: '',
      metadata: { drift_field: 150, cathode: { voltage: -30 }, good: true, operator: 'op3' },
      schemaVersion: null,
    });
  });

  const ids = async (where: string) => (await catalog.runs({ where })).map((r) => r.number);

  it('selects runs by metadata expressions', async () => {
    expect(await ids("source = 'kr83m' and drift_field > 100")).toEqual([3, 5]);
    expect(await ids('drift_field >= 100 and drift_field <= 200')).toEqual([2, 3, 4]);
    expect(await ids('not (drift_field < 250) or number = 1')).toEqual([1, 5, 6]);
    expect(await ids('cathode.voltage < -40')).toEqual([5, 6]);
    expect(await ids('good = false')).toEqual([5]);
    expect(await ids("operator in ('op1', 'op6', 'nobody')")).toEqual([1, 6]);
    expect(await ids("operator not in ('op1', 'op6')")).toEqual([2, 3, 4, 5]);
    expect(await ids("has tag 'commissioning'")).toEqual([1, 2]);
    expect(await ids("not has tag 'commissioning' and mode = 'science'")).toEqual([4, 6]);
    expect(await ids("comments like '%tripped%'")).toEqual([4]);
    expect(await ids("start >= '2026-03-01T04:00:00Z' and end < '2026-03-01T06:00:00Z'")).toEqual([4, 5]);
    expect(await ids('missing_key = 1')).toEqual([]);
    expect(await ids("meta.operator = 'op2' OR number <> 2 AND number < 2")).toEqual([1, 2]);
  });

  it('selects runs by structured filters and text search', async () => {
    const pick = async (q: Parameters<Catalog['runs']>[0]) => (await catalog.runs(q)).map((r) => r.number);
    expect(await pick({ numberFrom: 2, numberTo: 4 })).toEqual([2, 3, 4]);
    expect(await pick({ startFrom: T0 + 5n * HOUR })).toEqual([5, 6]);
    expect(await pick({ startTo: T0 + 2n * HOUR })).toEqual([1]);
    expect(await pick({ tags: ['sr0'], where: "source = 'kr83m'" })).toEqual([3, 5]);
    expect(await pick({ text: 'Tripped' })).toEqual([4]);
    expect(await pick({ text: '50%' })).toEqual([4]);
    expect(await pick({ text: '_' })).toEqual([]);
    expect(await pick({ limit: 2 })).toEqual([1, 2]);
  });

  it('treats hostile strings as plain values', async () => {
    const hostile = [
      "x' or '1'='1",
      "'; drop table runs; --",
      '"); delete from runs; --',
      '../../etc/passwd',
      'a\\b%c_',
      'x'.repeat(1000),
    ];
    for (const h of hostile) {
      const quoted = `'${h.replaceAll("'", "''")}'`;
      expect(await ids(`source = ${quoted} or operator = ${quoted}`)).toEqual([]);
      expect(await ids(`comments like ${quoted}`)).toEqual([]);
    }
    await expect(catalog.registerRun(run(99, { id: '../kr-099' }))).rejects.toThrow(
      /run id '\.\.\/kr-099' is not a valid name/,
    );
    await expect(catalog.registerRun(run(99, { id: "kr'; drop table runs" }))).rejects.toThrow(/is not a valid name/);
    await expect(catalog.registerRun(run(99, { tags: ['a/b'] }))).rejects.toThrow(/tag 'a\/b' is not a valid name/);
    const stored = await catalog.run('kr-001');
    await catalog.setMetadata('kr-001', { note: "Robert'); DROP TABLE runs;--" });
    expect((await catalog.run('kr-001')).metadata.note).toBe("Robert'); DROP TABLE runs;--");
    await catalog.setMetadata('kr-001', { note: stored.metadata.note });
    await expect(catalog.setMetadata('kr-001', { note: 'a\u0000b' })).rejects.toThrow(
      "run 'kr-001' metadata contains a NUL character (\\u0000), which cannot be stored",
    );
    expect((await catalog.run('kr-001')).metadata).toEqual(stored.metadata);
    expect(await catalog.runs()).toHaveLength(6);
  });

  it('reports expression errors with their column and keeps data intact', async () => {
    const bad: [string, RegExp][] = [
      ['drift_field > 100)', /^--where: unexpected '\)' at column 18$/],
      ["source = 'kr83m", /^--where: string starting at column 10 has no closing '$/],
      ['drift_field >', /^--where: unexpected end of expression \(expected a value/],
      ['drift_field ~ 3', /^--where: unexpected '~' at column 13$/],
      ["source = 'a\u0000b'", /^--where: control character U\+0000 at column 12$/],
      ['number = 1.5', /^--where: number must be compared with an integer \(value at column 10\)$/],
      ["start > 'yesterday'", /^--where: start must be compared with an ISO time/],
      ['source = 3', /^--where: source must be compared with a quoted string/],
      ['', /^--where: the expression is empty$/],
      ['and = 1', /^--where: unexpected 'and' at column 1 \(expected a field name\)$/],
      [`${'('.repeat(100)}number = 1${')'.repeat(100)}`, /^--where: nested more than 64 levels/],
      [`source = '${'x'.repeat(5000)}'`, /^--where: expression is 5011 characters long; the limit is 4096$/],
    ];
    for (const [where, message] of bad) await expect(catalog.runs({ where })).rejects.toThrow(message);
    expect(await catalog.runs()).toHaveLength(6);
  });

  it('ensureRun returns the existing run instead of failing (for importers)', async () => {
    const existing = await catalog.ensureRun(run(1, { source: 'ignored' }));
    expect(existing.source).toBe('kr83m');
    const fresh = await catalog.ensureRun(run(50));
    expect(fresh.id).toBe('kr-050');
  });

  it('refuses duplicates by id and by number', async () => {
    await expect(catalog.registerRun(run(1))).rejects.toThrow("run 'kr-001' already exists");
    await expect(catalog.registerRun(run(1, { id: 'kr-other' }))).rejects.toThrow(
      "run number 1 is already used by run 'kr-001'",
    );
    await expect(catalog.registerRun(run(77, { end: T0 }))).rejects.toThrow(
      "run 'kr-077': end must not be before start",
    );
    expect(await catalog.findRun('kr-other')).toBeUndefined();
    expect(await catalog.findRun('kr-077')).toBeUndefined();
  });

  it('names near runs when one is unknown', async () => {
    await expect(catalog.run('kr-01')).rejects.toThrow("unknown run 'kr-01'; did you mean kr-001?");
    await expect(catalog.run('kr-0')).rejects.toThrow(/^unknown run 'kr-0'; did you mean kr-001, kr-002 or kr-003\?$/);
    await expect(catalog.run('xenon-nt-17')).rejects.toThrow(/^unknown run 'xenon-nt-17'$/);
    expect(await catalog.suggest('KR-006')).toEqual(['kr-006']);
  });

  it('validates metadata against a versioned JSON Schema; old runs keep their version', async () => {
    const v1 = await catalog.addMetadataSchema({
      type: 'object',
      properties: { drift_field: { type: 'number' }, operator: { type: 'string' } },
      required: ['drift_field'],
    });
    expect(v1).toBe(1);
    const a = await catalog.registerRun(run(10, { metadata: { drift_field: 200, operator: 'x' } }));
    expect(a.schemaVersion).toBe(1);
    await expect(catalog.registerRun(run(11, { metadata: { drift_field: 'high' } }))).rejects.toThrow(
      "run 'kr-011' metadata /drift_field: must be number (metadata schema version 1)",
    );
    await expect(catalog.registerRun(run(11, { metadata: {} }))).rejects.toThrow(
      "run 'kr-011' metadata /: must have required property 'drift_field' (metadata schema version 1)",
    );
    await expect(catalog.setMetadata('kr-010', { drift_field: 'high' })).rejects.toThrow(
      /\/drift_field: must be number/,
    );
    expect((await catalog.run('kr-010')).metadata).toEqual({ drift_field: 200, operator: 'x' });
    const v2 = await catalog.addMetadataSchema({
      type: 'object',
      properties: { drift_field: { type: 'number', minimum: 0 }, gate_kv: { type: 'number' } },
      required: ['drift_field', 'gate_kv'],
    });
    expect(v2).toBe(2);
    expect((await catalog.run('kr-010')).schemaVersion).toBe(1);
    const b = await catalog.registerRun(run(12, { metadata: { drift_field: 10, gate_kv: 5 } }));
    expect(b.schemaVersion).toBe(2);
    await expect(catalog.setMetadata('kr-010', { drift_field: -1, gate_kv: 4 })).rejects.toThrow(
      "run 'kr-010' metadata /drift_field: must be >= 0 (metadata schema version 2)",
    );
    const updated = await catalog.setMetadata('kr-010', { gate_kv: 4.5 });
    expect(updated.metadata).toEqual({ drift_field: 200, operator: 'x', gate_kv: 4.5 });
    expect(updated.schemaVersion).toBe(2);
    await expect(catalog.addMetadataSchema({ type: 'no-such-type' })).rejects.toThrow(
      /^metadata schema is not a valid JSON Schema/,
    );
    expect(await catalog.metadataSchemas.latestVersion()).toBe(2);
  });
});
