import { UserError } from '@dance/schema';
import type { Backend } from './dialect.js';

/** Conversions of database values: integers arrive as bigint (SQLite), string (PostgreSQL) or number. */

export function toBigint(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  throw new TypeError(`expected an integer from the database, got ${typeof v}`);
}

export function toOptionalBigint(v: unknown): bigint | null {
  return v === null || v === undefined ? null : toBigint(v);
}

export function toNumber(v: unknown): number {
  return Number(toBigint(v));
}

export function toOptionalNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : toNumber(v);
}

/** A JSON column: text on SQLite, already parsed jsonb on PostgreSQL (where a string is a JSON string). */
export function fromJson<T = unknown>(v: unknown, backend: Backend): T {
  return (backend === 'sqlite' ? JSON.parse(v as string) : v) as T;
}

/**
 * A value for a JSON column. NUL cannot be stored in PostgreSQL text or jsonb, so it is refused on
 * both backends alike, naming `what`.
 */
export function toJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new UserError(`${what} is not representable as JSON`);
  if (text.includes('\\u0000'))
    throw new UserError(`${what} contains a NUL character (\\u0000), which cannot be stored`);
  return text;
}
