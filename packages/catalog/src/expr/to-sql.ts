import { isoToNs } from '@dance/schema';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Backend, jsonAt, jsonTextAt, jsonValue, likeOperator } from '../dialect.js';
import type { Condition, Field, Literal, RunField } from './ast.js';
import { expressionError } from './lexer.js';

const RUN_COLUMNS: Record<RunField, string> = {
  id: 'runs.id',
  number: 'runs.number',
  start: 'runs.start_ns',
  end: 'runs.end_ns',
  mode: 'runs.mode',
  source: 'runs.source',
  detector: 'runs.detector',
  comments: 'runs.comments',
};

/**
 * A WHERE condition on `runs` with every user value bound as a parameter; user text never becomes
 * SQL text (field names are checked identifiers mapped to fixed columns or bound JSON paths).
 */
export function conditionToSql(condition: Condition, backend: Backend, label = '--where'): Expression<SqlBool> {
  const walk = (c: Condition): RawBuilder<SqlBool> => {
    switch (c.type) {
      case 'and':
        return sql<SqlBool>`(${walk(c.left)} and ${walk(c.right)})`;
      case 'or':
        return sql<SqlBool>`(${walk(c.left)} or ${walk(c.right)})`;
      case 'not':
        return sql<SqlBool>`(not ${walk(c.operand)})`;
      case 'has-tag':
        return sql<SqlBool>`exists (select 1 from run_tags where run_tags.run_id = runs.id and run_tags.tag = ${c.tag})`;
      case 'like':
        return sql<SqlBool>`(${textOf(c.field)} ${likeOperator(backend)} ${c.pattern})`;
      case 'compare':
        // The operator is one of six fixed tokens (the lexer's OPERATOR pattern), never user text.
        return sql<SqlBool>`(${operand(c.field)} ${sql.raw(c.operator)} ${bind(c.field, c.value, c.column)})`;
      case 'in':
        return sql<SqlBool>`(${operand(c.field)} in (${sql.join(c.values.map((v) => bind(c.field, v, c.column)))}))`;
    }
  };

  const operand = (field: Field) =>
    field.kind === 'run' ? sql.ref(RUN_COLUMNS[field.name]) : jsonAt(backend, sql.ref('runs.metadata'), field.path);
  const textOf = (field: Field) =>
    field.kind === 'run' ? sql.ref(RUN_COLUMNS[field.name]) : jsonTextAt(backend, sql.ref('runs.metadata'), field.path);

  const bind = (field: Field, value: Literal, column: number): RawBuilder<unknown> => {
    if (field.kind === 'metadata') return jsonValue(backend, value);
    const fail = (expected: string) =>
      expressionError(label, `${field.name} must be compared with ${expected} (value at column ${column})`);
    switch (field.name) {
      case 'number':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail('an integer');
        return sql`${value}`;
      case 'start':
      case 'end':
        return sql`${timeValue(value, () => fail("an ISO time such as '2026-01-02T03:04:05Z' or integer ns"))}`;
      default:
        if (typeof value !== 'string') throw fail('a quoted string');
        return sql`${value}`;
    }
  };

  return walk(condition);
}

function timeValue(value: Literal, fail: () => Error): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string') {
    try {
      return isoToNs(value);
    } catch {
      throw fail();
    }
  }
  throw fail();
}
