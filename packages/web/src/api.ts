import { type Table, tableFromIPC } from 'apache-arrow';

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
