import { describe, expect, it } from 'vitest';
import { cell, eventReply, int64, openApiSchema, productKey, provenanceReply, real, runsReply } from '../src/index.js';

describe('JSON codecs', () => {
  it('carries int64 as decimal strings, exact beyond 2^53', () => {
    const t = int64('time');
    expect(t.parse('1767225600000000001')).toBe(1767225600000000001n);
    expect(t.encode(-9223372036854775808n)).toBe('-9223372036854775808');
    expect(() => t.parse(1767225600000000000)).toThrow(/expected string/);
    expect(() => t.parse('1e18')).toThrow(/pattern/);
  });

  it('carries NaN and infinities as null, read back as NaN', () => {
    const r = real('efficiency');
    expect(r.encode(Number.NaN)).toBeNull();
    expect(r.encode(Number.POSITIVE_INFINITY)).toBeNull();
    expect(r.encode(0.25)).toBe(0.25);
    expect(r.parse(null)).toBeNaN();
    expect(cell.encode(5n)).toBe('5');
    expect(cell.encode(Number.NaN)).toBeNull();
    expect(cell.parse(true)).toBe(true);
  });

  it('refuses product names that could leave the workspace, naming the field', () => {
    expect(() => productKey.parse({ run: '../etc', type: 'records', lineage: 'abc' })).toThrow(/"run"/);
  });
});

describe('reply schemas', () => {
  const run = {
    id: 'kr-001',
    number: 1,
    start: '1767225600000000000',
    end: null,
    mode: 'calibration',
    source: 'kr83m',
    detector: 'xenon-demo',
    tags: ['calibration'],
    comments: '',
    metadata: { drift_field: 200 },
    schemaVersion: null,
  };

  it('parse a reply into bigint times and encode it back unchanged', () => {
    const reply = { runs: [run], count: 1, limit: 1000 };
    const parsed = runsReply.parse(reply);
    expect(parsed.runs[0].start).toBe(1767225600000000000n);
    expect(runsReply.encode(parsed)).toEqual(reply);
  });

  it('name the field a malformed reply gets wrong', () => {
    expect(() => runsReply.parse({ runs: [{ ...run, start: 1 }], count: 1, limit: 1 })).toThrow(/runs.*0.*start/s);
    expect(() => eventReply.parse({})).toThrow(/product/);
  });
});

describe('OpenAPI 3.0 schemas', () => {
  it('describe the JSON side (int64 as patterned strings, NaN as nullable numbers)', () => {
    const { schema } = openApiSchema(runsReply) as {
      schema: { properties: { runs: { items: { properties: object } } } };
    };
    expect(schema.properties.runs.items.properties).toMatchObject({
      start: { type: 'string', pattern: '^-?[0-9]{1,19}$' },
      end: { type: 'string', nullable: true },
    });
  });

  it('hoist the recursive provenance graph into named components', () => {
    const { schema, definitions } = openApiSchema(provenanceReply);
    expect(Object.keys(definitions).sort()).toEqual(['ProvInputs', 'ProvNode']);
    expect(JSON.stringify(schema)).toContain('"$ref":"#/components/schemas/ProvNode"');
    expect(JSON.stringify({ schema, definitions })).not.toContain('#/definitions');
  });
});
