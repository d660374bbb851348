import type { RecordBatch, RecordSchema } from '@dance/schema';

/** What an option holds: `numbers` is one number or one per channel. */
export type OptionType = 'number' | 'integer' | 'boolean' | 'string' | 'numbers';
export type OptionValue = number | boolean | string | readonly number[];

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  /** Absent: the option is required (the user or the run's provenance must set it). */
  readonly default?: OptionValue;
  /** Tracked options change the product's lineage; untracked ones (e.g. diagnostics) do not. */
  readonly tracked: boolean;
  readonly description: string;
}

/** Where a chunk lies in the run, handed to every compute call. */
export interface ChunkContext {
  /**
   * The chunk's number within the group of stored input chunks that holds it (0 for the first);
   * for messages only: products must not depend on how a run is chunked.
   */
  readonly index: number;
  /** [start, end) in ns: every output row must lie inside (except before the first and after the last chunk). */
  readonly start: bigint;
  readonly end: bigint;
}

export type OptionValues = Readonly<Record<string, OptionValue>>;

/**
 * One processing step: `compute` turns the inputs of one chunk (time-sorted batches of each type in
 * `dependsOn`) into the chunk's rows of `provides`. It must be a pure function of its inputs,
 * options and context, so products do not depend on how a run is chunked or which thread ran it.
 */
export interface Plugin {
  readonly name: string;
  readonly provides: RecordSchema;
  readonly dependsOn: readonly string[];
  /** Bump on any change of output; the code hash catches the changes nobody bumped for. */
  readonly version: string;
  readonly options: readonly OptionSpec[];
  /**
   * Sources whose text is hashed into the lineage: '<package>' (all of its src/) or
   * '<package>/<path>' (a file or folder in it), e.g. '@dance/chain/src/plugins/hits.ts', '@dance/signal'.
   */
  readonly code: readonly string[];
  /**
   * Context the plugin needs across a chunk boundary, in ns: the pipeline cuts chunks only inside
   * gaps of at least this length in which no input row lies, with the cut in the middle of the gap.
   */
  contextNs(options: OptionValues): number;
  /**
   * Int32 or int64 columns holding row numbers of a type within the chunk (e.g. hits.record_i →
   * records; a plugin may name its own type to number its rows run-wide): the pipeline stores them
   * as row numbers within the run, so products do not depend on chunking. Negative values (no row) stay.
   */
  readonly rowReferences?: Readonly<Record<string, string>>;
  /**
   * 'always' (default) stores the product whenever it is made; 'target' only when it is the target,
   * for bulky intermediates cheaper to recompute than to store (straxen's SaveWhen.TARGET for records).
   */
  readonly saveWhen?: 'always' | 'target';
  compute(inputs: Readonly<Record<string, RecordBatch>>, options: OptionValues, chunk: ChunkContext): RecordBatch;
  /**
   * Called with an output of compute once the pipeline is done with it (every step of its chunk has
   * run and the stored products are encoded): the plugin may reuse its buffers for the next chunk.
   */
  release?(output: RecordBatch): void;
}
