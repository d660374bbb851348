import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatch, rawRecords } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { readNpyRecords, writeHdf5 } from '../src/index.js';
import { collect, fixture, has, tempDir } from './helpers.js';

const RAW = fixture('raw_records.npy');
const h5dump = (...args: string[]) => execFileSync('h5dump', args, { encoding: 'utf8' });

describe.skipIf(!has('h5dump', ['-V']))('HDF5 export', () => {
  it('writes a compound table and a waveform array that h5dump reads back exactly', async () => {
    const out = join(tempDir(), 'raw_records.h5');
    const records = await collect(rawRecords, readNpyRecords(RAW, rawRecords));
    await writeHdf5(out, rawRecords, readNpyRecords(RAW, rawRecords, { batchRows: 100 }), {
      run: '012345',
      lineage: 'abc123',
    });
    const head = h5dump('-d', '/raw_records', '-s', '0', '-c', '2', out);
    expect(head).toContain('DATATYPE  H5T_COMPOUND');
    expect(head).toContain('H5T_STD_I64LE "time"');
    expect(head).toContain('H5T_STD_I16LE "channel"');
    expect(head).toContain('DATASPACE  SIMPLE { ( 270 ) / ( H5S_UNLIMITED ) }');
    const flat = head.replace(/\s+/g, ' ');
    for (const i of [0, 1]) {
      const values = ['time', 'length', 'dt', 'channel', 'pulse_length', 'record_i', 'baseline'].map((f) =>
        String(records.column(f)[i]),
      );
      expect(flat).toContain(`(${i}): { ${values.join(', ')} }`);
    }

    const props = h5dump('-p', '-H', out);
    expect(props).toContain('DEFLATE { LEVEL 4 }');
    expect(props).toContain('CHUNKED');
    expect(props).toContain('DATASPACE  SIMPLE { ( 270, 110 ) / ( H5S_UNLIMITED, 110 ) }');

    const wave = h5dump('-d', '/raw_records_data', '-s', '269,0', '-c', '1,110', '-y', '-w', '0', out);
    const samples = Array.from(records.columns.data.subarray(269 * 110, 270 * 110));
    expect(wave.replace(/\s+/g, ' ')).toContain(` DATA { ${samples.join(', ')} } `);

    const attr = h5dump('-a', '/raw_records/run', out);
    expect(attr).toContain('"012345"');
    const schemaAttr = h5dump('-a', '/raw_records/dance_schema', '-w', '0', out);
    expect(schemaAttr).toContain('"name":"raw_records"');
    expect(readdirSync(join(out, '..'))).toEqual(['raw_records.h5']);
  });

  it.skipIf(!has('/usr/bin/python3', ['-c', 'import h5py']))('opens in h5py with the numpy field names', async () => {
    const out = join(tempDir(), 'rr.h5');
    await writeHdf5(out, rawRecords, readNpyRecords(RAW, rawRecords, { batchRows: 64 }));
    const script = `
import h5py, numpy as np, sys
f = h5py.File(sys.argv[1], 'r')
t = f['raw_records']; w = f['raw_records_data']
ref = np.load(sys.argv[2])
assert t.dtype.names == ('time', 'length', 'dt', 'channel', 'pulse_length', 'record_i', 'baseline'), t.dtype
for name in t.dtype.names:
    assert (t[name] == ref[name]).all(), name
assert (w[:] == ref['data']).all()
assert t.attrs['field_data'] == '/raw_records_data'
print('ok', len(t))
`;
    expect(execFileSync('/usr/bin/python3', ['-c', script, out, RAW], { encoding: 'utf8' }).trim()).toBe('ok 270');
  });

  it('writes an empty product and leaves an existing file untouched on failure', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.h5');
    await writeHdf5(empty, rawRecords, []);
    expect(h5dump('-H', empty)).toContain('DATASPACE  SIMPLE { ( 0 ) / ( H5S_UNLIMITED ) }');
    const out = join(dir, 'keep.h5');
    writeFileSync(out, 'previous');
    async function* failing() {
      yield RecordBatch.allocate(rawRecords, 2);
      throw new Error('disk gone');
    }
    await expect(writeHdf5(out, rawRecords, failing())).rejects.toThrow('disk gone');
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(dir).sort()).toEqual(['empty.h5', 'keep.h5']);
  });
});
