/**
 * strax interop speed: DANCE reading/writing .npy and strax chunk directories vs numpy/strax's own
 * codecs (python-blosc, python-zstd, python-lz4) on the same files, measured side by side.
 *
 *   npx tsc -b && npx tsx bench/strax/npy-io.ts [rows=200000]
 *
 * Needs /usr/bin/python3 with numpy, blosc, zstd and lz4 (Debian python3-numpy python3-blosc
 * python3-zstd python3-lz4).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatch, rawRecords, rowLayout } from '@dance/schema';
import { readNpyRecords, readStraxChunks, writeNpy } from '@dance/strax';

const ROWS = Number(process.argv[2] ?? 200_000);
const REPEATS = 5;
const MB = (ROWS * rowLayout(rawRecords).rowBytes) / 1e6;
const dir = mkdtempSync(join(tmpdir(), 'bench-strax-'));

function records(n: number): RecordBatch {
  const b = RecordBatch.allocate(rawRecords, n);
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < n; i++) {
    b.columns.time[i] = 1_700_000_000_000_000_000n + BigInt(i * 1000);
    b.columns.length[i] = 110;
    b.columns.dt[i] = 10;
    b.columns.channel[i] = i % 494;
    b.columns.pulse_length[i] = 110;
    b.columns.baseline[i] = 16000;
    for (let s = 0; s < 110; s++) b.columns.data[i * 110 + s] = 16000 + Math.round((rand() - 0.5) * 8);
  }
  return b;
}

async function median(f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await f();
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[REPEATS >> 1];
}

const PY = `
import sys, time, os, glob, numpy as np, blosc, zstd, lz4.frame
d, mode = sys.argv[1], sys.argv[2]
def med(f, k=${REPEATS}):
    ts = []
    for _ in range(k):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return sorted(ts)[k // 2]
a = np.load(os.path.join(d, 'raw.npy'))
if mode == 'prepare':
    dec = {'blosc': lambda b: blosc.compress(b, shuffle=blosc.NOSHUFFLE), 'zstd': lambda b: zstd.compress(b, 3, 1), 'lz4': lz4.frame.compress}
    for c, comp in dec.items():
        sub = os.path.join(d, c, '000000-raw_records-bench00000'); os.makedirs(sub)
        chunks = []
        for i, part in enumerate(np.array_split(a, 4)):
            fn = 'raw_records-bench00000-%06d' % i
            open(os.path.join(sub, fn), 'wb').write(comp(part.tobytes()))
            chunks.append(dict(chunk_i=i, n=len(part), start=int(part['time'][0]), end=int(part['time'][-1]) + 1101, filename=fn))
        import json
        json.dump(dict(run_id='000000', data_type='raw_records', dtype=repr(a.dtype.descr), compressor=c, chunks=chunks), open(os.path.join(sub, 'raw_records-bench00000-metadata.json'), 'w'))
else:
    out = {'npy_read': med(lambda: np.load(os.path.join(d, 'raw.npy')).copy()), 'npy_write': med(lambda: np.save(os.path.join(d, 'py.npy'), a))}
    dec = {'blosc': blosc.decompress, 'zstd': zstd.decompress, 'lz4': lz4.frame.decompress}
    for c, f in dec.items():
        files = sorted(glob.glob(os.path.join(d, c, '*', '*-0*')))
        out[c] = med(lambda: [np.frombuffer(f(open(p, 'rb').read()), a.dtype) for p in files])
    print(' '.join('%s=%f' % kv for kv in out.items()))
`;

try {
  const batch = records(ROWS);
  const npy = join(dir, 'raw.npy');
  await writeNpy(npy, rawRecords, [batch]);
  execFileSync('/usr/bin/python3', ['-c', PY, dir, 'prepare']);
  const ref = Object.fromEntries(
    execFileSync('/usr/bin/python3', ['-c', PY, dir, 'time'], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map((kv) => kv.split('=') as [string, string])
      .map(([k, v]) => [k, Number(v)]),
  );
  const drain = async (it: AsyncIterable<RecordBatch>) => {
    for await (const _ of it);
  };
  const ours: Record<string, number> = {
    npy_read: await median(() => drain(readNpyRecords(npy, rawRecords))),
    npy_write: await median(async () => {
      rmSync(join(dir, 'js.npy'), { force: true });
      await writeNpy(join(dir, 'js.npy'), rawRecords, [batch]);
    }),
  };
  for (const c of ['blosc', 'zstd', 'lz4']) {
    const sub = join(dir, c, '000000-raw_records-bench00000');
    ours[c] = await median(() => drain(readStraxChunks(sub, rawRecords)));
  }
  console.log(`${ROWS} raw_records (${MB.toFixed(0)} MB), median of ${REPEATS}; MB/s of raw record bytes`);
  console.log('task            DANCE MB/s   numpy/python MB/s   ratio');
  for (const k of Object.keys(ours)) {
    const label = k.startsWith('npy') ? k : `strax ${k} dir read`;
    const r = ref[k] / ours[k];
    console.log(
      `${label.padEnd(20)}${(MB / ours[k]).toFixed(0).padStart(6)}${(MB / ref[k]).toFixed(0).padStart(18)}${r.toFixed(2).padStart(10)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
