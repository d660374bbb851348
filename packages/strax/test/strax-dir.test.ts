import { cpSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawRecords, toStructBytes } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { readNpyRecords, readStraxChunkInfo, readStraxChunks, readStraxDirectory } from '../src/index.js';
import { collect, FIXTURES, fixture, tempDir } from './helpers.js';

/** The data directory inside each fixture storage folder. */
function dataDir(storage: string): string {
  const parent = fixture(storage);
  const sub = readdirSync(parent).find((n) => n.startsWith('012345-raw_records-'));
  if (!sub) throw new Error(`no data directory in ${parent}`);
  return join(parent, sub);
}

const STORAGES = readdirSync(FIXTURES)
  .filter((n) => n.startsWith('strax-'))
  .sort();

describe('strax data directories', () => {
  it('has fixtures for every compressor, written by hand and by strax itself', () => {
    for (const c of ['blosc', 'lz4', 'zstd']) {
      expect(STORAGES).toContain(`strax-hand-${c}`);
      expect(STORAGES).toContain(`strax-real-${c}`);
    }
  });

  it.each(STORAGES)('%s: metadata with exact ns times and the records of the .npy', async (storage) => {
    const dir = dataDir(storage);
    const sd = readStraxDirectory(dir);
    expect(sd.runId).toBe('012345');
    expect(sd.dataType).toBe('raw_records');
    expect(storage).toContain(sd.compressor);
    expect(sd.chunks.map((c) => c.rows)).toEqual([136, 0, 134]);
    expect(sd.chunks[1].file).toBeUndefined();
    expect(sd.chunks[0].start).toBe(1700000000000015670n);
    expect(sd.chunks[2].end).toBe(1700000000003179981n);
    expect(sd.chunks[1].start).toBe(sd.chunks[0].end);

    const infos = [];
    for await (const { info, batch } of readStraxChunkInfo(dir, rawRecords)) {
      infos.push(info.index);
      expect(batch.length).toBe(info.rows);
      if (batch.length) {
        expect(batch.time[0] >= info.start).toBe(true);
        expect(batch.endTime()[batch.length - 1] <= info.end).toBe(true);
      }
    }
    expect(infos).toEqual([0, 1, 2]);
    const fromDir = await collect(rawRecords, readStraxChunks(dir, rawRecords));
    const fromNpy = await collect(rawRecords, readNpyRecords(fixture('raw_records.npy'), rawRecords));
    expect(Buffer.from(toStructBytes(fromDir)).equals(Buffer.from(toStructBytes(fromNpy)))).toBe(true);
  });
});

describe('bad strax data directories', () => {
  /** A writable copy of a fixture directory. */
  function copy(storage: string): string {
    const src = dataDir(storage);
    const dst = join(tempDir(), src.split('/').pop()!);
    cpSync(src, dst, { recursive: true });
    return dst;
  }
  const chunkFile = (dir: string, i: number) => join(dir, `${readStraxDirectory(dir).chunks[i].file}`);
  const readAll = (dir: string) => collect(rawRecords, readStraxChunks(dir, rawRecords));

  it.each(['blosc', 'zstd', 'lz4'])('names a corrupt %s chunk file', async (c) => {
    const dir = copy(`strax-real-${c}`);
    const file = chunkFile(dir, 2);
    const bytes = readFileSync(file);
    for (let i = 0; i < 40; i++) bytes[i] ^= 0x5a;
    writeFileSync(file, bytes);
    await expect(readAll(dir)).rejects.toThrow(`${file}: corrupt ${c} chunk`);
  });

  it('names a truncated chunk and one whose row count disagrees with the metadata', async () => {
    const dir = copy('strax-real-zstd');
    const file = chunkFile(dir, 0);
    truncateSync(file, 1000);
    await expect(readAll(dir)).rejects.toThrow(file);

    const dir2 = copy('strax-real-lz4');
    const mdFile = readStraxDirectory(dir2).metadataFile;
    writeFileSync(mdFile, readFileSync(mdFile, 'utf8').replace('"n": 136', '"n": 137'));
    await expect(readAll(dir2)).rejects.toThrow(
      `${chunkFile(dir2, 0)}: decompresses to 33184 bytes but the metadata says n=137 rows (33428 bytes)`,
    );
  });

  it('names a missing metadata file, a missing chunk file and an unsupported compressor', async () => {
    const dir = copy('strax-real-blosc');
    const { metadataFile } = readStraxDirectory(dir);
    const file = chunkFile(dir, 2);
    rmSync(file);
    await expect(readAll(dir)).rejects.toThrow(`${file}: cannot read chunk 2 (ENOENT)`);
    writeFileSync(
      metadataFile,
      readFileSync(metadataFile, 'utf8').replace('"compressor": "blosc"', '"compressor": "bz2"'),
    );
    expect(() => readStraxDirectory(dir)).toThrow("compressor 'bz2' is not supported (only blosc, zstd, lz4)");
    renameSync(metadataFile, `${metadataFile}.bak`);
    expect(() => readStraxDirectory(dir)).toThrow(`${dir}: no strax metadata file (expected raw_records-`);
    expect(() => readStraxDirectory(join(dir, 'nope'))).toThrow('cannot read (ENOENT)');
  });

  it('checks the dtype in the metadata before reading any chunk', async () => {
    const dir = copy('strax-hand-zstd');
    const { metadataFile } = readStraxDirectory(dir);
    const md = JSON.parse(readFileSync(metadataFile, 'utf8'));
    md.dtype = md.dtype.replace("'dt'), '<i2'", "'dt'), '<i4'");
    writeFileSync(metadataFile, JSON.stringify(md));
    await expect(readAll(dir)).rejects.toThrow(
      "key 'dtype': field 'dt' is '<i4', expected '<i2' (strax raw_records dtype)",
    );
    writeFileSync(
      metadataFile,
      readFileSync(metadataFile, 'utf8').replace(/"filename":\s*"[^"]*000002"/, '"filename": "../../../etc/passwd"'),
    );
    expect(() => readStraxDirectory(dir)).toThrow(`${metadataFile} chunks[2]: bad or missing 'filename'`);
    writeFileSync(metadataFile, '{"run_id": "012345", ');
    expect(() => readStraxDirectory(dir)).toThrow(`${metadataFile}: not valid JSON`);
  });
});
