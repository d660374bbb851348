/** The parsed form of a run-selection expression; to-sql.ts turns it into bound SQL. */
export type Literal = string | number | boolean;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Run columns that expressions may name directly; any other name is a metadata key. */
export const RUN_FIELDS = ['id', 'number', 'start', 'end', 'mode', 'source', 'detector', 'comments'] as const;
export type RunField = (typeof RUN_FIELDS)[number];

export type Field = { kind: 'run'; name: RunField } | { kind: 'metadata'; path: string[] };

export type Condition =
  | { type: 'and' | 'or'; left: Condition; right: Condition }
  | { type: 'not'; operand: Condition }
  | { type: 'compare'; field: Field; operator: ComparisonOperator; value: Literal; column: number }
  | { type: 'in'; field: Field; values: Literal[]; column: number }
  | { type: 'like'; field: Field; pattern: string }
  | { type: 'has-tag'; tag: string };
