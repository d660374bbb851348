import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoToNs, rawRecords } from '@dance/schema';
import { openNpy, writeNpy } from '@dance/strax';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dance, tempDir } from './cli.js';
import { demoRawRecords } from './raw-records.js';

const FIXTURES = new URL('../../strax/test/fixtures/', import.meta.url).pathname;
/** Written by numpy.save from strax's raw_records dtype (packages/strax/test/fixtures/make_fixtures.py). */
const NUMPY_FILE = join(FIXTURES, 'raw_records.npy');
/** A data directory written by strax itself (zstd chunks, one of them empty). */
const STRAX_DIR = join(FIXTURES, 'strax-real-zstd', '012345-raw_records-qlcwod25sz');

let tmp: { dir: string; remove: () => void };
let ws: string;
let input: string;
let inputRows: number;
let inputBatch: ReturnType<typeof demoRawRecords>;
const run = (args: string[], env?: Record<string, string>) =>
  dance(['--workspace', ws, ...args], { cwd: tmp.dir, env });
const json = async (args: string[]) => {
  const r = await run(['--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  tmp = tempDir();
  ws = join(tmp.dir, 'ws');
  expect((await dance(['init', ws], { cwd: tmp.dir })).code).toBe(0);
  input = join(tmp.dir, 'rr.npy');
  const batch = demoRawRecords({ seed: 3, pulses: 600, start: isoToNs('2026-01-01T00:00:00Z'), durationNs: 2e8 });
  await writeNpy(input, rawRecords, [batch], batch.length);
  inputRows = batch.length;
  inputBatch = batch;
});
afterAll(() => tmp.remove());

describe('import and export', () => {
  it('imports a .npy in time-ordered chunks with lineage and provenance', async () => {
    const r = await json(['import', input, '--run', 'r1', '--chunk-rows', '400']);
    expect(r).toMatchObject({ run: 'r1', type: 'raw_records', format: 'npy' });
    expect(r.lineage).toMatch(/^[0-9a-f]{12}$/);
    expect(r.rows).toBe(inputRows);
    expect(r.source).toMatchObject({ path: input, sha256: sha256(input) });

    const [manifestDir] = readdirSync(join(ws, 'data', 'r1'));
    const manifest = JSON.parse(readFileSync(join(ws, 'data', 'r1', manifestDir, 'manifest.json'), 'utf8'));
    expect(manifest.provenance).toMatchObject({
      command: `dance --workspace ${ws} --json import ${input} --run r1 --chunk-rows 400`,
      dance_version: '0.1.0',
      workspace: 'ws',
      source: { path: input, bytes: readFileSync(input).length, sha256: sha256(input), format: 'npy' },
    });
    expect(Date.parse(manifest.provenance.ended)).toBeGreaterThanOrEqual(Date.parse(manifest.provenance.started));
    // chunks of at least --chunk-rows (but the last) that tile time: each starts where the previous ended
    const chunks: { rows: number; start: string; end: string }[] = manifest.chunks;
    expect(chunks.length).toBe(r.chunks);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(inputRows);
    for (const c of chunks.slice(0, -1)) expect(c.rows).toBeGreaterThanOrEqual(400);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBe(chunks[i - 1].end);
  });

  it('lists products with rows, bytes, chunks and lineage', async () => {
    const [p] = await json(['ls', 'r1']);
    expect(p).toMatchObject({ run: 'r1', type: 'raw_records', format: 'arrow-ipc-zstd' });
    expect(p.rows).toBeGreaterThan(1000);
    expect(p.bytes).toBeGreaterThan(0);
    const text = await run(['ls']);
    expect(text.stdout.split('\n')[0]).toMatch(/^RUN\s+TYPE\s+LINEAGE\s+ROWS\s+BYTES\s+CHUNKS\s+CREATED$/);
    expect(text.stdout).toContain(p.lineage);
  });

  it('exports npy byte-identical to the imported file, and HDF5', async () => {
    const out = join(tmp.dir, 'back.npy');
    const r = await json(['export', 'r1', 'raw_records', '--format', 'npy', '--out', out]);
    expect(r).toMatchObject({ run: 'r1', type: 'raw_records', format: 'npy', path: out });
    expect(readFileSync(out).equals(readFileSync(input))).toBe(true);
    const h5 = join(tmp.dir, 'back.h5');
    expect((await run(['export', 'r1', 'raw_records', '--format', 'hdf5', '--out', h5])).code).toBe(0);
    expect(readFileSync(h5).subarray(0, 8).toString('latin1')).toBe('\x89HDF\r\n\x1a\n');
  });

  it('exports Parquet that an independent reader reads back exactly', async () => {
    const out = join(tmp.dir, 'back.parquet');
    const r = await json(['export', 'r1', 'raw_records', '--format', 'parquet', '--out', out]);
    expect(r).toMatchObject({ format: 'parquet', path: out, rows: inputRows });
    const file = await asyncBufferFromFile(out);
    const meta = await parquetMetadataAsync(file);
    expect(meta.num_rows).toBe(BigInt(inputRows));
    expect(meta.key_value_metadata?.find((kv) => kv.key === 'dance.lineage')?.value).toBe(r.lineage);
    const rows = await parquetReadObjects({ file, compressors });
    const c = inputBatch.columns;
    rows.forEach((row, i) => {
      expect(row.time).toBe(c.time[i]);
      expect(row.channel).toBe(c.channel[i]);
      expect(row.length).toBe(c.length[i]);
      expect(Array.from(row.data as number[])).toEqual(Array.from(c.data.subarray(i * 110, (i + 1) * 110)));
    });
  });

  it('round-trips a file numpy wrote, byte for byte', async () => {
    expect((await run(['import', NUMPY_FILE, '--run', 'from_numpy'])).code).toBe(0);
    const out = join(tmp.dir, 'numpy-back.npy');
    expect((await run(['export', 'from_numpy', 'raw_records', '--format', 'npy', '--out', out])).code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(NUMPY_FILE))).toBe(true);
  });

  it('imports a strax data directory, as another lineage', async () => {
    const r = await json(['import', STRAX_DIR, '--run', 'r1']);
    expect(r).toMatchObject({ format: 'strax', rows: 270, chunks: 1 });
    const products = await json(['ls', 'r1']);
    expect(products.map((p: { lineage: string }) => p.lineage)).toHaveLength(2);
    // two lineages of r1/raw_records: export must be told which
    const ambiguous = await run(['export', 'r1', 'raw_records', '--format', 'npy', '--out', join(tmp.dir, 'x.npy')]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(
      /^dance: r1\/raw_records has 2 lineages \([0-9a-f]{12}, [0-9a-f]{12}\): choose one with --lineage\n$/,
    );
    const out = join(tmp.dir, 'strax.npy');
    expect(
      (await run(['export', 'r1', 'raw_records', '--lineage', r.lineage, '--format', 'npy', '--out', out])).code,
    ).toBe(0);
    expect(openNpy(out).rows).toBe(270);
  });
});

describe('bad input leaves the store as it was', () => {
  const snapshot = async () => JSON.stringify(await json(['ls']));

  it('refuses to replace a product without --overwrite', async () => {
    const before = await snapshot();
    const r = await run(['import', input, '--run', 'r1', '--chunk-rows', '400']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dance: product r1\/raw_records \(lineage [0-9a-f]{12}\) already exists in .*: pass --overwrite to replace it\n$/,
    );
    expect(await snapshot()).toBe(before);
  });

  it('rejects a truncated .npy naming the file, even with --overwrite', async () => {
    const before = await snapshot();
    const cut = join(tmp.dir, 'cut.npy');
    copyFileSync(input, cut);
    truncateSync(cut, readFileSync(input).length - 100);
    const r = await run(['import', cut, '--run', 'r1', '--overwrite']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^dance: ${cut} is truncated: header promises \\d+ rows`));
    expect(await snapshot()).toBe(before);
    const out = join(tmp.dir, 'still.npy');
    const [first] = (await json(['ls', 'r1'])).filter((p: { chunks: number }) => p.chunks > 1);
    await run(['export', 'r1', 'raw_records', '--lineage', first.lineage, '--format', 'npy', '--out', out]);
    expect(readFileSync(out).equals(readFileSync(input))).toBe(true);
  });

  it('rejects records out of time order, naming the file and row', async () => {
    const batch = demoRawRecords({ seed: 4, pulses: 20, start: 1_000_000_000n, durationNs: 1e6 });
    const reversed = batch.take(Array.from({ length: batch.length }, (_, i) => batch.length - 1 - i));
    const path = join(tmp.dir, 'reversed.npy');
    await writeNpy(path, rawRecords, [reversed], reversed.length);
    const r = await run(['import', path, '--run', 'r9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^dance: ${path}: records are not in time order at row 1 `));
    expect((await json(['ls', 'r9'])).length).toBe(0);
  });

  it('says what it expected for a file that is neither .npy nor a strax directory', async () => {
    const path = join(tmp.dir, 'notes.txt');
    writeFileSync(path, 'hello');
    const r = await run(['import', path, '--run', 'r2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `dance: ${path}: not a .npy file or a strax data directory; expected a .npy file of strax's raw_records dtype or a directory <run>-raw_records-<hash>/ with its metadata.json\n`,
    );
  });

  it('rejects an unknown type, a bad run name, a missing product and an unwritable output', async () => {
    const type = await run(['import', input, '--run', 'r2', '--type', 'rawrecords']);
    expect(type.code).toBe(1);
    expect(type.stderr).toMatch(/^dance: unknown data type 'rawrecords'; known: raw_records/);
    const name = await run(['import', input, '--run', '../etc']);
    expect(name.code).toBe(1);
    expect(name.stderr).toMatch(/^dance: invalid product run "\.\.\/etc"/);
    const missing = await run(['export', 'nope', 'raw_records', '--format', 'npy', '--out', join(tmp.dir, 'n.npy')]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'dance: no product nope/raw_records is stored; `dance ls nope` lists what is\n',
    });
    for (const format of ['npy', 'hdf5', 'parquet']) {
      const nowhere = await run(['export', 'from_numpy', 'raw_records', '--format', format, '--out', '/nonexistent/x']);
      expect(nowhere).toMatchObject({
        code: 1,
        stderr: 'dance: cannot write /nonexistent/x: its directory does not exist\n',
      });
    }
    const dir = await run(['export', 'from_numpy', 'raw_records', '--format', 'npy', '--out', tmp.dir]);
    expect(dir).toMatchObject({ code: 1, stderr: `dance: cannot write ${tmp.dir}: it is a directory\n` });
    const format = await run(['export', 'r1', 'raw_records', '--format', 'csv', '--out', 'x']);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(
      /option '--format <format>' argument 'csv' is invalid. Allowed choices are npy, parquet, hdf5/,
    );
  });
});
