import { type ComparisonOperator, type Condition, type Field, type Literal, RUN_FIELDS, type RunField } from './ast.js';
import { expressionError, type Token, tokenize } from './lexer.js';

/**
 * Recursive-descent parser for run selections:
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | '(' or ')' | 'has' 'tag' STRING | field test
 *   test    := OP literal | ['not'] 'in' '(' literal (',' literal)* ')' | ['not'] 'like' STRING
 *   literal := STRING | NUMBER | 'true' | 'false'
 * A field is a run column (number, start, end, mode, source, detector, comments, id) or a metadata key
 * (`drift_field`, `meta.source`, `tpc.gate_voltage`).
 */
export function parseExpression(text: string, label = '--where'): Condition {
  return new Parser(tokenize(text, label), label).parse();
}

/** Deeper nesting than this is not a real query; refusing it keeps the recursion bounded. */
const MAX_DEPTH = 64;

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly label: string,
  ) {}

  parse(): Condition {
    if (this.peek().kind === 'end') throw expressionError(this.label, 'the expression is empty');
    const condition = this.or();
    if (this.peek().kind !== 'end') this.unexpected();
    return condition;
  }

  private or(): Condition {
    let left = this.and();
    while (this.acceptKeyword('or')) left = { type: 'or', left, right: this.and() };
    return left;
  }

  private and(): Condition {
    let left = this.unary();
    while (this.acceptKeyword('and')) left = { type: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Condition {
    if (++this.depth > MAX_DEPTH) {
      throw expressionError(this.label, `nested more than ${MAX_DEPTH} levels at column ${this.peek().column}`);
    }
    try {
      if (this.acceptKeyword('not')) return { type: 'not', operand: this.unary() };
      if (this.peek().kind === '(') {
        this.next();
        const inner = this.or();
        this.expect(')');
        return inner;
      }
      if (this.acceptKeyword('has')) {
        this.expectKeyword('tag');
        return { type: 'has-tag', tag: this.string() };
      }
      return this.test(this.field());
    } finally {
      this.depth--;
    }
  }

  private test(field: Field): Condition {
    const token = this.peek();
    if (token.kind === 'operator') {
      this.next();
      const operator = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator;
      const column = this.peek().column;
      return { type: 'compare', field, operator, value: this.literal(), column };
    }
    const negated = this.acceptKeyword('not');
    let condition: Condition;
    if (this.acceptKeyword('in')) {
      const column = this.peek().column;
      this.expect('(');
      const values = [this.literal()];
      while (this.peek().kind === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expect(')');
      condition = { type: 'in', field, values, column };
    } else if (this.acceptKeyword('like')) {
      condition = { type: 'like', field, pattern: this.string() };
    } else {
      return this.unexpected(`expected an operator (=, !=, <, <=, >, >=, in, like)`);
    }
    return negated ? { type: 'not', operand: condition } : condition;
  }

  private field(): Field {
    const token = this.peek();
    if (token.kind !== 'name' || KEYWORDS.has(token.text.toLowerCase()))
      return this.unexpected('expected a field name');
    this.next();
    const name = token.text;
    if (name.startsWith('meta.')) return { kind: 'metadata', path: name.slice(5).split('.') };
    if ((RUN_FIELDS as readonly string[]).includes(name)) return { kind: 'run', name: name as RunField };
    return { kind: 'metadata', path: name.split('.') };
  }

  private literal(): Literal {
    const token = this.peek();
    const word = token.kind === 'name' ? token.text.toLowerCase() : '';
    if (token.kind !== 'string' && token.kind !== 'number' && word !== 'true' && word !== 'false') {
      return this.unexpected('expected a value (a number, a quoted string, true or false)');
    }
    this.next();
    return token.kind === 'name' ? word === 'true' : token.value!;
  }

  private string(): string {
    const token = this.peek();
    if (token.kind !== 'string') return this.unexpected('expected a quoted string');
    this.next();
    return token.value as string;
  }

  private peek(): Token {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at];
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private acceptKeyword(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'name' || token.text.toLowerCase() !== word) return false;
    this.next();
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.unexpected(`expected '${word}'`);
  }

  private expect(kind: '(' | ')'): void {
    if (this.peek().kind !== kind) this.unexpected(`expected '${kind}'`);
    this.next();
  }

  private unexpected(hint?: string): never {
    const token = this.peek();
    const what = token.kind === 'end' ? 'end of expression' : `'${token.text.slice(0, 40)}'`;
    const where = token.kind === 'end' ? '' : ` at column ${token.column}`;
    throw expressionError(this.label, `unexpected ${what}${where}${hint ? ` (${hint})` : ''}`);
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'has', 'tag', 'true', 'false']);
