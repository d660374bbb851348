// The daemon as a separate process, so a test can kill -9 it mid-transfer: one pass at 1 MB/s.
import { openCatalog } from '@dance/catalog';
import { runPass } from '../src/index.js';

const catalog = await openCatalog(process.argv[2]);
await runPass(catalog, { bandwidth: 1_000_000 });
await catalog.close();
