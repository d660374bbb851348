/** JSON for API replies: int64 ns times (bigint) travel as decimal strings, exact in any client. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}
