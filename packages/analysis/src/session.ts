import { mkdirSync } from 'node:fs';
import { type RecordSchema, UserError } from '@dance/schema';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { BlindingRegion } from './blinding.js';
import { checkParsed } from './guard.js';
import { quoteIdent, quoteString } from './sql.js';
import type { VetoSet } from './vetoes.js';

/** DuckDB's resources. The memory limit bounds its buffer manager only: plan on ~2x in RSS. */
export interface Resources {
  /** e.g. '1GB'. */
  memoryLimit: string;
  /** Default: all cores. */
  threads?: number;
  /** Where sorts, joins and groupings spill. */
  tempDir: string;
  /** Cap on spilled bytes, e.g. '20GB' (DuckDB's default: 90 % of the free disk). */
  maxTempSize?: string;
}

/** One queryable table: a product type over the Parquet chunk files of the selected runs. */
export interface TableSource {
  name: string;
  files: string[];
  /** The schema every chunk was stored with, from the manifests; absent when the runs differ. */
  schema?: RecordSchema;
}

export type Row = Record<string, DuckDBValue>;

/**
 * A DuckDB session whose only data are views over stored Parquet chunks with the active blinding
 * regions filtered out. Once the views exist, file access is limited to those chunks and the
 * configuration is locked, and every query passes `checkParsed`, so no path reads around the views.
 */
export class AnalysisSession {
  readonly views: ReadonlySet<string>;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    /** The stored chunks behind each view (the typed-array histogram scan reads them directly). */
    readonly tables: readonly TableSource[],
    readonly blinding: readonly BlindingRegion[],
  ) {
    this.views = new Set(tables.map((t) => t.name));
  }

  /**
   * With `vetoes`, every view gains a boolean column `vetoed`: the row's time falls in a veto
   * interval, found by an ASOF join on the merged intervals (the primer measured BETWEEN anti-joins
   * 6x slower with twice the memory).
   */
  static async open(
    resources: Resources,
    tables: readonly TableSource[],
    blinding: readonly BlindingRegion[],
    vetoes?: Pick<VetoSet, 'starts' | 'ends'>,
  ): Promise<AnalysisSession> {
    mkdirSync(resources.tempDir, { recursive: true });
    const options: Record<string, string> = {
      memory_limit: resources.memoryLimit,
      temp_directory: resources.tempDir,
    };
    if (resources.threads !== undefined) options.threads = String(resources.threads);
    if (resources.maxTempSize !== undefined) options.max_temp_directory_size = resources.maxTempSize;
    const instance = await DuckDBInstance.create(':memory:', options);
    const db = await instance.connect();
    try {
      if (vetoes) await loadVetoTable(db, vetoes);
      for (const table of tables) {
        if (table.files.length === 0) throw new UserError(`table '${table.name}': no stored chunks selected`);
        const hidden = blinding.filter((r) => r.table === table.name);
        // A region that cannot be evaluated (NULL) hides the row: blinding errs on the safe side.
        const filter = hidden.length
          ? ` WHERE NOT coalesce(${hidden.map((r) => `(${r.where})`).join(' OR ')}, true)`
          : '';
        const files = table.files.map(quoteString).join(', ');
        try {
          const source = vetoes
            ? `SELECT e.*, (v.veto_start IS NOT NULL AND e.time < v.veto_end) AS vetoed FROM read_parquet([${files}]) e ASOF LEFT JOIN ${VETO_TABLE} v ON e.time >= v.veto_start`
            : `SELECT * FROM read_parquet([${files}])`;
          await db.run(`CREATE VIEW ${quoteIdent(table.name)} AS ${source}${filter}`);
        } catch (err) {
          const names = hidden.map((r) => `'${r.name}'`).join(', ');
          const what = hidden.length ? `blinding region ${names} on table '${table.name}'` : `table '${table.name}'`;
          throw new UserError(`${what}: ${firstLine(err)}`);
        }
      }
      const allowed = tables.flatMap((t) => t.files).map(quoteString);
      await db.run(`SET allowed_paths = [${allowed.join(', ')}]`);
      await db.run(`SET allowed_directories = [${quoteString(resources.tempDir)}]`);
      await db.run('SET enable_external_access = false');
      await db.run('SET lock_configuration = true');
    } catch (err) {
      db.closeSync();
      instance.closeSync();
      throw err;
    }
    return new AnalysisSession(instance, db, tables, blinding);
  }

  /** Refuses anything but one SELECT over the views (see guard.ts). */
  async check(sql: string): Promise<void> {
    const reader = await this.db.runAndReadAll(`SELECT json_serialize_sql(${quoteString(sql)}) AS tree`);
    checkParsed(String(reader.getRows()[0][0]), sql, this.views);
  }

  /** Runs a checked query and yields its rows a DuckDB chunk (≤2048 rows) at a time. */
  async *stream(sql: string): AsyncGenerator<{ columns: string[]; rows: Row[] }> {
    await this.check(sql);
    const result = await this.db.stream(sql).catch(userError);
    const columns = result.columnNames();
    for (;;) {
      const chunk = await result.fetchChunk().catch(userError);
      if (!chunk || chunk.rowCount === 0) return;
      yield { columns, rows: chunk.getRowObjects(columns) };
    }
  }

  /** A small (aggregated) result, whole. */
  async all(sql: string): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const part of this.stream(sql)) rows.push(...part.rows);
    return rows;
  }

  /** Columns of a view, in order. */
  async columns(view: string): Promise<string[]> {
    this.requireView(view);
    const reader = await this.db.runAndReadAll(`SELECT * FROM ${quoteIdent(view)} LIMIT 0`);
    return reader.columnNames();
  }

  requireView(view: string): void {
    if (!this.views.has(view)) {
      throw new UserError(`no table '${view}' in this selection (tables: ${[...this.views].join(', ') || 'none'})`);
    }
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }
}

const VETO_TABLE = 'dq_vetoes';

async function loadVetoTable(db: DuckDBConnection, vetoes: Pick<VetoSet, 'starts' | 'ends'>): Promise<void> {
  await db.run(`CREATE TABLE ${VETO_TABLE} (veto_start BIGINT, veto_end BIGINT)`);
  const appender = await db.createAppender(VETO_TABLE);
  for (let i = 0; i < vetoes.starts.length; i++) {
    appender.appendBigInt(vetoes.starts[i]);
    appender.appendBigInt(vetoes.ends[i]);
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * DuckDB's parser/binder/conversion errors are the user's to fix, and so are damaged or missing
 * stored files (Invalid/IO: `dance check` finds them, a replica repairs them); keep their first line.
 */
function userError(err: unknown): never {
  const message = firstLine(err);
  if (/^(Parser|Binder|Catalog|Conversion|Invalid Input|Out of Memory|Permission) Error/.test(message)) {
    throw new UserError(`query: ${message}`);
  }
  if (/^(Invalid|IO) Error/.test(message)) {
    throw new UserError(`stored data: ${message} (run dance check to find damaged files)`);
  }
  throw err;
}

function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split('\n')[0];
}
