import type { Store } from '@dance/store';

/** What `dance ls` shows about a product, from its manifest. */
export interface ProductSummary {
  run: string;
  type: string;
  lineage: string;
  rows: number;
  bytes: number;
  chunks: number;
  format: string;
  created: string;
}

export function listProducts(store: Store, filter: { run?: string; type?: string } = {}): ProductSummary[] {
  return store.list(filter).map((key) => {
    const m = store.manifest(key);
    return { ...key, rows: m.rows, bytes: m.bytes, chunks: m.chunks.length, format: m.format, created: m.created };
  });
}

/** Products as an aligned text table. */
export function productTable(products: readonly ProductSummary[]): string {
  const header = ['RUN', 'TYPE', 'LINEAGE', 'ROWS', 'BYTES', 'CHUNKS', 'CREATED'];
  const rows = products.map((p) => [
    p.run,
    p.type,
    p.lineage,
    String(p.rows),
    String(p.bytes),
    String(p.chunks),
    p.created,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = new Set([3, 4, 5]);
  return [header, ...rows]
    .map((r) =>
      r
        .map((x, c) => (numeric.has(c) ? x.padStart(widths[c]) : x.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
