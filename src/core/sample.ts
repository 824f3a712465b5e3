/** The currency of latstat: one request's timing, where an interval histogram sits, and who receives them. */
import type { Histogram } from "./histogram.js";

/** One request's timing, the common currency between decoders and recorders. */
export interface Sample {
  latencyNs: number;
  /** When the request started, in epoch nanoseconds. */
  startNs?: number;
  /** Request name, endpoint or label. */
  label?: string;
  status?: number;
  /** False when the tool marked the request as failed. */
  ok?: boolean;
  /** Connection, worker or session the request belongs to. */
  key?: string;
  /** HTTP method, when the format gives it apart from the label. */
  method?: string;
  /** Host (and port) the request went to, when the format gives it. */
  host?: string;
  /**
   * Values of the `--group-by` columns or fields, in the order of `DecodeOptions.groupBy`; "" when missing;
   * undefined for a name the format has no field of its own for (`endpoint`, `host`…): taken from the request
   * fields (label, status…) of core/group-key.ts.
   */
  groupValues?: (string | undefined)[];
  /** Value of the `--session` column or field; "" when missing. */
  session?: string;
  /**
   * The `--session` value as bytes instead of `session`, from a decoder's fast path: one character a byte
   * (Latin-1), an empty span when missing. The bytes are the reader's buffer, read while the sample is handed
   * on, never kept: ids are too many and too varied for a string per row to be worth its making.
   */
  sessionBytes?: ByteSpan;
}

/** `bytes[start, end)`. */
export interface ByteSpan {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** Where an interval histogram of an HdrHistogram log sits in time (Java's reader semantics), and its tag. */
export interface HistogramInterval {
  /** Interval start, seconds since the epoch. */
  startSec: number;
  lengthSec: number;
  /** The log's StartTime when the line was read, seconds since the epoch. */
  logStartSec: number;
  /** The `Tag=` name; absent on untagged lines. */
  tag?: string;
}

/** Receives the samples of an input as they are decoded (recorders, correctors, groupers…). */
export interface SampleConsumer {
  /** A latency with nothing else known. */
  value(latencyNs: number): void;
  /** Many latencies with nothing else known, `batch[0, count)`. */
  values(batch: Float64Array, count: number): void;
  /** A latency with more fields. */
  sample(sample: Sample): void;
  /** A whole histogram of latencies: one interval of an HdrHistogram log. */
  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void;
  /** A failed request the filters left out of the histogram: not a latency to record, but misery to count. */
  failure?(sample: Sample): void;
  /**
   * `count` requests of one latency (a spectrum row). Optional: without it they come as `values` batches, which
   * costs time in proportion to `count` — a damaged TotalCount of 10^15 would then take days.
   */
  repeated?(latencyNs: number, count: number): void;
  /**
   * Nothing more will be recorded here (the input this consumer records alone was read whole), but what it holds
   * is kept and read: room kept for more may be let go.
   */
  settle?(): void;
}
