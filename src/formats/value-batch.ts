/**
 * Gathers a block's bare latencies for the sink's `values`: a typed array keeps them unboxed, and there is one
 * call per batch instead of one per value. Whatever else a block yields goes through here too, so that the
 * batch goes out first and outcomes keep their line order.
 */
import type { BlockSink } from "./types.js";
import type { Sample } from "../core/sample.js";

const BATCH_SIZE = 4096;

export class ValueBatch {
  private readonly batch = new Float64Array(BATCH_SIZE);
  private count = 0;
  /** Set by `to` before each block. */
  private sink!: BlockSink;

  /**
   * This batch, emptied, gathering for `sink`: a decoder keeps one for all its blocks, since a new one per block
   * (32 KB outside the heap) piled up as garbage between collections.
   */
  to(sink: BlockSink): this {
    this.sink = sink;
    this.count = 0;
    return this;
  }

  value(latencyNs: number): void {
    this.batch[this.count++] = latencyNs;
    if (this.count === BATCH_SIZE) this.flush();
  }

  sample(sample: Sample): void {
    this.flush();
    this.sink.sample(sample);
  }

  slowLine(bytes: Uint8Array, start: number, end: number, lineNo: number): void {
    this.flush();
    this.sink.slowLine(bytes, start, end, lineNo);
  }

  /** Sends what is gathered; call at the end of the block. */
  flush(): void {
    if (this.count > 0) this.sink.values(this.batch, this.count);
    this.count = 0;
  }
}
