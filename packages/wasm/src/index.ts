export { i16x8, op } from './instructions.js';
export { sleb128, uleb128 } from './leb128.js';
export { assemble, type ExportedMemory, type WasmFunction } from './module.js';
export { F32, F64, I32, I64, V128, type ValueType } from './value-types.js';
