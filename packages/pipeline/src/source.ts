import { concatBatches, type RecordBatch, type RecordSchema } from '@dance/schema';

/**
 * A stored product read chunk by chunk and handed out in consecutive time ranges, holding only
 * what the current pipeline chunk needs (bounded memory whatever the run length).
 */
export class SourceBuffer {
  private readonly chunks: AsyncGenerator<RecordBatch>;
  private parts: RecordBatch[] = [];
  private rows = 0;
  private exhausted = false;

  constructor(
    readonly schema: RecordSchema,
    chunks: AsyncGenerator<RecordBatch>,
  ) {
    this.chunks = chunks;
  }

  get done(): boolean {
    return this.exhausted && this.rows === 0;
  }

  /** Everything buffered as one batch, after reading until at least `rows` rows are held (or the end). */
  async peek(rows: number): Promise<{ batch: RecordBatch; complete: boolean }> {
    while (this.rows < rows && !this.exhausted) await this.pull();
    return { batch: this.joined(), complete: this.exhausted };
  }

  /** Removes and returns the buffered rows that start before `end` (all rows when end is undefined). */
  async take(end?: bigint): Promise<RecordBatch> {
    while (!this.exhausted && (end === undefined || this.lastTime() < end)) await this.pull();
    const all = this.joined();
    let n = all.length;
    if (end !== undefined) {
      n = 0;
      while (n < all.length && all.time[n] < end) n++;
    }
    const rest = all.slice(n);
    this.parts = rest.length > 0 ? [rest] : [];
    this.rows = rest.length;
    return all.slice(0, n);
  }

  private lastTime(): bigint {
    const last = this.parts.at(-1);
    return last && last.length > 0 ? last.time[last.length - 1] : -(2n ** 63n);
  }

  private async pull(): Promise<void> {
    const next = await this.chunks.next();
    if (next.done) {
      this.exhausted = true;
      return;
    }
    if (next.value.length === 0) return;
    this.parts.push(next.value);
    this.rows += next.value.length;
  }

  private joined(): RecordBatch {
    if (this.parts.length !== 1) this.parts = [concatBatches(this.schema, this.parts)];
    return this.parts[0];
  }
}
