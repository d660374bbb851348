/**
 * A whole module from its functions: each exported under its name, next to one exported linear
 * memory that JS fills and reads (what every DANCE kernel needs: no imports, tables or globals).
 */
import { op } from './instructions.js';
import { uleb128 } from './leb128.js';
import type { ValueType } from './value-types.js';

export interface WasmFunction {
  name: string;
  params: readonly ValueType[];
  results?: readonly ValueType[];
  /** locals past the params, as [count, type] groups, numbered in that order after the params */
  locals?: readonly (readonly [count: number, type: ValueType])[];
  /** the instructions, without the function's closing `end` */
  body: readonly number[];
}

export interface ExportedMemory {
  /** export name */
  name: string;
  /** initial size in 64 KiB pages; JS may grow it */
  pages: number;
}

const vector = (items: readonly (readonly number[])[]) => [...uleb128(items.length), ...items.flat()];
const utf8 = (s: string) => vector([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, body: readonly number[]) => [id, ...uleb128(body.length), ...body];

const FUNC_TYPE = 0x60;
const EXPORT_FUNC = 0x00;
const EXPORT_MEMORY = 0x02;
const LIMITS_NO_MAX = 0x00;

/** The binary module: the memory exported first, then the functions in order. */
export function assemble(
  functions: readonly WasmFunction[],
  memory: ExportedMemory = { name: 'memory', pages: 1 },
): Uint8Array {
  const types = functions.map((f) => [
    FUNC_TYPE,
    ...vector(f.params.map((t) => [t])),
    ...vector((f.results ?? []).map((t) => [t])),
  ]);
  const exports = [
    [...utf8(memory.name), EXPORT_MEMORY, 0],
    ...functions.map((f, i) => [...utf8(f.name), EXPORT_FUNC, ...uleb128(i)]),
  ];
  const bodies = functions.map((f) => {
    const code = [...vector((f.locals ?? []).map(([n, t]) => [...uleb128(n), t])), ...f.body, ...op.end];
    return [...uleb128(code.length), ...code];
  });
  // biome-ignore format: one line per module section
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb128(i)))),
    ...section(5, vector([[LIMITS_NO_MAX, ...uleb128(memory.pages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
