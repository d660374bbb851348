import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_FROM, StreamSums } from '../src/checksums.js';
import { ChecksumMismatch, checksumAt, copyFile } from '../src/copy.js';
import type { Pieces, SiteDriver } from '../src/drivers/driver.js';
import { PosixDriver, S3Driver, WebdavDriver } from '../src/drivers/index.js';
import { randomFile, tempSite } from './helpers.js';
import { loopbackServers } from './servers.js';

const servers = loopbackServers();

const s3Site = () => new S3Driver(servers.s3.url);
const SIZE = 3 * 1024 * 1024 + 17; // more than one read block, not a multiple of anything

async function roundTrip(dest: SiteDriver) {
  const src = tempSite('src');
  const sums = randomFile(src.dir, 'kr-001/peaks-abc/000000.arrow', SIZE);
  const source = new PosixDriver(src.url);
  const seen: number[] = [];
  const result = await copyFile(source, 'kr-001/peaks-abc/000000.arrow', dest, 'kr-001/peaks-abc/000000.arrow', sums, {
    onProgress: (done) => seen.push(done),
  });
  expect(result).toMatchObject({ bytes: SIZE, resumedFrom: 0 });
  expect(seen.at(-1)).toBe(SIZE);
  expect(await dest.size('kr-001/peaks-abc/000000.arrow')).toBe(SIZE);
  expect(await dest.size('kr-001/peaks-abc/000000.arrow.dance-part')).toBeUndefined();
  const listed = [];
  for await (const e of dest.list()) listed.push(e);
  expect(listed).toEqual([{ path: 'kr-001/peaks-abc/000000.arrow', size: SIZE }]);
  // and back again, from the remote site to a second folder, byte-identical
  const back = tempSite('back');
  await copyFile(dest, 'kr-001/peaks-abc/000000.arrow', new PosixDriver(back.url), 'copy.arrow', sums);
  expect(
    readFileSync(join(back.dir, 'copy.arrow')).equals(readFileSync(join(src.dir, 'kr-001/peaks-abc/000000.arrow'))),
  ).toBe(true);
  // ranged reads
  const tail = [];
  for await (const piece of await dest.read('kr-001/peaks-abc/000000.arrow', SIZE - 5)) tail.push(Buffer.from(piece)); // pieces are lent
  expect(Buffer.concat(tail)).toEqual(readFileSync(join(src.dir, 'kr-001/peaks-abc/000000.arrow')).subarray(SIZE - 5));
  await dest.remove('kr-001/peaks-abc/000000.arrow');
  expect(await dest.size('kr-001/peaks-abc/000000.arrow')).toBeUndefined();
  await dest.remove('kr-001/peaks-abc/000000.arrow'); // absent: nothing
}

describe('site drivers', () => {
  it('posix: streams, verifies, lists, reads ranges, removes', async () => {
    await roundTrip(new PosixDriver(tempSite('dst').url));
  });

  it('s3 (s3rver): the same, as one PUT and as a multipart upload', async () => {
    await roundTrip(new S3Driver(servers.s3.url.replace('/?', '/pre/fix?')));
    await roundTrip(new S3Driver(`${servers.s3.url}&part_size=${1 << 20}`));
  });

  it('webdav (xrootd): the same, verified by the server adler32', async (ctx) => {
    if (!servers.xrd) return ctx.skip();
    const dav = new WebdavDriver(servers.xrd.url);
    await roundTrip(dav);
  });

  it('large files hash sha256 on a second core and get the same sums', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'big.bin', PARALLEL_FROM + 12_345);
    const source = new PosixDriver(src.url);
    expect(await checksumAt(source, 'big.bin')).toEqual(sums);
    const dest = new PosixDriver(tempSite('dst').url);
    expect(await copyFile(source, 'big.bin', dest, 'big.bin', sums)).toMatchObject({ bytes: sums.size });
    await expect(copyFile(source, 'big.bin', dest, 'again.bin', { ...sums, adler32: '00000000' })).rejects.toThrow(
      `again.bin.dance-part: adler32 ${sums.adler32}, catalog says 00000000`,
    );
  });

  it('transfers in parallel share the sha256 thread without mixing their sums', async () => {
    const src = tempSite('src');
    const files = ['a', 'b', 'c'].map((name, i) => ({ name, sums: randomFile(src.dir, name, PARALLEL_FROM + i) }));
    const source = new PosixDriver(src.url);
    const dropped = new StreamSums({ parallel: true });
    dropped.update(new Uint8Array(1000));
    dropped.discard(); // a failed transfer's hash, forgotten mid-way
    expect(await Promise.all(files.map((f) => checksumAt(source, f.name)))).toEqual(files.map((f) => f.sums));
    // network pieces (not lent, odd sizes) are batched on their way to the thread: same sum
    const bytes = readFileSync(join(src.dir, 'b'));
    const sums = new StreamSums({ parallel: true });
    for (let at = 0, k = 1; at < bytes.length; at += 40_000 + k, k = (k * 31) % 9973) {
      sums.update(new Uint8Array(bytes.subarray(at, at + 40_000 + k)));
    }
    expect(await sums.digest()).toEqual(files[1].sums);
  });

  it('a bandwidth limit holds the average rate down', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'f.bin', 300_000);
    const dest = new PosixDriver(tempSite('dst').url);
    const result = await copyFile(new PosixDriver(src.url), 'f.bin', dest, 'f.bin', sums, { bandwidth: 1_000_000 });
    // 300 kB at 1 MB/s: the last byte is due 0.3 s after the start
    expect(result.seconds).toBeGreaterThanOrEqual(0.29);
  });

  it('a source that does not match the catalog is refused and leaves nothing at the destination', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'f.bin', 1000);
    const dst = tempSite('dst');
    const dest = new PosixDriver(dst.url);
    const wrong = { ...sums, sha256: '0'.repeat(64) };
    await expect(copyFile(new PosixDriver(src.url), 'f.bin', dest, 'g.bin', wrong)).rejects.toThrow(ChecksumMismatch);
    // a POSIX destination reads both sums back from the file it wrote
    await expect(copyFile(new PosixDriver(src.url), 'f.bin', dest, 'g.bin', wrong)).rejects.toThrow(
      /g\.bin\.dance-part: sha256 [0-9a-f]{64}, catalog says 0{64}/,
    );
    // checked on the stream (a remote destination), the source is named
    await expect(
      copyFile(new PosixDriver(src.url), 'f.bin', s3Site(), 'g.bin', wrong, { verify: 'stream' }),
    ).rejects.toThrow(/f\.bin -> s3:.*g\.bin: sent sha256 [0-9a-f]{64}, catalog says 0{64}/);
    expect(await dest.size('g.bin')).toBeUndefined();
    expect(await dest.size('g.bin.dance-part')).toBeUndefined();
  });

  it('a byte corrupted on its way to the disk is caught by the read-back, in either mode', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'f.bin', 3_000_000);
    const dest = new CorruptingDriver(tempSite('dst').url);
    for (const verify of ['readback', 'stream'] as const) {
      await expect(copyFile(new PosixDriver(src.url), 'f.bin', dest, 'g.bin', sums, { verify })).rejects.toThrow(
        new RegExp(`g\\.bin\\.dance-part: adler32 [0-9a-f]{8}, catalog says ${sums.adler32}`),
      );
      expect(await dest.size('g.bin')).toBeUndefined();
      expect(await dest.size('g.bin.dance-part')).toBeUndefined();
    }
  });
});

/** A POSIX site whose disk flips one bit in the second megabyte of every file written. */
class CorruptingDriver extends PosixDriver {
  override write(path: string, pieces: Pieces, options?: { from?: number; size?: number }) {
    return super.write(path, flipOneBit(pieces), options);
  }
}

async function* flipOneBit(pieces: Pieces): AsyncIterable<Uint8Array> {
  let k = 0;
  for await (const piece of pieces) {
    const out = k++ === 1 ? Buffer.from(piece) : piece;
    if (out !== piece) out[12_345] ^= 0x10;
    yield out;
  }
}
