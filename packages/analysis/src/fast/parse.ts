/**
 * A parser for the small part of SQL expressions the typed-array scan evaluates itself: column names,
 * numbers, + - * /, comparisons, AND/OR/NOT, BETWEEN, parentheses, abs(). Anything else throws
 * OutsideSubset and the query goes to DuckDB, which then also reports any syntax error in its own words.
 */

/** What DuckDB types a number literal as: INTEGER/BIGINT, DECIMAL, or DOUBLE (scientific notation). */
export type LiteralKind = 'integer' | 'decimal' | 'double';

export type Expr =
  | { kind: 'number'; text: string; literal: LiteralKind }
  | { kind: 'column'; name: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'abs'; arg: Expr }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'between'; negated: boolean; arg: Expr; lo: Expr; hi: Expr }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; arg: Expr };

export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '<>';

/** The expression uses SQL the scan does not evaluate (or is malformed): DuckDB must run it. */
export class OutsideSubset extends Error {}

const TOKEN =
  /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"]|"")+)"|(<=|>=|<>|!=|==|[-+*/()<>=,]))/y;

type Token = { type: 'number' | 'word' | 'quoted' | 'symbol'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (!/^\s*$/.test(text.slice(TOKEN.lastIndex))) {
    const m = TOKEN.exec(text);
    if (!m) throw new OutsideSubset(`unsupported text at offset ${TOKEN.lastIndex}`);
    if (m[1] !== undefined) tokens.push({ type: 'number', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ type: 'word', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ type: 'quoted', text: m[3].replaceAll('""', '"') });
    else tokens.push({ type: 'symbol', text: m[4] });
  }
  return tokens;
}

/** Precedence as in DuckDB (PostgreSQL): OR < AND < NOT < comparison/BETWEEN < + - < * / < unary minus. */
export function parseExpr(text: string): Expr {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (w: string) => peek()?.type === 'word' && peek().text.toLowerCase() === w;
  const isSymbol = (s: string) => peek()?.type === 'symbol' && peek().text === s;
  const expect = (s: string) => {
    if (!isSymbol(s)) throw new OutsideSubset(`expected '${s}'`);
    at++;
  };

  const or = (): Expr => {
    let left = and();
    while (isWord('or')) {
      at++;
      left = { kind: 'logic', op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isWord('and')) {
      at++;
      left = { kind: 'logic', op: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Expr => {
    if (!isWord('not')) return comparison();
    at++;
    return { kind: 'not', arg: not() };
  };
  const comparison = (): Expr => {
    const left = additive();
    const negated = isWord('not');
    if (negated) at++;
    if (isWord('between')) {
      at++;
      const lo = additive();
      if (!isWord('and')) throw new OutsideSubset('BETWEEN without AND');
      at++;
      return { kind: 'between', negated, arg: left, lo, hi: additive() };
    }
    if (negated) throw new OutsideSubset('NOT after an operand');
    const t = peek();
    if (t?.type !== 'symbol' || !['<', '<=', '>', '>=', '=', '==', '<>', '!='].includes(t.text)) return left;
    at++;
    const op = (t.text === '==' ? '=' : t.text === '!=' ? '<>' : t.text) as CompareOp;
    return { kind: 'compare', op, left, right: additive() };
  };
  const additive = (): Expr => {
    let left = multiplicative();
    while (isSymbol('+') || isSymbol('-')) {
      const op = tokens[at++].text as '+' | '-';
      left = { kind: 'arith', op, left, right: multiplicative() };
    }
    return left;
  };
  const multiplicative = (): Expr => {
    let left = unary();
    while (isSymbol('*') || isSymbol('/')) {
      const op = tokens[at++].text as '*' | '/';
      left = { kind: 'arith', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isSymbol('+')) {
      at++;
      return unary();
    }
    if (!isSymbol('-')) return primary();
    at++;
    const arg = unary();
    // DuckDB folds a minus sign into the literal and keeps its type (-1.5 is DECIMAL).
    return arg.kind === 'number' && !arg.text.startsWith('-')
      ? { ...arg, text: `-${arg.text}` }
      : { kind: 'negate', arg };
  };
  const primary = (): Expr => {
    const t = tokens[at++];
    if (t === undefined) throw new OutsideSubset('unexpected end');
    if (t.type === 'number') return { kind: 'number', text: t.text, literal: literalKind(t.text) };
    if (t.type === 'quoted') return { kind: 'column', name: t.text };
    if (t.type === 'symbol') {
      if (t.text !== '(') throw new OutsideSubset(`unexpected '${t.text}'`);
      const inner = or();
      expect(')');
      return inner;
    }
    const word = t.text.toLowerCase();
    if (isSymbol('(')) {
      if (word !== 'abs') throw new OutsideSubset(`function ${t.text}()`);
      at++;
      const arg = or();
      expect(')');
      return { kind: 'abs', arg };
    }
    if (word === 'true' || word === 'false') return { kind: 'bool', value: word === 'true' };
    if (RESERVED.has(word)) throw new OutsideSubset(`keyword ${t.text}`);
    return { kind: 'column', name: t.text };
  };

  const expr = or();
  if (at !== tokens.length) throw new OutsideSubset(`unexpected '${tokens[at].text}'`);
  return expr;
}

/** Words that are SQL syntax, never column names, in the expressions we could meet. */
const RESERVED = new Set(
  'and or not between null is in like ilike case when then else end cast as distinct from select where exists any all some similar glob'.split(
    ' ',
  ),
);

function literalKind(text: string): LiteralKind {
  if (/[eE]/.test(text)) return 'double';
  if (text.includes('.')) {
    if (text.replace('.', '').replace(/^0+/, '').length > 15) throw new OutsideSubset(`long decimal ${text}`);
    return 'decimal';
  }
  if (text.length > 15) throw new OutsideSubset(`large integer ${text}`);
  return 'integer';
}
