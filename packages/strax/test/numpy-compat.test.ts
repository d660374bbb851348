import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRecord, RecordBatch } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { descrRepr, formatNpyHeader, openNpy, writeNpy } from '../src/index.js';
import { has, tempDir } from './helpers.js';

// Checks our .npy writer against numpy itself, for dtypes and titles the committed fixtures lack.
const PY = '/usr/bin/python3';

const everyDtype = defineRecord({
  name: 'every_dtype',
  version: 1,
  storage: 'table',
  description: 'one field of each element type',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 't' },
    ...(['i8', 'u8', 'bool', 'i16', 'u16', 'i32', 'u32', 'u64', 'f32', 'f64'] as const).map((dtype) => ({
      name: `a_${dtype}`,
      dtype,
      unit: '',
      description: dtype,
    })),
    { name: 'wave', dtype: 'f32', shape: 3, unit: '', description: 'array' },
  ],
});

describe.skipIf(!has(PY, ['-c', 'import numpy']))('numpy compatibility', () => {
  it('numpy loads and re-saves our file to the same bytes, for every element type', async () => {
    const dir = tempDir();
    const out = join(dir, 'every.npy');
    const batch = RecordBatch.allocate(everyDtype, 4);
    batch.time.set([-(2n ** 63n), 0n, 2n ** 53n + 1n, 2n ** 63n - 1n]);
    (batch.column('a_bool') as Uint8Array).set([0, 1, 1, 0]);
    (batch.column('a_f64') as Float64Array).set([Math.PI, -0, Number.NaN, 1e300]);
    (batch.column('wave') as Float32Array).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await writeNpy(out, everyDtype, [batch.slice(0, 1), batch.slice(1)], { titles: 'none' });
    const again = join(dir, 'again.npy');
    const script = `
import numpy as np, sys
a = np.load(sys.argv[1])
assert a['time'][3] == 2**63 - 1 and a['time'][2] == 2**53 + 1, a['time']
assert a['a_bool'].tolist() == [False, True, True, False]
assert a['wave'][3].tolist() == [10, 11, 12]
np.save(sys.argv[2], a)
`;
    execFileSync(PY, ['-c', script, out, again]);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  it('formats titles with quotes, backslashes and non-latin-1 text as numpy does (format 3.0)', () => {
    const dir = tempDir();
    const titles = { time: "it's \\ fine", data: 'Énergie ☢ "x"' };
    const schema = defineRecord({
      name: 'titled',
      version: 1,
      storage: 'table',
      description: 'titles',
      fields: [
        { name: 'time', dtype: 'i64', unit: 'ns', description: 't' },
        { name: 'data', dtype: 'i16', shape: 2, unit: '', description: 'd' },
      ],
    });
    const file = join(dir, 'titled.npy');
    const script = `
import numpy as np, sys, json, warnings
warnings.simplefilter('ignore')
t = json.loads(sys.argv[2])
dt = np.dtype([((t['time'], 'time'), '<i8'), ((t['data'], 'data'), '<i2', (2,))])
np.save(sys.argv[1], np.zeros(12345, dt))
`;
    execFileSync(PY, ['-c', script, file, JSON.stringify(titles)]);
    const npy = openNpy(file);
    expect(npy.version).toEqual([3, 0]);
    expect(npy.header.descr).toEqual([
      { name: 'time', title: titles.time, type: '<i8' },
      { name: 'data', title: titles.data, type: '<i2', shape: [2] },
    ]);
    const header = formatNpyHeader(descrRepr(schema, titles), 12345);
    expect(Buffer.from(header).equals(readFileSync(file).subarray(0, npy.dataOffset))).toBe(true);
  });
});
