import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_FROM } from '../src/checksums.js';
import { checksumAt, copyFile } from '../src/copy.js';
import type { Pieces } from '../src/drivers/driver.js';
import { PosixDriver, S3Driver, WebdavDriver } from '../src/drivers/index.js';
import { randomFile, tempSite } from './helpers.js';
import { loopbackServers } from './servers.js';

const MiB = 1 << 20;

/** A POSIX source that counts the bytes it hands out and, when told, drops the link after `failAfter`. */
class CountingSource extends PosixDriver {
  sent = 0;
  failAfter = Number.POSITIVE_INFINITY;

  override async read(path: string, offset?: number): Promise<Pieces> {
    return this.counted(await super.read(path, offset));
  }

  private async *counted(pieces: Pieces): AsyncIterable<Uint8Array> {
    for await (const piece of pieces) {
      if (this.sent + piece.length > this.failAfter) throw new Error('connection reset by the uplink');
      this.sent += piece.length;
      yield piece;
    }
  }
}

const servers = loopbackServers();

describe('resuming an interrupted upload', () => {
  const SIZE = 5 * MiB + 1234;

  it('posix: a large part file is continued, and the whole file read back (kept bytes first)', async () => {
    const src = tempSite('src');
    const size = PARALLEL_FROM + 7; // large enough for sha256 on the checksum thread
    const sums = randomFile(src.dir, 'big.bin', size);
    const source = new CountingSource(src.url);
    const dest = new PosixDriver(tempSite('dst').url);
    source.failAfter = 5.5 * MiB;
    await expect(copyFile(source, 'big.bin', dest, 'big.bin', sums)).rejects.toThrow('connection reset');
    expect(await dest.kept('big.bin.dance-part')).toBe(5 * MiB);
    source.sent = 0;
    source.failAfter = Number.POSITIVE_INFINITY;
    expect(await copyFile(source, 'big.bin', dest, 'big.bin', sums)).toMatchObject({ resumedFrom: 5 * MiB });
    expect(source.sent).toBe(size - 5 * MiB);
    expect(await checksumAt(dest, 'big.bin')).toEqual(sums);
    // a kept part that is not what the source has is caught by the read-back, and removed
    source.sent = 0;
    source.failAfter = 3.5 * MiB;
    await expect(copyFile(source, 'big.bin', dest, 'again.bin', sums)).rejects.toThrow('connection reset');
    const part = dest.locate('again.bin.dance-part');
    const bytes = readFileSync(part);
    bytes[1_000_000] ^= 0x01;
    writeFileSync(part, bytes);
    source.failAfter = Number.POSITIVE_INFINITY;
    await expect(copyFile(source, 'big.bin', dest, 'again.bin', sums)).rejects.toThrow(
      /again\.bin\.dance-part: adler32 [0-9a-f]{8}, catalog says/,
    );
    expect(await dest.kept('again.bin.dance-part')).toBe(0);
  });

  it('s3: continues after the last stored part, sends only the rest, and verifies', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'run/f.bin', SIZE);
    const source = new CountingSource(src.url);
    const cloud = new S3Driver(`${servers.s3.url}&part_size=${MiB}`);
    source.failAfter = 2.5 * MiB;
    await expect(copyFile(source, 'run/f.bin', cloud, 'run/f.bin', sums)).rejects.toThrow('connection reset');
    expect(await cloud.kept('run/f.bin')).toBe(2 * MiB);
    expect(await cloud.size('run/f.bin')).toBeUndefined(); // no object before the upload completes

    source.sent = 0;
    source.failAfter = Number.POSITIVE_INFINITY;
    const result = await copyFile(source, 'run/f.bin', cloud, 'run/f.bin', sums);
    expect(result).toMatchObject({ bytes: SIZE, resumedFrom: 2 * MiB });
    expect(source.sent).toBe(SIZE - 2 * MiB);
    expect(await cloud.kept('run/f.bin')).toBe(0);
    const listed = [];
    for await (const e of cloud.list()) listed.push(e);
    expect(listed).toEqual([{ path: 'run/f.bin', size: SIZE }]); // the upload record is gone
    const back = tempSite('back');
    await copyFile(cloud, 'run/f.bin', new PosixDriver(back.url), 'f.bin', sums);
    expect(readFileSync(join(back.dir, 'f.bin')).equals(readFileSync(join(src.dir, 'run/f.bin')))).toBe(true);
  });

  it('s3: a kept part damaged at the server is caught, removed, and the next attempt starts over', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'g.bin', SIZE);
    const source = new CountingSource(src.url);
    const cloud = new S3Driver(`${servers.s3.url}&part_size=${MiB}`);
    source.failAfter = 3.5 * MiB;
    await expect(copyFile(source, 'g.bin', cloud, 'g.bin', sums)).rejects.toThrow('connection reset');
    // s3rver keeps parts as files named by their number; flip one bit of the second
    const part = readdirSync(servers.s3.directory as string, { recursive: true, encoding: 'utf8' }).find((p) =>
      /uploads.*[/\\]2$/.test(p),
    );
    const file = join(servers.s3.directory as string, part as string);
    const bytes = readFileSync(file);
    bytes[777] ^= 0x04;
    writeFileSync(file, bytes);

    source.failAfter = Number.POSITIVE_INFINITY;
    await expect(copyFile(source, 'g.bin', cloud, 'g.bin', sums)).rejects.toThrow(
      /s3:\/\/dance\/g\.bin: adler32 [0-9a-f]{8}, catalog says/,
    );
    expect(await cloud.size('g.bin')).toBeUndefined();
    expect(await cloud.kept('g.bin')).toBe(0);
    source.sent = 0;
    expect(await copyFile(source, 'g.bin', cloud, 'g.bin', sums)).toMatchObject({ resumedFrom: 0 });
    expect(source.sent).toBe(SIZE);
  });

  it('s3: an unreadable upload record is ignored and the upload starts over', async () => {
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'h.bin', 2 * MiB + 5);
    const cloud = new S3Driver(`${servers.s3.url}&part_size=${MiB}`);
    for (const record of ['{"uploadId": 7', '{"uploadId":"x","parts":[{"PartNumber":2,"ETag":"e","size":9}]}']) {
      await cloud.write('h.bin.dance-part', [new TextEncoder().encode(record)]);
      expect(await cloud.kept('h.bin')).toBe(0);
    }
    expect(await copyFile(new PosixDriver(src.url), 'h.bin', cloud, 'h.bin', sums)).toMatchObject({ resumedFrom: 0 });
    expect(await cloud.size('h.bin.dance-part')).toBeUndefined();
  });

  it('xrootd: HTTP cannot continue an upload (Content-Range on PUT replaces the file), so it starts over from a part file', async (ctx) => {
    if (!servers.xrd) return ctx.skip();
    const dav = new WebdavDriver(servers.xrd.url);
    const text = (s: string) => [new TextEncoder().encode(s)];
    await dav.write('c.txt', text('first half|'), { size: 11 });
    // node:http, not fetch: XRootD matches header names case-sensitively and fetch lowercases them
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(dav.locate('c.txt'), {
        method: 'PUT',
        headers: { 'Content-Range': 'bytes 11-21/22', 'Content-Length': '11' },
      });
      req.on('response', (res) => resolve(res.resume().statusCode)).on('error', reject);
      req.end('second half');
    });
    expect(status).toBe(200);
    let got = '';
    for await (const piece of await dav.read('c.txt')) got += Buffer.from(piece).toString();
    expect(got).toBe('second half'); // not 'first half|second half': the range was ignored
    expect(await dav.kept('c.txt')).toBe(0);

    // so an interrupted upload leaves only a part file, and the next attempt sends everything again
    const src = tempSite('src');
    const sums = randomFile(src.dir, 'run/f.bin', SIZE);
    const source = new CountingSource(src.url);
    source.failAfter = 2.5 * MiB;
    await expect(copyFile(source, 'run/f.bin', dav, 'run/f.bin', sums)).rejects.toThrow('connection reset');
    expect(await dav.size('run/f.bin')).toBeUndefined();
    source.sent = 0;
    source.failAfter = Number.POSITIVE_INFINITY;
    expect(await copyFile(source, 'run/f.bin', dav, 'run/f.bin', sums)).toMatchObject({ resumedFrom: 0 });
    expect(source.sent).toBe(SIZE);
    expect(await dav.size('run/f.bin')).toBe(SIZE);
    expect(await dav.size('run/f.bin.dance-part')).toBeUndefined();
  });
});
