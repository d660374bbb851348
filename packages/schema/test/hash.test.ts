import { describe, expect, it } from 'vitest';
import { canonicalJson, shortHash } from '../src/index.js';

describe('lineage hashing', () => {
  it('ignores key order and is stable across runs', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":0,"z":1}]},"b":1}',
    );
    expect(shortHash({ b: 1, a: 2 })).toBe(shortHash({ a: 2, b: 1 }));
    // sha256('{"a":1}') starts with 015abd7f5cc5
    expect(shortHash({ a: 1 })).toBe('015abd7f5cc5');
    expect(canonicalJson({ t: 2n ** 63n - 1n })).toBe('{"t":"9223372036854775807"}');
  });
});
