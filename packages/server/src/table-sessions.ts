import { resolve } from 'node:path';
import {
  AnalysisSession,
  activeRegions,
  DEFAULT_ANALYSIS,
  readUnblindingLog,
  selectProducts,
  unblindingLogPath,
} from '@dance/analysis';
import type { ProductKey, Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';

/**
 * DuckDB sessions over table products (Parquet), one per product, opened on first use: the event
 * list pages through them with a filter. They are @dance/analysis sessions, so the workspace's
 * blinding regions hide rows here exactly as in `dance query`, and only one guarded SELECT runs.
 */
export class TableSessions {
  private readonly sessions = new Map<string, Promise<AnalysisSession>>();

  constructor(
    private readonly workspace: Workspace,
    private readonly store: Store,
  ) {}

  session(key: ProductKey): Promise<AnalysisSession> {
    const id = `${key.run}/${key.type}/${key.lineage}`;
    let session = this.sessions.get(id);
    if (!session) {
      session = this.open(key);
      this.sessions.set(id, session);
      session.catch(() => this.sessions.delete(id));
    }
    return session;
  }

  private async open(key: ProductKey): Promise<AnalysisSession> {
    const config = this.workspace.config.analysis ?? DEFAULT_ANALYSIS;
    const selection = selectProducts(this.store, '', [key.run], [key.type], key.lineage);
    const blinded = activeRegions(config.blinding, readUnblindingLog(unblindingLogPath(this.workspace.root)));
    return AnalysisSession.open(
      {
        memoryLimit: config.memory_limit,
        threads: config.threads,
        tempDir: resolve(this.workspace.root, config.temp_dir),
        maxTempSize: config.max_temp_size,
      },
      selection.tables,
      blinded,
    );
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) (await session.catch(() => undefined))?.close();
    this.sessions.clear();
  }
}
