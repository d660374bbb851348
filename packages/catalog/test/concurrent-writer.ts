/**
 * Child process of concurrency.test.ts: registers a run and `batches` x 50 files in separate
 * transactions, as fast as it can, into the catalog at argv[2].
 */
import { openCatalog } from '../src/index.js';
import { fileSpec, runSpec } from './fixtures.js';

const [url, who, batches] = process.argv.slice(2);
// Both writers open (and so migrate) at the same moment: a new catalog must come out whole.
const catalog = await openCatalog(url);
await catalog.registerRun(runSpec(who === 'a' ? 1 : 2));
for (let b = 0; b < Number(batches); b++) {
  await catalog.registerFiles(Array.from({ length: 50 }, (_, i) => fileSpec(`scope-${who}`, `${b}/${i}`)));
}
await catalog.close();
process.send?.('done');
