import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '@dance/store';
import { AnalysisSession, type BlindingRegion, selectProducts, syntheticEventInfo } from '../src/index.js';

export const RUN_START = 1_780_000_000_000_000_000n;

/** Two runs of synthetic event_info (2 chunks each, event numbers run-wide) in a fresh store. */
export async function makeStore(rowsPerChunk = 2000): Promise<{ dir: string; store: Store; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'dance-analysis-'));
  const store = new Store(join(dir, 'data'));
  for (const [r, run] of ['000001', '000002'].entries()) {
    const events = syntheticEventInfo(2 * rowsPerChunk, RUN_START + BigInt(r) * 10n ** 12n, r + 1);
    const w = store.writer({ run, type: 'event_info', lineage: 'synth0' }, events.schema);
    await w.write(events.slice(0, rowsPerChunk));
    await w.write(events.slice(rowsPerChunk, 2 * rowsPerChunk));
    await w.commit();
  }
  return { dir, store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openSession(
  dir: string,
  store: Store,
  blinding: BlindingRegion[] = [],
  runs = ['000001', '000002'],
): Promise<AnalysisSession> {
  const selection = selectProducts(store, '', runs, ['event_info']);
  return AnalysisSession.open(
    { memoryLimit: '256MB', threads: 1, tempDir: join(dir, 'tmp') },
    selection.tables,
    blinding,
  );
}
