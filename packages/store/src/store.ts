import { type RecordBatch, type RecordSchema, UserError } from '@dance/schema';
import { type Manifest, parseManifest } from './manifest.js';
import { checkKey, keyLabel, type ProductKey, productDir, TYPE_PATTERN } from './names.js';
import { type ReadOptions, readProduct, readProductAll, readProductChunk } from './reader.js';
import { LocalSite, type Site } from './site.js';
import { ProductWriter, type WriterOptions } from './writer.js';

/**
 * Products on one site: `<run>/<type>-<lineage>/` holding manifest.json and chunk files
 * `<type>-<lineage>-<index>.arrow|.parquet`, each readable without DANCE.
 */
export class Store {
  readonly site: Site;

  /** A store in a local directory, or on any site. */
  constructor(where: string | Site) {
    this.site = typeof where === 'string' ? new LocalSite(where) : where;
  }

  writer(key: ProductKey, schema: RecordSchema, options: WriterOptions = {}): ProductWriter {
    return new ProductWriter(this.site, key, schema, options);
  }

  has(key: ProductKey): boolean {
    checkKey(key);
    return this.site.exists(`${productDir(key)}/manifest.json`);
  }

  /** Committed products, optionally of one run and/or type, sorted by run, type, lineage. */
  list(filter: { run?: string; type?: string } = {}): ProductKey[] {
    if (filter.run !== undefined) checkKey({ run: filter.run, type: 'x', lineage: 'x' });
    const out: ProductKey[] = [];
    const runs = filter.run !== undefined ? [filter.run] : this.site.list('').filter(visible);
    for (const run of runs) {
      for (const name of this.site.list(run).filter(visible)) {
        const dash = name.indexOf('-');
        const key = { run, type: name.slice(0, dash), lineage: name.slice(dash + 1) };
        if (dash < 1 || !TYPE_PATTERN.test(key.type)) continue;
        if (filter.type !== undefined && key.type !== filter.type) continue;
        if (this.site.exists(`${run}/${name}/manifest.json`)) out.push(key);
      }
    }
    return out;
  }

  /** The product's manifest, checked against its own sha256; UserError naming the file otherwise. */
  manifest(key: ProductKey): Manifest {
    checkKey(key);
    const path = `${productDir(key)}/manifest.json`;
    const where = this.site.locate(path);
    if (!this.site.exists(productDir(key))) {
      throw new UserError(`no product ${keyLabel(key)} in ${this.site.locate('')}`);
    }
    if (!this.site.exists(path)) throw new UserError(`${where}: manifest is missing`);
    const manifest = parseManifest(new TextDecoder().decode(this.site.readFile(path)), where);
    if (manifest.run !== key.run || manifest.type !== key.type || manifest.lineage !== key.lineage) {
      throw new UserError(`${where}: manifest describes ${keyLabel(manifest)}, not ${keyLabel(key)}`);
    }
    return manifest;
  }

  /** One batch per chunk in range; see readProduct for the selection rule. */
  read(key: ProductKey, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    return readProduct(this.site, this.manifest(key), options);
  }

  /** One chunk of a product whose manifest the caller holds (checked against its adler32). */
  readChunk(manifest: Manifest, index: number): RecordBatch {
    return readProductChunk(this.site, manifest, index);
  }

  async readAll(key: ProductKey, options: ReadOptions = {}): Promise<RecordBatch> {
    return readProductAll(this.site, this.manifest(key), options);
  }
}

/** Temporary and retired product directories start with a dot and are never listed. */
function visible(name: string): boolean {
  return !name.startsWith('.');
}
