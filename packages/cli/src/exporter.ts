import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineRecord, UserError } from '@dance/schema';
import type { ProductKey, Store } from '@dance/store';
import { writeHdf5, writeNpy, writeParquetFile } from '@dance/strax';
import type { GlobalOptions } from './context.js';
import type { ExportFormat } from './export-formats.js';
import { startProgress } from './progress.js';

/**
 * The product of `run`/`type`: the one with `lineage` when given, else the only one stored. Several
 * lineages and no choice is a UserError listing them, since picking one silently could export the
 * wrong processing.
 */
export function resolveProduct(store: Store, run: string, type: string, lineage?: string): ProductKey {
  const found = store.list({ run, type });
  if (lineage !== undefined) {
    const key = found.find((k) => k.lineage === lineage);
    if (!key) {
      const have = found.length ? `; stored lineages: ${found.map((k) => k.lineage).join(', ')}` : '';
      throw new UserError(`no product ${run}/${type} with lineage ${lineage}${have}`);
    }
    return key;
  }
  if (found.length === 0) throw new UserError(`no product ${run}/${type} is stored; \`dance ls ${run}\` lists what is`);
  if (found.length > 1) {
    throw new UserError(
      `${run}/${type} has ${found.length} lineages (${found.map((k) => k.lineage).join(', ')}): choose one with --lineage`,
    );
  }
  return found[0];
}

/** Writes a stored product to `out` in a format other tools read; returns rows and file size. */
export async function exportProduct(
  store: Store,
  key: ProductKey,
  format: ExportFormat,
  out: string,
  opts: GlobalOptions,
): Promise<{ path: string; rows: number; bytes: number }> {
  const manifest = store.manifest(key);
  checkWritable(out);
  const schema = defineRecord(manifest.schema);
  // Written into the file so it explains itself away from the store.
  const about = { run: key.run, lineage: key.lineage, provenance: manifest.provenance };
  const progress = startProgress(opts, `export ${key.run}/${key.type}`, manifest.rows, 'rows');
  let done = 0;
  const batches = (async function* () {
    for await (const batch of store.read(key)) {
      yield batch;
      done += batch.length;
      progress.update(done);
    }
  })();
  try {
    switch (format) {
      case 'npy':
        await writeNpy(out, schema, batches, manifest.rows);
        break;
      case 'hdf5':
        await writeHdf5(out, schema, batches, about);
        break;
      case 'parquet':
        await writeParquetFile(out, schema, batches, about);
        break;
    }
  } catch (err) {
    // A full disk or a lost mount mid-export is the user's to fix; the writers remove their partial file.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new UserError(`cannot write ${out}: ${(err as Error).message}`);
    throw err;
  } finally {
    progress.finish();
  }
  return { path: resolve(out), rows: manifest.rows, bytes: statSync(out).size };
}

/** Fails early, naming the path, when `out` cannot be created (HDF5 would only say so in C diagnostics). */
function checkWritable(out: string): void {
  const dir = dirname(resolve(out));
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : `its directory is not writable (${code})`;
    throw new UserError(`cannot write ${out}: ${why}`);
  }
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory())
    throw new UserError(`cannot write ${out}: it is a directory`);
}
