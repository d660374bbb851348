// Transfer throughput against the everyday tools, measured side by side in one run:
//   POSIX -> POSIX: dance copyFile (both sums read back) vs `cp` followed by `sync <file>` (dance
//   also fsyncs);
//   HTTP -> HTTP on loopback (XRootD's WebDAV): dance copyFile (verified by the server's adler32
//   and the streamed sha256) vs `curl GET | curl PUT`; and the same copy checked on the stream only
//   and unverified, to show what each check costs. The load average is printed: other jobs move
//   every figure.
// Usage: npx tsx bench/transfer/run.ts [sizeMB=200] [repeats=5]
import { execFileSync, execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checksumAt, copyFile, PosixDriver, WebdavDriver } from '../../packages/transfer/dist/src/index.js';

const sizeMB = Number(process.argv[2] ?? 200);
const repeats = Number(process.argv[3] ?? 5);
const bytes = sizeMB * 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'dance-bench-transfer-'));
const xrdBase = mkdtempSync(join(tmpdir(), 'dance-bench-xrd-'));
const scripts = fileURLToPath(new URL('../../scripts/xrootd/', import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (work: () => unknown) => {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
};

try {
  // incompressible data, written in 10 MB pieces so the generator never holds the whole file
  const src = join(dir, 'src.bin');
  for (let at = 0; at < bytes; at += 10_000_000)
    writeFileSync(src, randomBytes(Math.min(10_000_000, bytes - at)), { flag: 'a' });
  const posix = new PosixDriver(`${pathToFileURL(dir).href}/`);
  const sums = await checksumAt(posix, 'src.bin');

  const rows: [string, number[], number[]][] = [];
  const cp: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < repeats; i++) {
    rmSync(join(dir, 'cp.bin'), { force: true });
    cp.push(await time(() => execFileSync('sh', ['-c', `cp "${src}" "${dir}/cp.bin" && sync "${dir}/cp.bin"`])));
    await posix.remove('ours.bin');
    ours.push(await time(() => copyFile(posix, 'src.bin', posix, 'ours.bin', sums)));
  }
  // a POSIX destination always reads both sums back as it writes: 'stream' makes no difference there
  rows.push(['POSIX -> POSIX (both sums read back) vs cp+sync', ours, cp]);

  const url = execFileSync(join(scripts, 'start.sh'), {
    env: { ...process.env, XRDBASE: xrdBase },
    encoding: 'utf8',
  }).trim();
  const dav = new WebdavDriver(url);
  await copyFile(posix, 'src.bin', dav, 'src.bin', sums);
  const curl: number[] = [];
  const davOurs: number[] = [];
  const davPlain: number[] = [];
  const davStreamed: number[] = [];
  for (let i = 0; i < repeats; i++) {
    curl.push(
      await time(() =>
        execSync(
          `curl -sSf ${url}src.bin | curl -sSf -H 'Transfer-Encoding:' -H 'Content-Length: ${bytes}' -T - ${url}curl.bin -o /dev/null`,
        ),
      ),
    );
    await dav.remove('ours.bin');
    davOurs.push(await time(() => copyFile(dav, 'src.bin', dav, 'ours.bin', sums)));
    await dav.remove('streamed.bin');
    davStreamed.push(await time(() => copyFile(dav, 'src.bin', dav, 'streamed.bin', sums, { verify: 'stream' })));
    await dav.remove('plain.bin');
    davPlain.push(await time(async () => dav.write('plain.bin', await dav.read('src.bin'), { size: bytes })));
  }
  rows.push(['HTTP -> HTTP (XRootD, server adler32 + sha256) vs curl|curl', davOurs, curl]);
  rows.push(['HTTP -> HTTP (sums of the bytes sent only) vs curl|curl', davStreamed, curl]);
  rows.push(['HTTP -> HTTP, not verified (copy alone) vs curl|curl', davPlain, curl]);

  const load = loadavg().map((x) => x.toFixed(1));
  console.log(`file ${sizeMB} MB, ${repeats} runs each, medians; load average ${load.join(' ')} (1, 5, 15 min):`);
  for (const [label, mine, ref] of rows) {
    const a = bytes / 1e6 / median(mine);
    const b = bytes / 1e6 / median(ref);
    // each repetition runs the two side by side, so the ratio within a pair sees the same load
    const paired = median(mine.map((t, i) => ref[i] / t));
    console.log(
      `${label}: dance ${a.toFixed(0)} MB/s, reference ${b.toFixed(0)} MB/s, ratio ${(a / b).toFixed(2)} (median of paired ratios ${paired.toFixed(2)})`,
    );
  }
} finally {
  execFileSync(join(scripts, 'stop.sh'), [xrdBase]);
  rmSync(dir, { recursive: true, force: true });
}
