import { UserError } from '@dance/schema';
import {
  addCondition,
  type ConditionSpec,
  conditionVersions,
  type ResolveAt,
  resolveCondition,
  tagConditions,
} from './conditions.js';
import {
  addDataset,
  attach,
  closeDataset,
  type DatasetOptions,
  datasetContents,
  detach,
  getDataset,
  listDatasets,
} from './datasets.js';
import { type Connection, connect } from './dialect.js';
import { type FileSpec, getFile, registerFiles } from './files.js';
import { MetadataSchemas } from './metadata-schema.js';
import { migrate } from './migrate.js';
import {
  filesOfManifest,
  getProduct,
  listProducts,
  type ManifestLike,
  type ProductFile,
  type ProductKey,
  registerProduct,
} from './products.js';
import { toProvJson } from './prov-json.js';
import { provTree } from './prov-tree.js';
import { downstream, type ProvenanceSpec, upstream } from './provenance.js';
import { addReplica, type ReplicaState, replicasOf } from './replicas.js';
import {
  findRuns,
  getRun,
  nextRunNumber,
  type RunQuery,
  type RunSpec,
  registerRun,
  requireRun,
  setMetadata,
  suggestRuns,
  tagRun,
} from './runs.js';
import { addSite, listSites, type Site } from './sites.js';

export interface OpenOptions {
  /** Folder that relative sqlite: paths are resolved against (the workspace); default the cwd. */
  base?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** Opens (creating and migrating when needed) the catalog at `url`: `sqlite:<path>` or `postgres://...`. */
export async function openCatalog(url: string, options: OpenOptions = {}): Promise<Catalog> {
  const connection = connect(url, options.base);
  try {
    if (options.migrate ?? true) await migrate(connection);
  } catch (err) {
    await connection.db.destroy();
    throw err;
  }
  return new Catalog(connection);
}

/** The catalog's public face: one method per operation, each implemented in its own module. */
export class Catalog {
  readonly metadataSchemas: MetadataSchemas;

  constructor(readonly connection: Connection) {
    this.metadataSchemas = new MetadataSchemas(connection);
  }

  get backend() {
    return this.connection.backend;
  }

  close(): Promise<void> {
    return this.connection.db.destroy();
  }

  // runs
  registerRun(spec: RunSpec) {
    return registerRun(this.connection, this.metadataSchemas, spec);
  }
  /** The run with this id if it exists, else registers it (for importers and the simulator). */
  async ensureRun(spec: RunSpec) {
    return (await getRun(this.connection, spec.id)) ?? this.registerRun(spec);
  }
  runs(query: RunQuery = {}) {
    return findRuns(this.connection, query);
  }
  /** The run, or a UserError "unknown run 'kr-01'; did you mean kr-001?" */
  run(id: string) {
    return requireRun(this.connection, id);
  }
  nextRunNumber() {
    return nextRunNumber(this.connection);
  }
  findRun(id: string) {
    return getRun(this.connection, id);
  }
  suggest(name: string) {
    return suggestRuns(this.connection, name);
  }
  setMetadata(run: string, entries: Record<string, unknown>) {
    return setMetadata(this.connection, this.metadataSchemas, run, entries);
  }
  tagRun(run: string, tags: string[]) {
    return tagRun(this.connection, run, tags);
  }
  addMetadataSchema(schema: object) {
    return this.metadataSchemas.add(schema);
  }

  // files, datasets, sites, replicas
  registerFiles(files: FileSpec[]) {
    return registerFiles(this.connection, files);
  }
  file(did: string) {
    return getFile(this.connection, did);
  }
  addDataset(did: string, options?: DatasetOptions) {
    return addDataset(this.connection, did, options);
  }
  attach(parent: string, children: string[]) {
    return attach(this.connection, parent, children);
  }
  detach(parent: string, children: string[]) {
    return detach(this.connection, parent, children);
  }
  closeDataset(did: string) {
    return closeDataset(this.connection, did);
  }
  dataset(did: string) {
    return getDataset(this.connection, did);
  }
  datasets(scope?: string) {
    return listDatasets(this.connection, scope);
  }
  datasetContents(did: string) {
    return datasetContents(this.connection, did);
  }
  addSite(site: Site) {
    return addSite(this.connection, site);
  }
  sites() {
    return listSites(this.connection);
  }
  addReplica(file: string, site: string, state?: ReplicaState, path?: string | null) {
    return addReplica(this.connection, file, site, state, path);
  }
  replicas(file: string) {
    return replicasOf(this.connection, file);
  }

  // products and provenance
  /** One call for importers and processing: product + files + provenance, atomically. */
  registerProduct(run: string, type: string, lineage: string, files: ProductFile[], provenance?: ProvenanceSpec) {
    return registerProduct(this.connection, { run, type, lineage }, files, provenance);
  }
  /**
   * One call for the simulator, importers and processing: registers the run when `run` is given
   * and new, then the product described by a store manifest (one file per chunk) and its provenance.
   */
  async recordManifest(manifest: ManifestLike, options: { run?: RunSpec; provenance?: ProvenanceSpec } = {}) {
    if (options.run) {
      if (options.run.id !== manifest.run) {
        throw new UserError(`manifest is for run '${manifest.run}', not '${options.run.id}'`);
      }
      await this.ensureRun(options.run);
    }
    return this.registerProduct(
      manifest.run,
      manifest.type,
      manifest.lineage,
      filesOfManifest(manifest),
      options.provenance,
    );
  }
  product(key: ProductKey) {
    return getProduct(this.connection, key);
  }
  products(filter?: Partial<ProductKey>) {
    return listProducts(this.connection, filter);
  }
  upstream(entity: string) {
    return upstream(this.connection, entity);
  }
  async provenanceTree(entity: string) {
    return provTree(await upstream(this.connection, entity));
  }
  async provenanceJson(entity: string) {
    return toProvJson(await upstream(this.connection, entity));
  }
  /** Everything derived from a file, product or conditions version: the list to reprocess. */
  derivedFrom(entity: string) {
    return downstream(this.connection, entity);
  }

  // conditions
  addCondition(spec: ConditionSpec) {
    return addCondition(this.connection, spec);
  }
  conditionVersions(name: string) {
    return conditionVersions(this.connection, name);
  }
  tagConditions(tag: string, pins?: { name: string; version: number }[]) {
    return tagConditions(this.connection, tag, pins);
  }
  resolveCondition(tag: string | null, name: string, at: ResolveAt) {
    return resolveCondition(this.connection, tag, name, at);
  }
}
