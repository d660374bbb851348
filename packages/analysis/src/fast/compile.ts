import type { Dtype } from '@dance/schema';
import { type CompareOp, type Expr, OutsideSubset } from './parse.js';

/**
 * Turns parsed expressions into JavaScript over column arrays (`c0[i]`, `c1[i]`, ...) that computes what
 * DuckDB computes, types included: FLOAT op FLOAT (or an integer/decimal literal) is FLOAT arithmetic
 * (each result rounded with Math.fround, exact since a double holds float products and quotients
 * before rounding), a scientific literal or DOUBLE column makes it DOUBLE; literals take the value DuckDB
 * casts them to (asked from DuckDB, see scan.ts). Comparisons follow DuckDB's ordering, where NaN equals
 * NaN and is greater than everything. Integer arithmetic (overflow errors), NULLs, i64 columns and
 * anything else are outside the subset.
 */

/** The value types of the subset: columns and the three kinds of number literal. */
type NumType = 'float' | 'double' | 'int' | 'integer-literal' | 'decimal-literal' | 'double-literal';

/** A literal as DuckDB casts it to FLOAT and to DOUBLE. */
export interface LiteralValue {
  float: number;
  double: number;
}

export interface ColumnRef {
  /** Field name as the schema spells it. */
  name: string;
  dtype: Dtype;
}

const INT_DTYPES: ReadonlySet<Dtype> = new Set(['i8', 'u8', 'i16', 'u16', 'i32', 'u32']);

/** Compiles expressions against one table's columns; `used` lists the columns read, in `cN` order. */
export class Compiler {
  readonly used: ColumnRef[] = [];

  constructor(
    private readonly columns: ReadonlyMap<string, ColumnRef>,
    private readonly literals: ReadonlyMap<string, LiteralValue>,
  ) {}

  /** A numeric expression as a JS expression of a double value (DuckDB's `(expr)::DOUBLE`). */
  number(e: Expr): string {
    const v = this.numeric(e);
    if (v.type.endsWith('literal')) throw new OutsideSubset('a constant where a column expression is expected');
    return v.code;
  }

  /** A predicate as a JS boolean expression. */
  predicate(e: Expr): string {
    switch (e.kind) {
      case 'bool':
        return String(e.value);
      case 'not':
        return `!(${this.predicate(e.arg)})`;
      case 'logic':
        return `(${this.predicate(e.left)} ${e.op === 'and' ? '&&' : '||'} ${this.predicate(e.right)})`;
      case 'compare': {
        const l = this.numeric(e.left);
        const r = this.numeric(e.right);
        const type = common([l.type, r.type], false);
        return compare(e.op, this.as(e.left, l, type), this.as(e.right, r, type), nanFree(l.type), nanFree(r.type));
      }
      case 'between': {
        // DuckDB binds all three operands to one common type before comparing.
        const parts = [e.arg, e.lo, e.hi].map((x) => ({ x, v: this.numeric(x) }));
        const type = common(
          parts.map((p) => p.v.type),
          false,
        );
        const [a, lo, hi] = parts.map((p) => this.as(p.x, p.v, type));
        const free = parts.map((p) => nanFree(p.v.type));
        const inside = `(${compare('>=', a, lo, free[0], free[1])} && ${compare('<=', a, hi, free[0], free[2])})`;
        return e.negated ? `!${inside}` : inside;
      }
      default:
        throw new OutsideSubset(`a ${e.kind} expression is not a predicate`);
    }
  }

  private numeric(e: Expr): { code: string; type: NumType } {
    switch (e.kind) {
      case 'number':
        return { code: '', type: `${e.literal}-literal` };
      case 'column': {
        const ref = this.column(e.name);
        const index = this.used.indexOf(ref);
        const code = `c${index < 0 ? this.used.push(ref) - 1 : index}[i]`;
        if (ref.dtype === 'f32') return { code, type: 'float' };
        if (ref.dtype === 'f64') return { code, type: 'double' };
        return { code, type: 'int' };
      }
      case 'negate':
      case 'abs': {
        const v = this.numeric(e.arg);
        if (v.type !== 'float' && v.type !== 'double') throw new OutsideSubset(`${e.kind} of ${v.type}`);
        return { code: e.kind === 'abs' ? `Math.abs(${v.code})` : `(-${v.code})`, type: v.type };
      }
      case 'arith': {
        const l = this.numeric(e.left);
        const r = this.numeric(e.right);
        const type = common([l.type, r.type], true);
        const code = `(${this.as(e.left, l, type)} ${e.op} ${this.as(e.right, r, type)})`;
        return { code: type === 'float' ? `Math.fround${code}` : code, type };
      }
      default:
        throw new OutsideSubset(`a ${e.kind} expression is not a number`);
    }
  }

  /** The operand's code as a value of `type` ('float' or 'double'). */
  private as(e: Expr, v: { code: string; type: NumType }, type: 'float' | 'double'): string {
    if (e.kind === 'number') {
      const value = this.literals.get(e.text);
      if (value === undefined) throw new Error(`literal ${e.text} was not cast`);
      return jsNumber(type === 'float' ? value.float : value.double);
    }
    return type === 'float' && v.type === 'int' ? `Math.fround(${v.code})` : v.code;
  }

  private column(name: string): ColumnRef {
    const ref = this.columns.get(name.toLowerCase());
    if (!ref) throw new OutsideSubset(`'${name}' is not a stored column`);
    if (ref.dtype !== 'f32' && ref.dtype !== 'f64' && !INT_DTYPES.has(ref.dtype))
      throw new OutsideSubset(`column '${ref.name}' is ${ref.dtype}`);
    return ref;
  }
}

/**
 * The type DuckDB computes in: DOUBLE if any operand is DOUBLE or a scientific literal, else FLOAT if
 * any is FLOAT. Integers alone: comparisons are exact in doubles, arithmetic is left to DuckDB.
 */
function common(types: NumType[], arithmetic: boolean): 'float' | 'double' {
  if (types.every((t) => t.endsWith('literal'))) throw new OutsideSubset('an expression of constants only');
  if (types.some((t) => t === 'double' || t === 'double-literal')) return 'double';
  if (types.includes('float')) return 'float';
  if (arithmetic) throw new OutsideSubset('integer arithmetic');
  return 'double';
}

function nanFree(type: NumType): boolean {
  return type !== 'float' && type !== 'double';
}

/**
 * DuckDB's comparison: NaN = NaN, and NaN is greater than every other value (±inf included). Where one
 * side cannot be NaN (an integer or a literal, the usual cut) most operators are JavaScript's own.
 */
function compare(op: CompareOp, a: string, b: string, aFree: boolean, bFree: boolean): string {
  const js = op === '=' ? '===' : op === '<>' ? '!==' : op;
  if (aFree && bFree) return `(${a} ${js} ${b})`;
  // x < c, x <= c, x = c, x <> c (and mirrored) are false/false/false/true for NaN x, as in JavaScript.
  if (bFree && ['<', '<=', '=', '<>'].includes(op)) return `(${a} ${js} ${b})`;
  if (aFree && ['>', '>=', '=', '<>'].includes(op)) return `(${a} ${js} ${b})`;
  // x > c is also true for NaN x: spelled out when x is a plain column read.
  const column = /^c\d+\[i\]$/;
  if (bFree && (op === '>' || op === '>=') && column.test(a)) return `(${a} ${js} ${b} || ${a} !== ${a})`;
  if (aFree && (op === '<' || op === '<=') && column.test(b)) return `(${a} ${js} ${b} || ${b} !== ${b})`;
  const name = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '<>': 'ne' }[op];
  return `${name}(${a}, ${b})`;
}

/** The comparison helpers the generated code calls (V8 inlines them into the loop). */
export const COMPARISONS = `
const lt = (a, b) => a < b || (b !== b && a === a);
const le = (a, b) => a <= b || b !== b;
const gt = (a, b) => a > b || (a !== a && b === b);
const ge = (a, b) => a >= b || a !== a;
const eq = (a, b) => a === b || (a !== a && b !== b);
const ne = (a, b) => !eq(a, b);
`;

function jsNumber(x: number): string {
  if (Number.isNaN(x) || !Number.isFinite(x)) throw new OutsideSubset(`literal value ${x}`);
  return Object.is(x, -0) ? '-0' : String(x);
}
