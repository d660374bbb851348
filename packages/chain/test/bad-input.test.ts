import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRun } from '@dance/pipeline';
import { isUserError, RecordBatch, rawRecords } from '@dance/schema';
import { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { plugins } from '../src/index.js';
import { fixture, readNpyGz } from './helpers.js';

const STRAX = { to_pe: 0.005, n_top_channels: 253 };

/** A store holding the multi-record fixture with one edit applied to its (time-sorted) rows. */
async function editedStore(edit: (b: RecordBatch) => void): Promise<Store> {
  const store = new Store(mkdtempSync(join(tmpdir(), 'dance-chain-bad-')));
  const raw = readNpyGz(fixture('multi_raw_records'));
  const batch = new RecordBatch(rawRecords, raw.length, raw.columns as never).sortByTime();
  edit(batch);
  const w = store.writer({ run: 'r', type: 'raw_records', lineage: 'strax1' }, rawRecords);
  await w.write(batch);
  await w.commit();
  return store;
}

describe('bad raw_records', () => {
  it('stops on overlapping records in one channel, naming the chunk and row, and stores nothing', async () => {
    const store = await editedStore((b) => {
      // the 2nd row now starts with the 1st, in its channel
      b.time[1] = b.time[0];
      (b.column('channel') as Int16Array)[1] = (b.column('channel') as Int16Array)[0];
    });
    const err = await processRun(store, { run: 'r', target: 'peaklets', plugins, settings: STRAX }).catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(
      /^plugin records, chunk 0 \(\S+ to \S+\): raw_records row 1: channel \d+ record at \d+ ns overlaps the previous record of that channel$/,
    );
    expect(store.list({ run: 'r' }).map((k) => k.type)).toEqual(['raw_records']);
    expect((await store.readAll(store.list({ run: 'r' })[0])).length).toBeGreaterThan(1000);
  });

  it('stops on mixed sample widths', async () => {
    const store = await editedStore((b) => {
      (b.column('dt') as Int16Array)[5] = 5;
    });
    await expect(processRun(store, { run: 'r', target: 'records', plugins })).rejects.toThrow(
      'raw_records row 5: field dt is 5 ns, but row 0 has 10 ns',
    );
  });
});
