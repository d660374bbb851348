import type { GlobalOptions } from './context.js';

/** Prints a result: `json` as one JSON document with --json, otherwise the human-readable text. */
export function emit(opts: GlobalOptions, human: string | (() => string), json: unknown): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(json, jsonReplacer, 2)}\n`);
  else process.stdout.write(`${typeof human === 'function' ? human() : human}\n`);
}

/** JSON has no int64: bigints (times in ns) are written as decimal strings, never rounded. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Whether colour may be used: a terminal and no NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}
