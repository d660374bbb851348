import type { ProvNode } from '@dance/api';
import { describe, expect, it } from 'vitest';
import { layoutProvenance } from '../src/prov-graph.js';

const made = (name: string): ProvNode['activity'] => ({
  id: 1,
  kind: 'plugin',
  name,
  version: '1',
  codeHash: null,
  config: {},
  user: 'shifter',
  host: 'daq',
  start: '1767225600000000000',
  end: '1767225601000000000',
  softwareVersion: null,
  lockfileHash: null,
});
const leaf = (entity: string): ProvNode => ({ entity, checksum: null, activity: null, inputs: [] });

describe('layoutProvenance', () => {
  it('puts inputs left of what was made from them, each entity once', () => {
    const raw = leaf('product:kr/raw_records/a');
    const conditions = leaf('conditions:gains/1');
    const records: ProvNode = {
      entity: 'product:kr/records/b',
      checksum: null,
      activity: made('records'),
      inputs: [raw],
    };
    const peaklets: ProvNode = {
      entity: 'product:kr/peaklets/c',
      checksum: null,
      activity: made('peaklets'),
      inputs: [records, { ...raw, repeated: true }, conditions],
    };
    const { nodes, edges } = layoutProvenance(peaklets);
    const place = Object.fromEntries(nodes.map((n) => [n.node.entity, [n.column, n.row]]));
    // raw_records is two steps from peaklets (through records), so it sits in the first column
    expect(place).toEqual({
      'product:kr/peaklets/c': [2, 0],
      'product:kr/records/b': [1, 0],
      'product:kr/raw_records/a': [0, 0],
      'conditions:gains/1': [1, 1],
    });
    expect(edges).toEqual([
      ['product:kr/records/b', 'product:kr/peaklets/c'],
      ['product:kr/raw_records/a', 'product:kr/records/b'],
      ['product:kr/raw_records/a', 'product:kr/peaklets/c'],
      ['conditions:gains/1', 'product:kr/peaklets/c'],
    ]);
  });
});
