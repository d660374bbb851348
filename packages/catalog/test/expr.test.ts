import { describe, expect, it } from 'vitest';
import { parseExpression } from '../src/index.js';

describe('run-selection expressions', () => {
  it('gives and precedence over or, and not over and', () => {
    expect(parseExpression("not a = 1 and b = 2 or source = 'x'")).toEqual({
      type: 'or',
      left: {
        type: 'and',
        left: {
          type: 'not',
          operand: { type: 'compare', field: { kind: 'metadata', path: ['a'] }, operator: '=', value: 1, column: 9 },
        },
        right: { type: 'compare', field: { kind: 'metadata', path: ['b'] }, operator: '=', value: 2, column: 19 },
      },
      right: { type: 'compare', field: { kind: 'run', name: 'source' }, operator: '=', value: 'x', column: 33 },
    });
  });

  it('decodes literals: doubled quotes, both quote styles, signs, exponents, booleans', () => {
    const value = (text: string) => {
      const c = parseExpression(`k = ${text}`);
      return c.type === 'compare' ? c.value : undefined;
    };
    expect(value("'it''s'")).toBe("it's");
    expect(value('"say ""hi"""')).toBe('say "hi"');
    expect(value('-12.5e-1')).toBe(-1.25);
    expect(value('TRUE')).toBe(true);
    expect(value("'; drop table runs; --'")).toBe('; drop table runs; --');
  });

  it('maps names to run columns or metadata paths, keywords in any case', () => {
    expect(parseExpression("meta.source LIKE 'kr%'")).toEqual({
      type: 'like',
      field: { kind: 'metadata', path: ['source'] },
      pattern: 'kr%',
    });
    expect(parseExpression('tpc.gate.kv <> 5')).toMatchObject({
      field: { kind: 'metadata', path: ['tpc', 'gate', 'kv'] },
      operator: '!=',
    });
    expect(parseExpression("Has Tag 'sr0'")).toEqual({ type: 'has-tag', tag: 'sr0' });
    expect(parseExpression('number NOT IN (1, 2)')).toEqual({
      type: 'not',
      operand: { type: 'in', field: { kind: 'run', name: 'number' }, values: [1, 2], column: 15 },
    });
  });

  it('names the column of what it cannot parse', () => {
    expect(() => parseExpression('a = 1 and (b = 2')).toThrow('--where: unexpected end of expression');
    expect(() => parseExpression('a = 1 b = 2')).toThrow("--where: unexpected 'b' at column 7");
    expect(() => parseExpression('a in ()')).toThrow("--where: unexpected ')' at column 7 (expected a value");
    expect(() => parseExpression('has tag sr0')).toThrow(
      "--where: unexpected 'sr0' at column 9 (expected a quoted string)",
    );
    expect(() => parseExpression('a = 1; drop table runs')).toThrow("--where: unexpected ';' at column 6");
  });
});
