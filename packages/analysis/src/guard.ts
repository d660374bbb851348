import { UserError } from '@dance/schema';

/**
 * Checks a parsed SELECT (DuckDB's json_serialize_sql) before it runs: it may read only the
 * session's blinded views and its own CTEs. Table functions (read_parquet, glob, ...) and
 * replacement scans ('file.parquet') would read stored data around the blinding, so they are refused.
 */
export function checkParsed(parsed: string, sql: string, views: ReadonlySet<string>): void {
  const tree = JSON.parse(parsed) as { error: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    const message = tree.error_message ?? 'not a valid query';
    throw new UserError(`query: ${/Only SELECT/.test(message) ? 'only SELECT queries are allowed' : message}`);
  }
  if (tree.statements?.length !== 1)
    throw new UserError(`query: expected exactly one SELECT statement, got ${tree.statements?.length ?? 0}`);
  const ctes = new Set<string>();
  collectCtes(tree.statements[0], ctes);
  visit(tree.statements[0], (node) => {
    if (node.type === 'TABLE_FUNCTION') {
      const name = ((node.function as Record<string, unknown>)?.function_name as string) ?? 'a table function';
      throw new UserError(
        `query would unblind: it calls ${name}() to read data directly; query the views ${list(views)} instead`,
      );
    }
    if (node.type === 'BASE_TABLE') {
      const table = String(node.table_name);
      const schema = String(node.schema_name ?? '');
      const known = (schema === '' || schema === 'main') && (views.has(table) || (schema === '' && ctes.has(table)));
      if (!known) {
        const where = snippet(sql, node.query_location);
        throw new UserError(
          `query reads '${schema ? `${schema}.` : ''}${table}'${where}, which is not one of the views ${list(views)} (reading other tables or files would bypass blinding)`,
        );
      }
    }
  });
}

type Node = Record<string, unknown>;

function visit(value: unknown, f: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) visit(v, f);
  } else if (value !== null && typeof value === 'object') {
    f(value as Node);
    for (const v of Object.values(value)) visit(v, f);
  }
}

function collectCtes(root: unknown, out: Set<string>): void {
  visit(root, (node) => {
    const map = (node.cte_map as { map?: { key: string }[] } | undefined)?.map;
    for (const entry of map ?? []) out.add(entry.key);
  });
}

function list(views: ReadonlySet<string>): string {
  return views.size ? [...views].map((v) => `'${v}'`).join(', ') : '(none)';
}

function snippet(sql: string, location: unknown): string {
  return typeof location === 'number' && location < sql.length ? ` at offset ${location}` : '';
}
