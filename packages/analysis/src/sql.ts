/** SQL identifier in double quotes (names come from manifests and users). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A number as an SQL literal that DuckDB reads back exactly. */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return `${x}::DOUBLE`;
}
