import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatch, rawRecords } from '@dance/schema';
import { Store } from '@dance/store';
// the strax-made fixtures and their reader belong to @dance/signal's tests
import { fixture, readNpyGz } from '../../signal/test/npy.js';

export { fixture, readNpyGz };

/** A fresh store holding run `r`'s raw_records from a signal fixture, as one store chunk. */
export async function fixtureStore(name: string): Promise<Store> {
  const store = new Store(mkdtempSync(join(tmpdir(), 'dance-chain-')));
  const raw = readNpyGz(fixture(name));
  const batch = new RecordBatch(rawRecords, raw.length, raw.columns as never).sortByTime();
  const w = store.writer({ run: 'r', type: 'raw_records', lineage: 'strax1' }, rawRecords);
  await w.write(batch);
  await w.commit();
  return store;
}
