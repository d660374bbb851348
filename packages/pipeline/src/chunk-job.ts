import { isUserError, nsToIso, RecordBatch, type RecordSchema, type TypedArray, UserError } from '@dance/schema';
import type { ChunkContext, OptionValues, Plugin } from './plugin.js';

/** One pipeline chunk: the stored inputs in its time range and the steps to run on them. */
export interface ChunkJob {
  readonly context: ChunkContext;
  readonly inputs: Readonly<Record<string, RecordBatch>>;
}

/** A step as a worker thread receives it: the plugin by the type it provides, with its options. */
export interface StepSpec {
  readonly type: string;
  readonly options: OptionValues;
}

/** A batch as it crosses between threads: compact copies of its columns, transferable. */
export interface PackedBatch {
  readonly schema: RecordSchema;
  readonly length: number;
  readonly columns: Record<string, TypedArray>;
}

/**
 * Runs the steps in order on one chunk; each sees the stored inputs and the outputs of earlier
 * steps. Returns the outputs by type. A PluginFailure (the caller names the chunk) when a plugin
 * throws a UserError, returns the wrong type or unsorted rows.
 */
export function computeChunk(
  plugins: ReadonlyMap<string, Plugin>,
  steps: readonly StepSpec[],
  job: ChunkJob,
): Record<string, RecordBatch> {
  const available: Record<string, RecordBatch> = { ...job.inputs };
  const outputs: Record<string, RecordBatch> = {};
  const { index, start, end } = job.context;
  for (const step of steps) {
    const plugin = plugins.get(step.type);
    if (!plugin) throw new Error(`no plugin provides '${step.type}'`);
    const inputs = Object.fromEntries(plugin.dependsOn.map((t) => [t, available[t]]));
    let out: RecordBatch;
    try {
      out = plugin.compute(inputs, step.options, job.context);
    } catch (err) {
      // rows in a kernel's message count from the chunk start, which the chunk's time range locates
      if (!isUserError(err)) throw err;
      const where = `(${nsToIso(start)} to ${nsToIso(end)}): ${(err as Error).message}`;
      throw new PluginFailure(plugin.name, index, where);
    }
    if (out.schema.name !== step.type)
      throw new PluginFailure(plugin.name, index, `: returned ${out.schema.name}, not ${step.type}`);
    if (!out.isTimeSorted()) throw new PluginFailure(plugin.name, index, ': output is not sorted by time');
    available[step.type] = out;
    outputs[step.type] = out;
  }
  return outputs;
}

/** A plugin's failure on a chunk; the pipeline reports it as a UserError naming the chunk's index in the product. */
export class PluginFailure extends Error {
  constructor(
    readonly plugin: string,
    /** The chunk's number within the group of stored chunks that made it. */
    readonly piece: number,
    /** The message after 'plugin <name>, chunk <index>' (starts with ' (' or ': '). */
    readonly detail: string,
  ) {
    super(`plugin ${plugin}, chunk ${piece}${detail.startsWith(':') ? '' : ' '}${detail}`);
  }

  /** The UserError a user sees, the chunk numbered within the product. */
  userError(chunkIndex: number): UserError {
    return new UserError(
      `plugin ${this.plugin}, chunk ${chunkIndex}${this.detail.startsWith(':') ? '' : ' '}${this.detail}`,
    );
  }
}

/** Packs batches for postMessage, listing the buffers to transfer (copies, so views of larger buffers stay put). */
export function packBatches(batches: Readonly<Record<string, RecordBatch>>): {
  packed: Record<string, PackedBatch>;
  transfer: ArrayBuffer[];
} {
  const packed: Record<string, PackedBatch> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [type, b] of Object.entries(batches)) {
    const columns: Record<string, TypedArray> = {};
    for (const f of b.schema.fields) {
      const copy = b.column(f.name).slice() as TypedArray;
      columns[f.name] = copy;
      transfer.push(copy.buffer as ArrayBuffer);
    }
    packed[type] = { schema: plainSchema(b.schema), length: b.length, columns };
  }
  return { packed, transfer };
}

export function unpackBatches(packed: Readonly<Record<string, PackedBatch>>): Record<string, RecordBatch> {
  return Object.fromEntries(
    Object.entries(packed).map(([type, p]) => [type, new RecordBatch(p.schema, p.length, p.columns as never)]),
  );
}

function plainSchema(s: RecordSchema): RecordSchema {
  return {
    name: s.name,
    version: s.version,
    description: s.description,
    storage: s.storage,
    fields: s.fields.map((f) => ({ ...f })),
  };
}
