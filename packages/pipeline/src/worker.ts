import { parentPort, workerData } from 'node:worker_threads';
import { computeChunk, type PackedBatch, packBatches, type StepSpec, unpackBatches } from './chunk-job.js';
import type { ChunkContext, Plugin } from './plugin.js';

/** Worker thread: imports the plugin module named by the pipeline and computes the chunks it is sent. */
interface WorkMessage {
  readonly id: number;
  readonly context: ChunkContext;
  readonly inputs: Record<string, PackedBatch>;
}

const { module, steps } = workerData as { module: string; steps: StepSpec[] };
const loaded = (await import(module)) as { plugins?: Plugin[] };
if (!Array.isArray(loaded.plugins)) throw new Error(`${module} exports no 'plugins' array`);
const plugins = new Map(loaded.plugins.map((p) => [p.provides.name, p]));

parentPort?.on('message', (m: WorkMessage) => {
  try {
    const outputs = computeChunk(plugins, steps, { context: m.context, inputs: unpackBatches(m.inputs) });
    const { packed, transfer } = packBatches(outputs);
    parentPort?.postMessage({ id: m.id, outputs: packed }, transfer);
  } catch (err) {
    const e = err as Error;
    parentPort?.postMessage({ id: m.id, error: e.message, userError: e.name === 'UserError' });
  }
});
