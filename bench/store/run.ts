/**
 * Store benchmark: writes and reads XENONnT-like raw_records (Arrow IPC) and hits (Parquet)
 * through the store, and measures strax's chunk codec (zstd of the packed rows) on the very same
 * bytes and chunks in the same run.
 *
 *   npx tsx bench/store/run.ts [--records 200000] [--repeat 5] [--chunk-mb 16]
 *
 * MB/s count uncompressed row bytes (strax's "raw MB": the packed numpy row layout) per second on
 * one core (everything runs on the main thread); ratio = row bytes / stored bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { numpyDescrLiteral, type RecordBatch, type RecordSchema, rowLayout, toStructBytes } from '@dance/schema';
import { decodeArrow, encodeArrow, Store } from '../../packages/store/src/index.js';
import { generate, hitsLike } from './generate.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    repeat: { type: 'string', default: '5' },
    'chunk-mb': { type: 'string', default: '16' },
  },
});
const REPEAT = Number(values.repeat);
const CHUNK_BYTES = Number(values['chunk-mb']) * 1e6;

interface Result {
  label: string;
  ratio: number;
  writeMBs: number;
  readMBs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Splits a time-sorted batch into chunks of about `targetBytes` row bytes, cutting only where no
 * earlier row reaches past the next row's start (the store's chunk invariant).
 */
function chunkRows(batch: RecordBatch, targetBytes: number): number[] {
  const per = Math.max(1, Math.floor(targetBytes / rowLayout(batch.schema).rowBytes));
  const time = batch.time;
  const ends = batch.endTime();
  const sizes: number[] = [];
  let from = 0;
  let reach = -1n;
  for (let i = 0; i < batch.length; i++) {
    if (i - from >= per && time[i] >= reach) {
      sizes.push(i - from);
      from = i;
    }
    if (ends[i] > reach) reach = ends[i];
  }
  sizes.push(batch.length - from);
  return sizes;
}

function slices(batch: RecordBatch, sizes: number[]): RecordBatch[] {
  let at = 0;
  return sizes.map((n) => batch.slice(at, (at += n)));
}

async function throughStore(label: string, batch: RecordBatch, sizes: number[]): Promise<Result> {
  const rowBytes = batch.length * rowLayout(batch.schema).rowBytes;
  const chunks = slices(batch, sizes);
  const writes: number[] = [];
  const reads: number[] = [];
  let stored = 0;
  for (let r = 0; r < REPEAT; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'dance-bench-store-'));
    try {
      const store = new Store(dir);
      const key = { run: '000001', type: batch.schema.name, lineage: 'bench' };
      let t = performance.now();
      const w = store.writer(key, batch.schema);
      for (const c of chunks) await w.write(c);
      stored = (await w.commit()).bytes;
      writes.push(performance.now() - t);
      t = performance.now();
      let rows = 0;
      for await (const b of store.read(key)) rows += b.length;
      reads.push(performance.now() - t);
      if (rows !== batch.length) throw new Error(`read ${rows} rows, wrote ${batch.length}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    label,
    ratio: rowBytes / stored,
    writeMBs: rowBytes / 1e3 / median(writes),
    readMBs: rowBytes / 1e3 / median(reads),
  };
}

/** The Arrow codec alone, in memory, with and without the split-bytes transform. */
function arrowCodecOnly(label: string, batch: RecordBatch, sizes: number[], splitBytes: boolean): Result {
  const rowBytes = batch.length * rowLayout(batch.schema).rowBytes;
  const chunks = slices(batch, sizes);
  const writes: number[] = [];
  const reads: number[] = [];
  let stored = 0;
  for (let r = 0; r < REPEAT; r++) {
    let t = performance.now();
    const files = chunks.map((c) => encodeArrow(c, { splitBytes }));
    writes.push(performance.now() - t);
    t = performance.now();
    for (const f of files) decodeArrow(batch.schema, f);
    reads.push(performance.now() - t);
    stored = files.reduce((n, f) => n + f.length, 0);
  }
  return {
    label,
    ratio: rowBytes / stored,
    writeMBs: rowBytes / 1e3 / median(writes),
    readMBs: rowBytes / 1e3 / median(reads),
  };
}

/**
 * strax's codec on the same rows and chunks, run by Debian's Python (python3-zstd, python3-numpy):
 * the codec alone in memory, and with files written and read back as strax's saver does.
 */
function strax(batch: RecordBatch, sizes: number[], dir: string): Result[] {
  const file = join(dir, `${batch.schema.name}.npy`);
  writeFileSync(file, npy(batch.schema, toStructBytes(batch)));
  const work = mkdtempSync(join(dir, 'chunks-'));
  const out = execFileSync('/usr/bin/python3', [
    join(import.meta.dirname, 'strax_zstd.py'),
    file,
    JSON.stringify(sizes),
    String(REPEAT),
    work,
  ]).toString();
  const r = JSON.parse(out) as Record<string, number> & { zstd: string };
  const ratio = r.bytes / r.compressed;
  const mbs = (seconds: number) => r.bytes / 1e6 / seconds;
  return [
    { label: `strax zstd ${r.zstd}, in memory (reference)`, ratio, writeMBs: mbs(r.write_s), readMBs: mbs(r.read_s) },
    { label: `strax zstd ${r.zstd}, with files`, ratio, writeMBs: mbs(r.file_write_s), readMBs: mbs(r.file_read_s) },
  ];
}

/** A .npy (format 1.0) of packed rows, so numpy loads exactly our bytes with the strax dtype. */
function npy(schema: RecordSchema, rows: Uint8Array): Uint8Array {
  const n = rows.length / rowLayout(schema).rowBytes;
  let header = `{'descr': ${numpyDescrLiteral(schema)}, 'fortran_order': False, 'shape': (${n},), }`;
  header += `${' '.repeat(63 - ((10 + header.length) % 64))}\n`;
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  head.set(new TextEncoder().encode(header), 10);
  const out = new Uint8Array(head.length + rows.length);
  out.set(head);
  out.set(rows, head.length);
  return out;
}

function table(title: string, rows: Result[], [reference, ...others]: Result[]): void {
  console.log(`\n${title}`);
  console.log(
    `${'path'.padEnd(52)} ${'ratio'.padStart(6)} ${'write MB/s'.padStart(11)} ${'read MB/s'.padStart(10)}   vs strax reference (ratio, write, read)`,
  );
  for (const r of [...rows, reference, ...others]) {
    const vs =
      r === reference
        ? ''
        : `   x${(r.ratio / reference.ratio).toFixed(2)}, x${(r.writeMBs / reference.writeMBs).toFixed(2)}, x${(r.readMBs / reference.readMBs).toFixed(2)}`;
    console.log(
      `${r.label.padEnd(52)} ${r.ratio.toFixed(2).padStart(6)} ${r.writeMBs.toFixed(0).padStart(11)} ${r.readMBs.toFixed(0).padStart(10)}${vs}`,
    );
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { records, hits: unsorted } = generate(Number(values.records));
  const hits = unsorted.sortByTime();
  const mb = (b: RecordBatch) => ((b.length * rowLayout(b.schema).rowBytes) / 1e6).toFixed(1);
  console.log(
    `generated ${records.length} raw_records (${mb(records)} MB) and ${hits.length} hits (${mb(hits)} MB) in ${((performance.now() - t0) / 1e3).toFixed(1)} s; median of ${REPEAT}, one core`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'dance-bench-strax-'));
  try {
    const rrSizes = chunkRows(records, CHUNK_BYTES);
    const hitSizes = chunkRows(hits, CHUNK_BYTES);
    const rrStrax = strax(records, rrSizes, dir);
    table(
      `raw_records, ${rrSizes.length} chunks`,
      [
        await throughStore('DANCE store: Arrow IPC zstd + split-bytes, on disk', records, rrSizes),
        arrowCodecOnly('  Arrow IPC zstd + split-bytes, codec only', records, rrSizes, true),
        arrowCodecOnly('  Arrow IPC zstd, plain int16, codec only', records, rrSizes, false),
      ],
      rrStrax,
    );
    const hitStrax = strax(hits as RecordBatch, hitSizes, dir);
    table(
      `hits (${hitsLike.name}), ${hitSizes.length} chunks`,
      [await throughStore('DANCE store: Parquet zstd, on disk', hits, hitSizes)],
      hitStrax,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    '\nDANCE store times include encoding, sha256 + adler32, file writes with fsync, rename, and on read the file read, adler32 check and decoding; strax times are its codec alone in memory.',
  );
}

await main();
