import { type Table, tableFromIPC } from 'apache-arrow';

/** The server's JSON shapes (times are int64 ns as decimal strings). */
export interface Run {
  id: string;
  number: number;
  start: string;
  end: string | null;
  mode: string | null;
  source: string | null;
  detector: string | null;
  tags: string[];
  comments: string;
  metadata: Record<string, unknown>;
}

export interface ProductSummary {
  run: string;
  type: string;
  lineage: string;
  files: number;
  bytes: number;
  stored: boolean;
  /** false for products only the store holds (processing output not yet catalogued) */
  catalogued: boolean;
  rows: number | null;
  chunks: number | null;
  format: string | null;
  start: string | null;
  end: string | null;
}

export interface Replica {
  file: string;
  site: string;
  state: string;
  path: string | null;
}

export interface ProductDetail {
  entity: string;
  files: { scope: string; name: string; size: number; sha256: string; replicas: Replica[] }[];
  chunks: { index: number; file: string; start: string; end: string; rows: number; bytes: number }[];
  schema: { name: string; version: number; fields: { name: string; dtype: string; unit: string }[] } | null;
  activity: { name: string; version: string; start: string; user: string; host: string } | null;
}

export interface ProvNode {
  entity: string;
  checksum: string | null;
  activity: { name: string; version: string; kind: string } | null;
  inputs: ProvNode[];
  repeated?: boolean;
}

/** An API error, carrying the server's one-line message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string): Promise<Response> {
  const res = await fetch(path);
  if (!res.ok) {
    const body = await res.json().catch(() => ({ error: res.statusText }));
    throw new ApiError(res.status, body.error ?? res.statusText);
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json() as Promise<T>;
}

/** Rows of a product in [start, end) as an Arrow table (the server sends an Arrow IPC stream). */
export async function getWindow(
  product: { run: string; type: string; lineage: string },
  start: bigint,
  end: bigint,
  columns?: string[],
): Promise<Table> {
  const query = new URLSearchParams({ start: String(start), end: String(end) });
  if (columns) query.set('columns', columns.join(','));
  const res = await request(`${productPath(product)}/data?${query}`);
  return tableFromIPC(new Uint8Array(await res.arrayBuffer()));
}

export function productPath(p: { run: string; type: string; lineage: string }): string {
  return `/api/runs/${encodeURIComponent(p.run)}/products/${encodeURIComponent(p.type)}/${encodeURIComponent(p.lineage)}`;
}
