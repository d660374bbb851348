/** ISO 8601 UTC of int64 ns, keeping the sub-millisecond digits when there are any. */
export function nsToIso(ns: string | bigint): string {
  const t = BigInt(ns);
  const ms = t / 1_000_000n;
  const rest = t % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return rest === 0n ? iso : iso.replace('Z', `${rest.toString().padStart(6, '0')}Z`);
}

/** Seconds between two ns times, for durations. */
export function seconds(start: string, end: string | null): string {
  return end === null ? '' : (Number(BigInt(end) - BigInt(start)) / 1e9).toString();
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** An element with attributes and children: the whole DOM toolkit the app needs. */
export function h(
  tag: string,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (Node | string | number | null | undefined)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}
