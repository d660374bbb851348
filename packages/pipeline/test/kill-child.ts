// Child process for the interruption test: processes toy_clusters slowly until the parent kills it.
import { Store } from '@dance/store';
import { processRun } from '../src/index.js';
import { plugins } from './toy-plugins.js';

const [dir, chunkBytes] = process.argv.slice(2);
await processRun(new Store(dir), {
  run: 'r1',
  target: 'toy_clusters',
  plugins,
  chunkBytes: Number(chunkBytes),
  settings: { delay_ms: 100 },
});
