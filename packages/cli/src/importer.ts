import { DATA_TYPES, isoToNs, type RecordBatch, type RecordSchema, rowLayout, UserError } from '@dance/schema';
import { type Manifest, type ProductKey, Store } from '@dance/store';
import { describeSource, importLineage, type SourceDescription, type Workspace } from '@dance/workspace';
import { recordInCatalog, runExtent } from './catalog-record.js';
import { chunksByTime } from './chunking.js';
import type { GlobalOptions } from './context.js';
import { openImportSource } from './import-source.js';
import { startProgress } from './progress.js';
import { invocation } from './provenance.js';
import { VERSION } from './version.js';

export interface ImportRequest {
  /** A .npy file or a strax data directory. */
  source: string;
  run: string;
  /** Data type name, e.g. raw_records. */
  type: string;
  /** Rows per stored chunk. */
  chunkRows?: number;
  /** Replace the product if it exists (it stays intact until the new one is committed). */
  overwrite?: boolean;
  /** The command line to record in provenance (default: this process's). */
  argv?: readonly string[];
}

export interface ImportResult {
  key: ProductKey;
  format: 'npy' | 'strax';
  manifest: Manifest;
  source: SourceDescription;
}

/** About 50 MB of rows per chunk: large enough for fast sequential reads, small enough to hold in memory. */
export const CHUNK_BYTES = 50 << 20;

export function knownType(type: string): RecordSchema {
  const schema = DATA_TYPES.get(type);
  if (!schema) throw new UserError(`unknown data type '${type}'; known: ${[...DATA_TYPES.keys()].join(', ')}`);
  return schema;
}

/**
 * Imports records into the workspace's store as one product, streamed chunk by chunk. Its lineage
 * says how it was made (import, format, schema, DANCE version); its provenance says from what
 * (source path, size, sha256) and by whom. Nothing is visible until the final commit.
 */
export async function importRecords(ws: Workspace, req: ImportRequest, opts: GlobalOptions): Promise<ImportResult> {
  const schema = knownType(req.type);
  const chunkRows = req.chunkRows ?? Math.max(1, Math.floor(CHUNK_BYTES / rowLayout(schema).rowBytes));
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
    throw new UserError(`--chunk-rows must be a positive integer, got ${req.chunkRows}`);
  }
  const run = invocation(req.argv);
  const input = openImportSource(req.source, schema, chunkRows);
  const key: ProductKey = {
    run: req.run,
    type: schema.name,
    lineage: importLineage({ format: input.format, schema, danceVersion: VERSION }),
  };
  const store = new Store(ws.dataDir);
  if (!req.overwrite && store.has(key)) {
    throw new UserError(
      `product ${key.run}/${key.type} (lineage ${key.lineage}) already exists in ${ws.dataDir}: pass --overwrite to replace it`,
    );
  }
  const source = await describeSource(req.source);
  // The writer keeps this object and writes it into the manifest at commit, after `ended` is set.
  const provenance: Record<string, unknown> = {
    ...run,
    workspace: ws.config.name,
    source: { ...source, format: input.format, ...(input.details ? { metadata: input.details } : {}) },
  };
  const writer = store.writer(key, schema, { provenance, overwrite: req.overwrite });
  const progress = startProgress(opts, `import ${key.run}/${key.type}`, input.rows, 'rows');
  try {
    let done = 0;
    let previous: RecordBatch | undefined;
    // Hold one chunk back: its end is the next chunk's first time, so the chunks tile the run.
    for await (const chunk of chunksByTime(input.batches(), chunkRows, req.source)) {
      if (previous) await writer.write(previous, { end: chunk.time[0] });
      previous = chunk;
      done += chunk.length;
      progress.update(done);
    }
    if (previous) await writer.write(previous);
    provenance.ended = new Date().toISOString();
    const manifest = await writer.commit();
    await recordInCatalog(ws, runExtent(manifest, 'imported'), [
      {
        key,
        activity: {
          name: 'dance import',
          version: VERSION,
          // the source lives outside the catalog, so it is named with its checksum here rather than as an input
          config: { format: input.format, source },
          start: isoToNs(run.started),
          end: isoToNs(provenance.ended as string),
        },
      },
    ]);
    return { key, format: input.format, manifest, source };
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    progress.finish();
  }
}
