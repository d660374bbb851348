/**
 * Store benchmark: writes and reads XENONnT-like raw_records and records (Arrow IPC) and hits
 * (Parquet) through the store, and measures strax's chunk codec (zstd of the packed rows) on the very same
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
import { chunkSizes, decodeArrow, encodeArrow, Store } from '../../packages/store/src/index.js';
import { generate, hitsLike, toRecords } from './generate.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    repeat: { type: 'string', default: '5' },
    'chunk-mb': { type: 'string', default: '16' },
  },
});
const REPEAT = Number(values.repeat);
const CHUNK_BYTES = Number(values['chunk-mb']) * 1e6;

/** MB/s by the wall clock and by CPU time (user + system of this process): the shared machine's
 * other jobs slow the wall clock, fsync waits cost wall time but no CPU. */
interface Speed {
  wall: number;
  cpu: number;
}

interface Result {
  label: string;
  ratio: number;
  write: Speed;
  read: Speed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Times `fn` REPEAT-fold pieces: collects wall and CPU seconds of each call. */
class Stopwatch {
  private wall: number[] = [];
  private cpu: number[] = [];

  async time<T>(fn: () => T | Promise<T>): Promise<T> {
    const c = process.cpuUsage();
    const t = performance.now();
    const out = await fn();
    this.wall.push((performance.now() - t) / 1e3);
    const used = process.cpuUsage(c);
    this.cpu.push((used.user + used.system) / 1e6);
    return out;
  }

  speed(bytes: number): Speed {
    return { wall: bytes / 1e6 / median(this.wall), cpu: bytes / 1e6 / median(this.cpu) };
  }
}

function slices(batch: RecordBatch, sizes: number[]): RecordBatch[] {
  let at = 0;
  return sizes.map((n) => batch.slice(at, (at += n)));
}

async function throughStore(label: string, batch: RecordBatch, sizes: number[]): Promise<Result> {
  const rowBytes = batch.length * rowLayout(batch.schema).rowBytes;
  const chunks = slices(batch, sizes);
  const write = new Stopwatch();
  const read = new Stopwatch();
  let stored = 0;
  for (let r = 0; r < REPEAT; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'dance-bench-store-'));
    try {
      const store = new Store(dir);
      const key = { run: '000001', type: batch.schema.name, lineage: 'bench' };
      stored = await write.time(async () => {
        const w = store.writer(key, batch.schema);
        for (const c of chunks) await w.write(c);
        return (await w.commit()).bytes;
      });
      const rows = await read.time(async () => {
        let n = 0;
        for await (const b of store.read(key)) n += b.length;
        return n;
      });
      if (rows !== batch.length) throw new Error(`read ${rows} rows, wrote ${batch.length}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { label, ratio: rowBytes / stored, write: write.speed(rowBytes), read: read.speed(rowBytes) };
}

/** The Arrow codec alone, in memory, with or without the split-bytes transform. */
async function arrowCodecOnly(
  label: string,
  batch: RecordBatch,
  sizes: number[],
  splitBytes: boolean,
): Promise<Result> {
  const rowBytes = batch.length * rowLayout(batch.schema).rowBytes;
  const chunks = slices(batch, sizes);
  const write = new Stopwatch();
  const read = new Stopwatch();
  let stored = 0;
  for (let r = 0; r < REPEAT; r++) {
    const files = await write.time(() => chunks.map((c) => encodeArrow(c, { splitBytes })));
    await read.time(() => files.map((f) => decodeArrow(batch.schema, f)));
    stored = files.reduce((n, f) => n + f.length, 0);
  }
  return { label, ratio: rowBytes / stored, write: write.speed(rowBytes), read: read.speed(rowBytes) };
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
  const speed = (what: string): Speed => ({
    wall: r.bytes / 1e6 / r[`${what}_s`],
    cpu: r.bytes / 1e6 / r[`${what}_cpu_s`],
  });
  return [
    { label: `strax zstd ${r.zstd}, in memory (reference)`, ratio, write: speed('write'), read: speed('read') },
    { label: `strax zstd ${r.zstd}, with files`, ratio, write: speed('file_write'), read: speed('file_read') },
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
  const f = (x: number) => x.toFixed(0).padStart(5);
  console.log(`\n${title}`);
  console.log(
    `${'path'.padEnd(52)} ${'ratio'.padStart(6)}  write MB/s wall/cpu  read MB/s wall/cpu   vs reference: ratio, write, read (cpu)`,
  );
  for (const r of [...rows, reference, ...others]) {
    const x = (a: number, b: number) => `x${(a / b).toFixed(2)}`;
    const vs =
      r === reference
        ? ''
        : `   ${x(r.ratio, reference.ratio)}, ${x(r.write.cpu, reference.write.cpu)}, ${x(r.read.cpu, reference.read.cpu)}`;
    console.log(
      `${r.label.padEnd(52)} ${r.ratio.toFixed(2).padStart(6)}  ${f(r.write.wall)} / ${f(r.write.cpu)}       ${f(r.read.wall)} / ${f(r.read.cpu)}${vs}`,
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
    const rrSizes = chunkSizes(records, CHUNK_BYTES);
    const hitSizes = chunkSizes(hits, CHUNK_BYTES);
    const rrStrax = strax(records, rrSizes, dir);
    table(
      `raw_records, ${rrSizes.length} chunks`,
      [
        await throughStore('DANCE store, Arrow IPC zstd, on disk', records, rrSizes),
        await arrowCodecOnly('  Arrow codec, split-bytes forced, in memory', records, rrSizes, true),
        await arrowCodecOnly('  Arrow codec, plain int16, in memory', records, rrSizes, false),
      ],
      rrStrax,
    );
    const zeroed = toRecords(records);
    const recSizes = chunkSizes(zeroed, CHUNK_BYTES);
    table(
      `records (baselined, zero outside hits), ${recSizes.length} chunks`,
      [
        await throughStore('DANCE store, Arrow IPC zstd, on disk', zeroed, recSizes),
        await arrowCodecOnly('  Arrow codec, plain int16, in memory', zeroed, recSizes, false),
      ],
      strax(zeroed, recSizes, dir),
    );
    const hitStrax = strax(hits as RecordBatch, hitSizes, dir);
    table(
      `hits (${hitsLike.name}), ${hitSizes.length} chunks`,
      [await throughStore('DANCE store, Parquet zstd, on disk', hits, hitSizes)],
      hitStrax,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    '\nThe store splits waveform bytes where a trial shows a 10% gain (raw_records: yes; records: no).\nDANCE store times include encoding, sha256 + adler32, file writes with fsync, rename, and on read the file read, adler32 check and decoding. The strax reference is its codec alone in memory; "with files" adds its temp-file write + rename (no fsync) and file read.',
  );
}

await main();
