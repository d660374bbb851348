import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface FileDigest {
  path: string;
  bytes: number;
  sha256: string;
}

/** What a product was made from: one file, or a directory with each of its files. */
export interface SourceDescription extends FileDigest {
  files?: FileDigest[];
}

/** Size and SHA-256 of a file, read as a stream (sources may be larger than memory). */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { path: resolve(path), bytes, sha256: hash.digest('hex') };
}

/**
 * Describes an import source for provenance. A directory's sha256 is taken over the sorted list of
 * its files' names and digests, so it changes when any file does.
 */
export async function describeSource(path: string): Promise<SourceDescription> {
  if (!(await stat(path)).isDirectory()) return digestFile(path);
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const files: FileDigest[] = [];
  for (const name of names) files.push({ ...(await digestFile(join(path, name))), path: name });
  const sha256 = createHash('sha256')
    .update(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''))
    .digest('hex');
  return { path: resolve(path), bytes: files.reduce((s, f) => s + f.bytes, 0), sha256, files };
}
