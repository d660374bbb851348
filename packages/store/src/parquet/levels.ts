/**
 * Repetition and definition levels in Parquet's RLE/bit-packed hybrid encoding. DANCE's array
 * fields have a fixed length k and never nulls, so levels follow a fixed pattern: repetition
 * [0, 1, ..., 1] per row, definition constant. The writer emits that as RLE runs (a few bytes per
 * row); the reader checks runs against the pattern instead of expanding them value by value.
 */

/** Bits per level for levels up to `maxLevel`. */
export function levelBitWidth(maxLevel: number): number {
  return 32 - Math.clz32(maxLevel);
}

/** Appends an RLE run header + value (levels here are 0 or 1: bit width 1, one value byte). */
function pushRun(out: number[], count: number, value: number): void {
  let h = count * 2; // run header: count << 1, low bit 0 = RLE run
  while (h >= 0x80) {
    out.push((h % 0x80) | 0x80);
    h = Math.floor(h / 0x80);
  }
  out.push(h, value);
}

/** Repetition levels of `rows` rows of a k-element list (max level 1). */
export function encodeRepetition(rows: number, k: number): Uint8Array {
  if (k === 1) return runs([[rows, 0]]);
  const row = runs([
    [1, 0],
    [k - 1, 1],
  ]);
  const out = new Uint8Array(row.length * rows);
  for (let r = 0, at = 0; r < rows; r++, at += row.length) out.set(row, at);
  return out;
}

/** `count` definition levels all equal to 1. */
export function encodeDefinition(count: number): Uint8Array {
  return runs([[count, 1]]);
}

function runs(list: readonly (readonly [count: number, value: number])[]): Uint8Array {
  const out: number[] = [];
  for (const [count, value] of list) pushRun(out, count, value);
  return Uint8Array.from(out);
}

/** Accepts or rejects a run of `count` equal levels `value` starting at level index `start`. */
export type RunCheck = (start: number, count: number, value: number) => boolean;

/** The repetition pattern of fixed-size k-element lists: 0 at each row start, 1 elsewhere. */
export function fixedListRepetition(k: number): RunCheck {
  return (start, count, value) => {
    const col = start % k;
    if (value === 0) return col === 0 && (count === 1 || k === 1);
    return value === 1 && col !== 0 && col + count <= k;
  };
}

/** Every level equal to `max`: no nulls and no empty lists. */
export function allDefined(max: number): RunCheck {
  return (_start, _count, value) => value === max;
}

/**
 * Walks `count` levels encoded in `bytes` at `bitWidth` bits, starting at level index `first`.
 * Returns an error message, or undefined when every run passes `check`.
 */
export function checkLevels(
  bytes: Uint8Array,
  count: number,
  bitWidth: number,
  first: number,
  check: RunCheck,
): string | undefined {
  const valueBytes = (bitWidth + 7) >> 3;
  let pos = 0;
  let done = 0;
  while (done < count) {
    let header = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) return `levels end after ${done} of ${count}`;
      const b = bytes[pos++];
      header += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 35) return 'a level run header is out of range';
    }
    if (header % 2 === 0) {
      const n = Math.min(header / 2, count - done);
      if (n === 0 || pos + valueBytes > bytes.length) return 'a level run is malformed';
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[pos + i] * 2 ** (8 * i);
      pos += valueBytes;
      if (!check(first + done, n, value)) return `unexpected level ${value} at value ${first + done}`;
      done += n;
    } else {
      // Bit-packed: (header >> 1) groups of 8 values, bitWidth bits each, LSB first.
      const groups = (header - 1) / 2;
      if (groups === 0 || pos + groups * bitWidth > bytes.length) return 'a bit-packed level run is malformed';
      const n = Math.min(groups * 8, count - done);
      const base = pos * 8;
      for (let i = 0; i < n; i++) {
        let value = 0;
        for (let b = 0; b < bitWidth; b++) {
          const bit = base + i * bitWidth + b;
          value |= ((bytes[bit >> 3] >> (bit & 7)) & 1) << b;
        }
        if (!check(first + done + i, 1, value)) return `unexpected level ${value} at value ${first + done + i}`;
      }
      pos += groups * bitWidth;
      done += n;
    }
  }
  return undefined;
}
