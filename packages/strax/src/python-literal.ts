/**
 * The small part of Python's literal syntax that numpy and strax write: a .npy header is a dict
 * literal and strax metadata stores `repr(dtype.descr)`. Parsing it here (rather than evaluating
 * anything) keeps hostile headers harmless. Tuples and lists both become JS arrays.
 */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PyLiteralError extends Error {}

export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const value = p.value();
  p.skipSpace();
  if (p.at < text.length) p.fail('unexpected text after the literal');
  return value;
}

class Parser {
  at = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new PyLiteralError(`${why} at character ${this.at}`);
  }

  skipSpace(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === '{') return this.dict();
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === "'" || c === '"') return this.string();
    if (c === 'u' && (this.text[this.at + 1] === "'" || this.text[this.at + 1] === '"')) {
      this.at++;
      return this.string();
    }
    const word = /^(True|False|None|-?\d+)L?/.exec(this.text.slice(this.at, this.at + 40));
    if (!word) this.fail('expected a Python literal');
    this.at += word[0].length;
    if (word[1] === 'True') return true;
    if (word[1] === 'False') return false;
    if (word[1] === 'None') return null;
    const n = Number(word[1]);
    if (!Number.isSafeInteger(n)) this.fail(`integer ${word[1]} is too large`);
    return n;
  }

  /** A list `[...]` or tuple `(...)`, with an optional trailing comma. */
  sequence(close: string): PyValue[] {
    this.at++;
    const out: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === close) {
        this.at++;
        return out;
      }
      out.push(this.value());
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  dict(): { [key: string]: PyValue } {
    this.at++;
    const out: { [key: string]: PyValue } = Object.create(null);
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === '}') {
        this.at++;
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail("expected ':'");
      this.at++;
      out[key] = this.value();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') this.fail("expected ',' or '}'");
    }
  }

  string(): string {
    const quote = this.text[this.at++];
    let out = '';
    for (;;) {
      if (this.at >= this.text.length) this.fail('unterminated string');
      const c = this.text[this.at++];
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at++];
      const hex = (n: number) => {
        const h = this.text.slice(this.at, this.at + n);
        if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) this.fail('bad escape');
        this.at += n;
        return String.fromCodePoint(Number.parseInt(h, 16));
      };
      if (e === 'x') out += hex(2);
      else if (e === 'u') out += hex(4);
      else if (e === 'U') out += hex(8);
      else out += SIMPLE_ESCAPES[e] ?? `\\${e}`;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
};

/** `repr(s)` of a Python 3 str, which numpy writes into .npy headers for field names and titles. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + quote;
}

/** Python's str.isprintable() is false for these Unicode categories (space excepted, handled above). */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
