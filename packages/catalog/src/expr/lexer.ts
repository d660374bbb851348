import { UserError } from '@dance/schema';

/** Tokens of the run-selection language (`source = 'kr83m' and drift_field > 100`). */
export type TokenKind = 'name' | 'string' | 'number' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text (for names: as written; keywords are names compared case-insensitively). */
  text: string;
  /** Decoded value of strings and numbers. */
  value?: string | number;
  /** 1-based column of the first character, for error messages. */
  column: number;
}

export const MAX_EXPRESSION_LENGTH = 4096;

const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATOR = /<=|>=|!=|<>|=|<|>/y;

export function expressionError(label: string, message: string): UserError {
  return new UserError(`${label}: ${message}`);
}

export function tokenize(text: string, label = '--where'): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw expressionError(label, `expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`);
  }
  // NUL cannot be stored in PostgreSQL text and no control character belongs in a query.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      throw expressionError(label, `control character U+${hex} at column ${i + 1}`);
    }
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"') {
      const { value, end } = readString(text, i, label);
      tokens.push({ kind: 'string', text: text.slice(i, end), value, column });
      i = end;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, column });
      i++;
    } else {
      const token = readWord(text, i);
      if (token === undefined) throw expressionError(label, `unexpected '${ch}' at column ${column}`);
      tokens.push(token);
      i += token.text.length;
    }
  }
  tokens.push({ kind: 'end', text: 'end of expression', column: text.length + 1 });
  return tokens;
}

function readWord(text: string, at: number): Token | undefined {
  const column = at + 1;
  const operator = matchAt(OPERATOR, text, at);
  if (operator !== undefined) return { kind: 'operator', text: operator, column };
  const number = matchAt(NUMBER, text, at);
  if (number !== undefined) return { kind: 'number', text: number, value: Number(number), column };
  const name = matchAt(NAME, text, at);
  if (name !== undefined) return { kind: 'name', text: name, column };
  return undefined;
}

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** A quoted string; the quote character is escaped by doubling it, as in SQL ('it''s'). */
function readString(text: string, start: number, label: string): { value: string; end: number } {
  const quoteChar = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quoteChar) {
      if (text[i + 1] !== quoteChar) return { value, end: i + 1 };
      i++;
    }
    value += text[i];
    i++;
  }
  throw expressionError(label, `string starting at column ${start + 1} has no closing ${quoteChar}`);
}
