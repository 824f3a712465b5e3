/** The contract between input formats and the rest of latstat: lines in, samples out. */
import type { BucketRead } from "../core/classic-histogram.js";
import type { Histogram } from "../core/histogram.js";
import type { HistogramInterval, Sample } from "../core/sample.js";
import type { TimeUnit } from "../base/units.js";
import type { SpanIds, SpanKind, SpanKindChoice } from "./span-kinds.js";

/**
 * Receives what a decoder makes of each line: exactly one call per line. A decoder may book a line later, e.g.
 * the first line of a record that spans lines once the record ends, and at the latest in `LineDecoder.end`.
 */
export interface SampleSink {
  /** A latency with nothing else known (the fast path). */
  value(latencyNs: number): void;
  /** Many latencies with nothing else known: `batch[0, count)`, each from its own line (the fastest path). */
  values(batch: Float64Array, count: number): void;
  /** A latency with more fields. */
  sample(sample: Sample): void;
  /** A line that carries a whole histogram of latencies in nanoseconds (an interval of an HdrHistogram log). */
  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void;
  /**
   * A line that carries no sample by design: blank, comment, header, or a record the format says is not a latency
   * (another k6 metric, a Gatling user record…). `reason` is short and stable; without one it is counted as
   * "blank, comment or header". `request`: the line is a request that did not fail but has no value of the
   * chosen metric (an nginx upstream time of `-`): it still counts among the requests a failure share is of.
   */
  skip(reason?: string, request?: boolean): void;
  /**
   * A line that stands for `count` requests of one latency, e.g. a row of a percentile spectrum read back as a
   * distribution; `count` is a non-negative integer.
   */
  repeated(latencyNs: number, count: number): void;
  /** A line that should have carried a sample but could not be read; `reason` is short and stable. */
  reject(reason: string): void;
  /**
   * The line the next outcomes belong to, for a decoder that books a line only after reading later ones (a CSV
   * record whose quoted field turns out never to close); without it they belong to the line being read.
   */
  at?(lineNo: number): void;
  /**
   * A request the log marks as failed without giving its latency (a proxy's timer of -1: aborted before it could
   * be measured): counted as failed and never recorded, even with `--include-errors`.
   */
  untimedFailure(request: Omit<Sample, "latencyNs">): void;
  /**
   * A line whose counts went into the bucket counts the decoder hands over at the end (`LineDecoder.buckets`), such
   * as a Prometheus histogram's `_bucket` line: recorded, though no sample comes of it.
   */
  bucketLine(): void;
}

/** A SampleSink that can also take the lines a block decoder leaves to the ordinary string path. */
export interface BlockSink extends SampleSink {
  /** Decodes one line of a block with the decoder's `line` method. */
  slowLine(bytes: Uint8Array, start: number, end: number, lineNo: number): void;
}

/** What the user said about how to read the input. */
export interface DecodeOptions {
  /**
   * Qualify each sample's sender key with its input's name (see SampleBooker): set when several inputs are read
   * into one report, whose senders are not one another's.
   */
  scopeSenders?: boolean;
  /** Unit of numbers without a unit suffix (`--unit`). */
  unit?: TimeUnit;
  /** Latency column of CSV/TSV, by name or 1-based index (`--column`). */
  column?: string;
  /** Latency field of JSON lines, as a dotted path (`--field`). */
  field?: string;
  /** Start-time column (CSV/TSV, name or 1-based index) or field (JSON, dotted path): `--time-column`/`--time-field`. */
  time?: string;
  /** Unit of numeric start times (`--time-unit`); by magnitude when absent. */
  timeUnit?: TimeUnit;
  /**
   * Column or field naming the connection/worker a request belongs to (`--per`); without it, one named like a
   * sender (connection, worker, thread, vu…) or the format's own (JMeter threadName, k6 vu, Gatling user) is used.
   */
  key?: string;
  /** `--per none`: no sender column, even one found by name or the format's own. */
  noSenderColumn?: boolean;
  /**
   * CSV/TSV column (name or 1-based index) or JSON-lines field (dotted path) that tells failed requests
   * (`--status-column`/`--status-field`, see formats/failure-fields.ts); without it, one named like a status or a
   * success flag.
   */
  statusColumn?: string;
  /** `--status-column none`: failures are not read from any column or field. */
  noStatusColumn?: boolean;
  /** Which of a format's timings is the latency (`--metric`): a k6 metric, JTL `Latency`/`Connect`… */
  metric?: string;
  /** How the lines of an access log are laid out (`--log-format`), in the server's own syntax. */
  logFormat?: string;
  /** Columns or fields (dotted paths) to group by (`--group-by`), for formats with named columns or fields. */
  groupBy?: string[];
  /** Column or field naming the user session a request belongs to (`--session`). */
  session?: string;
  /** `--label` values: the series of a Prometheus histogram to read, as NAME=VALUE (VALUE a glob). */
  labels?: readonly string[];
  /** Which spans of a trace export to read (`--span-kind`); by default entry SERVER spans when there are any. */
  spanKind?: SpanKindChoice;
  /** Which intervals of an HdrHistogram log to read. */
  hlog?: HlogSelection;
}

/** HistogramLogProcessor's selection of intervals: `-tag`, `-start`, `-end`, and latstat's `--all-tags`. */
export interface HlogSelection {
  /** Only intervals with this tag; without it (and without allTags) only untagged ones. */
  tag?: string;
  /** Every interval whatever its tag. */
  allTags?: boolean;
  /** Seconds after the log's StartTime; intervals that start earlier are skipped. */
  startSec?: number;
  /** Seconds after the log's StartTime; the first interval that starts later ends the reading, as in Java. */
  endSec?: number;
  /** Read the intervals that start before the log's StartTime too (without startSec; Java leaves them out). */
  includeEarly?: boolean;
}

/** Where the unit of unsuffixed numbers came from, for the report header. */
export interface UnitChoice {
  unit: TimeUnit;
  source: "--unit" | "column name" | "field name" | "metric name" | "format" | "default";
}

/** A SampleSink for the records of a document (see DocumentDecoder). */
export interface RecordSink extends SampleSink {
  /** The line the next record booked starts on, for messages about it. */
  at(lineNo: number): void;
}

/**
 * Decodes an input read as a whole document rather than line by line: a trace export or a load tester's JSON
 * report, which may be one line of a gigabyte or pretty-printed over millions. Bytes in, records out: each
 * record (a span, a request's detail) is booked exactly once, as a line of a line format is, and the envelope
 * around the records (resource, process table, run summary) is not counted.
 */
export interface DocumentDecoder {
  /** Decodes the next bytes of the input, booking every record they complete. */
  push(bytes: Uint8Array, sink: RecordSink): void;
  /** After the last bytes: books the records held back; a document cut short is booked as one rejected record. */
  end(sink: RecordSink): void;
  unitChoice(): UnitChoice | undefined;
  takeNotices(): string[];
}

/** Decodes the lines of one input, in order. */
export interface LineDecoder {
  /** Decodes one line (without its line terminator); `lineNo` counts from 1, for decoders that hold lines back. */
  line(text: string, sink: SampleSink, lineNo: number): void;
  /**
   * Optional fast path over many whole lines: `bytes[start, end)` holds lines each ending in `\n`, the first
   * numbered `firstLineNo`. Decodes the lines it can straight from the bytes and hands every other line to
   * `sink.slowLine`; must give exactly what `line` gives. Returns the number of lines.
   */
  decodeBlock?(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number;
  /**
   * Called once after the last line: books any line whose outcome the decoder was still holding back (with
   * `sink.at` before each, so that a rejection names its line).
   */
  end?(sink: RecordSink): void;
  /**
   * Told of a line over the length limit before the reader rejects it ("line too long"): a decoder still waiting
   * for its header throws (the next line would silently become the header), one holding lines back books them.
   */
  lineTooLong?(lineNo: number, sink: SampleSink): void;
  /** For a format of bucket counts (`LineFormat.readsBuckets`): what was read, after `end`. */
  buckets?(): BucketRead | undefined;
  /**
   * True while the decoder carries from line to line something its first lines did not settle: a record that
   * continues on the next line (a quoted CSV field with a line break), or columns a later header changed (a CSV
   * header again in another order). Implementing it also promises that, while it is false, the decoder carries
   * nothing else but what its first lines settled (header, chosen fields): so a file can be split at line
   * boundaries and its parts read on several threads, a part after a true one read on after it on one thread.
   * Decoders without it are read on one thread.
   */
  midRecord?(): boolean;
  /** The unit assumed for unsuffixed numbers (known after the header for column formats). */
  unitChoice(): UnitChoice | undefined;
  /** Messages for stderr about choices the decoder made (e.g. which column it picked), each once. */
  takeNotices(): string[];
  /** The input says it holds only part of its data: a log that an interrupted latstat wrote and marked so. */
  markedPartial?(): boolean;
  /**
   * Why some failed requests are not among the records, when what the decoder read tells (a CSV whose header is
   * hey's), as `FormatBase.unwrittenFailures` tells it of a whole format.
   */
  unwrittenFailures?(): string | undefined;
  /** What the input states of the values it holds, exactly where the rows are approximate (an `.hgrm` footer). */
  statedMoments?(): StatedMoments | undefined;
  /**
   * The input's times are no dates: an interval log without StartTime or BaseTime whose timestamps count from its
   * run's start, which it does not say (so it starts in 1970, within a year of the epoch, as Java's reader places it).
   */
  undated?(): boolean;
}

/**
 * The mean and standard deviation an input states of the values it holds, in ns, and how many values they are of:
 * HdrHistogram's (each value at its bucket's midpoint) of the histogram a percentile spectrum was printed from.
 */
export interface StatedMoments {
  count: number;
  meanNs: number;
  stddevNs: number;
}

/** How sure a format is that sampled lines are its own, and why (shown by `--debug`). */
export interface SniffResult {
  /** 0 = not this format; higher wins; 1 = its own signature was seen. */
  score: number;
  why: string;
}

/** What every input format has: one per file in src/formats/, with its grammar in the file's header comment. */
interface FormatBase {
  name: string;
  /** What it reads: fields and unit. */
  description: string;
  /** One line as it appears in such a file (for a document format, a small whole document). */
  example: string;
  /**
   * Scores the first lines of an input (whole lines only); `head` is the same start of the input as text, cut
   * anywhere, for formats whose first line may be longer than what is looked at.
   */
  sniff(lines: readonly string[], head?: string): SniffResult;
  /** Set when the format does not hold the individual latencies, only an approximation of their distribution. */
  approximate?: string;
  /**
   * Set when the format leaves some failed requests out of its records (hey: a request that got no response):
   * why. The failures it holds are counted, but their share of the requests made is unknown.
   */
  unwrittenFailures?: string;
  /**
   * For inputs the format recognises but cannot read (e.g. Gatling's binary log): given the start of the input
   * as text, says why and what to do instead; reading stops with that error.
   */
  refuse?(head: string): { message: string; hint: string } | undefined;
}

/** A format read line by line. */
export interface LineFormat extends FormatBase {
  readsDocuments?: false;
  /**
   * The format holds histograms of bucket counts, not requests (prometheus): its decoder hands them over with
   * `buckets()`, and only commands that say they can use them read it (IngestOptions.buckets).
   */
  readsBuckets?: true;
  createDecoder(options: DecodeOptions): LineDecoder;
}

/** A format read as a document (see DocumentDecoder). */
export interface DocumentFormat extends FormatBase {
  readsDocuments: true;
  /**
   * The records are spans, which one SpanChooser chooses among for all the inputs of a report (a trace's spans
   * may be in several): `spans` is that one, and without it the decoder makes its own for its input alone.
   */
  readsSpans?: true;
  createDecoder(options: DecodeOptions, spans?: SpanChooser): DocumentDecoder;
}

/** Books the spans of the inputs of one report by `--span-kind` (span-selection.ts's SpanSelection). */
export interface SpanChooser {
  /** Books a span now, or later into `sink` (at `lineNo`) once what it is in its trace is known. */
  book(sink: RecordSink, lineNo: number, kind: SpanKind, ids: SpanIds, sample: Sample): void;
  /** After the last input: books the spans held back. */
  end(): void;
  takeNotices(): string[];
}

export type Format = LineFormat | DocumentFormat;
