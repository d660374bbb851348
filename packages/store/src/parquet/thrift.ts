/**
 * The Thrift compact protocol, as far as Parquet's footer and page headers use it. Values are
 * built and read as generic trees (struct = field id → value); `format.ts` gives them meaning.
 * The reader checks every length against the bytes it has, so garbage input ends in a
 * `ThriftError` with the offset, never in a RangeError or a huge allocation.
 */

/** Wire types of the compact protocol. */
export const Wire = {
  Stop: 0,
  True: 1,
  False: 2,
  Byte: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  Double: 7,
  Binary: 8,
  List: 9,
  Set: 10,
  Map: 11,
  Struct: 12,
} as const;

/** A value to write. i64 values are numbers: every i64 Parquet metadata holds here is below 2^53. */
export type ThriftOut =
  | { readonly wire: typeof Wire.Byte | typeof Wire.I32 | typeof Wire.I64; readonly value: number }
  | { readonly wire: typeof Wire.True; readonly value: boolean }
  | { readonly wire: typeof Wire.Binary; readonly value: Uint8Array }
  | { readonly wire: typeof Wire.Struct; readonly value: StructOut }
  | { readonly wire: typeof Wire.List; readonly elem: number; readonly value: readonly ThriftOut[] };

/** Fields of a struct to write; undefined values (absent optional fields) are skipped. */
export type StructOut = readonly (readonly [id: number, value: ThriftOut | undefined])[];

const utf8 = new TextEncoder();

export const i8 = (value: number): ThriftOut => ({ wire: Wire.Byte, value });
export const i32 = (value: number): ThriftOut => ({ wire: Wire.I32, value });
export const i64 = (value: number): ThriftOut => ({ wire: Wire.I64, value });
export const bool = (value: boolean): ThriftOut => ({ wire: Wire.True, value });
export const binary = (value: Uint8Array): ThriftOut => ({ wire: Wire.Binary, value });
export const string = (value: string): ThriftOut => ({ wire: Wire.Binary, value: utf8.encode(value) });
export const struct = (...value: StructOut): ThriftOut => ({ wire: Wire.Struct, value });
export const list = (elem: number, value: readonly ThriftOut[]): ThriftOut => ({ wire: Wire.List, elem, value });

/** Serializes a struct (without any outer framing), as Parquet stores FileMetaData and PageHeader. */
export function encodeStruct(fields: StructOut): Uint8Array {
  const out: number[] = [];
  writeStruct(out, fields);
  return Uint8Array.from(out);
}

function writeStruct(out: number[], fields: StructOut): void {
  let last = 0;
  for (const [id, v] of fields) {
    if (v === undefined) continue;
    const wire = v.wire === Wire.True && !v.value ? Wire.False : v.wire;
    const delta = id - last;
    if (delta > 0 && delta <= 15) out.push((delta << 4) | wire);
    else {
      out.push(wire);
      writeVarint(out, zigzag(id));
    }
    last = id;
    if (v.wire !== Wire.True) writeValue(out, v);
  }
  out.push(Wire.Stop);
}

function writeValue(out: number[], v: ThriftOut): void {
  switch (v.wire) {
    case Wire.True:
      out.push(v.value ? Wire.True : Wire.False);
      return;
    case Wire.Byte:
      out.push(v.value & 0xff);
      return;
    case Wire.I32:
    case Wire.I64:
      writeVarint(out, zigzag(v.value));
      return;
    case Wire.Binary:
      writeVarint(out, v.value.length);
      for (const b of v.value) out.push(b);
      return;
    case Wire.Struct:
      writeStruct(out, v.value);
      return;
    case Wire.List:
      if (v.value.length < 15) out.push((v.value.length << 4) | v.elem);
      else {
        out.push(0xf0 | v.elem);
        writeVarint(out, v.value.length);
      }
      for (const item of v.value) writeValue(out, item);
  }
}

/** Zigzag over numbers up to 2^53 (bit operators would cut them to 32 bits). */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function writeVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** A value as read: i8/i16/i32/i64 → number, binary → Uint8Array (a view), struct → Map by field id. */
export type ThriftIn = number | boolean | Uint8Array | StructIn | ThriftIn[];
export type StructIn = Map<number, ThriftIn>;

/** Malformed Thrift at byte `offset` of the buffer being read. */
export class ThriftError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Deep enough for Parquet's metadata (FileMetaData → RowGroup → ColumnChunk → ... is 6 levels). */
const MAX_DEPTH = 32;

/** Reads one struct starting at `offset`; returns it and the offset just past it. */
export function decodeStruct(bytes: Uint8Array, offset: number): { value: StructIn; end: number } {
  const r = new Reader(bytes, offset);
  const value = r.struct(0);
  return { value, end: r.pos };
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  fail(message: string): never {
    throw new ThriftError(message, this.pos);
  }

  byte(): number {
    if (this.pos >= this.bytes.length) this.fail('metadata ends early');
    return this.bytes[this.pos++];
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (n > Number.MAX_SAFE_INTEGER) break;
        return n;
      }
      scale *= 0x80;
    }
    this.fail('integer in metadata is out of range');
  }

  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  struct(depth: number): StructIn {
    if (depth > MAX_DEPTH) this.fail('metadata is nested too deeply');
    const out: StructIn = new Map();
    let id = 0;
    for (;;) {
      const head = this.byte();
      const wire = head & 0x0f;
      if (wire === Wire.Stop) return out;
      const delta = head >> 4;
      id = delta ? id + delta : this.zigzag();
      out.set(id, wire === Wire.True || wire === Wire.False ? wire === Wire.True : this.value(wire, depth));
    }
  }

  value(wire: number, depth: number): ThriftIn {
    switch (wire) {
      case Wire.True:
      case Wire.False:
        // Inside lists a bool takes one byte of its own.
        return this.byte() === Wire.True;
      case Wire.Byte:
        return (this.byte() << 24) >> 24;
      case Wire.I16:
      case Wire.I32:
      case Wire.I64:
        return this.zigzag();
      case Wire.Double: {
        if (this.pos + 8 > this.bytes.length) this.fail('metadata ends early');
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case Wire.Binary: {
        const n = this.varint();
        if (n > this.bytes.length - this.pos) this.fail(`a ${n}-byte string runs past the end of the metadata`);
        const v = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return v;
      }
      case Wire.List:
      case Wire.Set: {
        const head = this.byte();
        const n = head >> 4 === 15 ? this.varint() : head >> 4;
        // Every element takes at least one byte: a longer list cannot fit in what is left.
        if (n > this.bytes.length - this.pos) this.fail(`a list of ${n} items runs past the end of the metadata`);
        const items: ThriftIn[] = [];
        for (let i = 0; i < n; i++) items.push(this.value(head & 0x0f, depth + 1));
        return items;
      }
      case Wire.Map: {
        const n = this.varint();
        if (n === 0) return [];
        const kinds = this.byte();
        if (n > this.bytes.length - this.pos) this.fail(`a map of ${n} entries runs past the end of the metadata`);
        const items: ThriftIn[] = [];
        for (let i = 0; i < n; i++)
          items.push([this.value(kinds >> 4, depth + 1), this.value(kinds & 0x0f, depth + 1)]);
        return items;
      }
      case Wire.Struct:
        return this.struct(depth + 1);
      default:
        this.fail(`unknown Thrift type ${wire}`);
    }
  }
}
