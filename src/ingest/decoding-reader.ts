/**
 * Feeds the lines of an input (or of a part of it) to a decoder and books each outcome. SampleBooker, the booking
 * half, also serves the records of document formats (document-reader.ts).
 */
import type { BlockSink, LineDecoder, SampleSink } from "../formats/types.js";
import type { HistogramInterval, Sample, SampleConsumer } from "../core/sample.js";
import { forEachLine, startsWithBom } from "../sources/lines.js";
import { DEFAULT_SKIP_REASON, FAILED_SKIP_REASON, type LineAccounting } from "./accounting.js";
import { InputError, UserError } from "../base/errors.js";
import { repeatInto } from "./fan-out.js";
import type { Histogram } from "../core/histogram.js";
import { NOT_BY_REQUEST, UNTIMED_INPUT, type SampleFilter } from "./sample-filter.js";
import { isEpochNs } from "../base/epoch.js";

/**
 * Books each outcome a decoder reports into `accounting` (recorded, skipped or rejected; counting the lines or
 * records is the caller's) and hands the samples the filter keeps to `consumer`; errors name `name` and the line.
 */
export class SampleBooker implements SampleSink {
  protected lineNo = 0;

  /** Each sender key as this input's (`scopedKeys`), made once per key. */
  private readonly scopedKeys: Map<string, string> | undefined;

  /**
   * @param scopeSenders qualify each sample's sender key with the input's name: among several inputs, thread
   *   "TG 1-1" of one JMeter injector's file is not the same sender as another's, nor connection 7 of one host's
   *   nginx log another's.
   */
  constructor(
    protected readonly name: string,
    protected readonly accounting: LineAccounting,
    private readonly consumer: SampleConsumer,
    private readonly strict: boolean,
    private readonly filter: SampleFilter,
    scopeSenders = false,
  ) {
    this.scopedKeys = scopeSenders ? new Map() : undefined;
  }

  /** The sample's sender key as this input's, when keys are scoped. */
  private scope(sample: Sample): void {
    const key = sample.key;
    if (key === undefined || this.scopedKeys === undefined) return;
    let scoped = this.scopedKeys.get(key);
    if (scoped === undefined) this.scopedKeys.set(key, (scoped = `${this.name}\u0000${key}`));
    sample.key = scoped;
  }

  /** The line the next outcome belongs to, for rejections and errors. */
  at(lineNo: number): void {
    this.lineNo = lineNo;
  }

  /**
   * A bare latency — `value`, `values`, `repeated` — comes from a format that times no request: `--since`/`--until`
   * are refused at the first (as `refuseUntimed` in ingest.ts would after the whole input: too late for `--follow`).
   */
  private refuseBareUnderTimeFilter(): void {
    if (this.filter.byTime) throw new InputError(this.name, undefined, UNTIMED_INPUT.problem, UNTIMED_INPUT.hint);
  }

  value(latencyNs: number): void {
    this.refuseBareUnderTimeFilter();
    if (this.filter.needsFields) return this.sample({ latencyNs });
    this.accounting.recorded++;
    this.consumer.value(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    this.refuseBareUnderTimeFilter();
    if (this.filter.needsFields) {
      for (let i = 0; i < count; i++) this.sample({ latencyNs: batch[i]! });
      return;
    }
    this.accounting.recorded += count;
    this.consumer.values(batch, count);
  }

  sample(sample: Sample): void {
    // Whatever a decoder computed (9…9 × 1e6 is Infinity), no analysis may see a start time that is not one.
    if (sample.startNs !== undefined && !isEpochNs(sample.startNs)) return this.reject("bad start time");
    const verdict = this.judge(sample);
    if ((sample.ok !== undefined || sample.status !== undefined) && (verdict === "record" || verdict === "failed-record" || verdict === FAILED_SKIP_REASON)) {
      this.accounting.told++;
    }
    if (verdict === "record" || verdict === "failed-record") {
      if (verdict === "failed-record") this.accounting.failed++;
      this.accounting.recorded++;
      this.scope(sample);
      this.consumer.sample(sample);
      return;
    }
    if (verdict === FAILED_SKIP_REASON) {
      this.accounting.failed++;
      this.scope(sample);
      this.consumer.failure?.(sample);
    }
    this.accounting.noteSkip(verdict);
  }

  untimedFailure(request: Omit<Sample, "latencyNs">): void {
    // Judged as a failed request of no latency: the filters may leave it out, else it is counted as failed.
    const sample: Sample = { ...request, latencyNs: 0, ok: false };
    const verdict = this.judge(sample);
    if (verdict !== FAILED_SKIP_REASON && verdict !== "failed-record") return this.accounting.noteSkip(verdict);
    this.accounting.failed++;
    this.accounting.told++;
    this.consumer.failure?.(sample);
    this.accounting.noteSkip(FAILED_SKIP_REASON);
  }

  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void {
    const verdict = this.filter.judgeInterval(interval.startSec);
    if (verdict === NOT_BY_REQUEST) {
      throw new InputError(this.name, undefined, "--label and --status pick requests by label and status, which an interval log's histograms do not hold", "choose its histograms by tag with --tag, and by time with --since/--until");
    }
    if (verdict !== "record") return this.accounting.noteSkip(verdict);
    this.accounting.recorded++;
    this.consumer.intervalHistogram(histogram, interval);
  }

  repeated(latencyNs: number, count: number): void {
    this.refuseBareUnderTimeFilter();
    if (this.filter.needsFields) {
      const verdict = this.judge({ latencyNs });
      if (verdict !== "record") return this.accounting.noteSkip(verdict);
    }
    this.accounting.recorded++;
    repeatInto(this.consumer, latencyNs, count);
  }

  skip(reason?: string, request?: boolean): void {
    if (request === true) this.accounting.untimed++;
    this.accounting.noteSkip(reason ?? DEFAULT_SKIP_REASON);
  }

  bucketLine(): void {
    this.accounting.recorded++;
  }

  private judge(sample: Sample): string {
    if (this.filter.byTime && sample.startNs !== undefined) this.accounting.startTimes++;
    return this.filter.judge(sample);
  }

  reject(reason: string): void {
    if (this.strict) throw new InputError(this.name, this.lineNo, reason, "--strict stops at the first line that cannot be read");
    this.accounting.noteRejection(this.name, this.lineNo, reason);
  }
}

/** Books every line of an input (or of a part of it) as its decoder reads it. */
export class DecodingReader extends SampleBooker implements BlockSink {
  constructor(
    name: string,
    private readonly decoder: LineDecoder,
    accounting: LineAccounting,
    consumer: SampleConsumer,
    strict: boolean,
    filter: SampleFilter,
    scopeSenders = false,
  ) {
    super(name, accounting, consumer, strict, filter, scopeSenders);
  }

  block(bytes: Buffer, start: number, end: number, firstLineNo: number): number {
    const lines =
      this.decoder.decodeBlock !== undefined
        ? this.decoder.decodeBlock(bytes, start, end, firstLineNo, this)
        : forEachLine(bytes, start, end, firstLineNo, (b, s, e, n) => this.slowLine(b, s, e, n));
    this.accounting.lines += lines;
    return lines;
  }

  line(bytes: Buffer, start: number, end: number, lineNo: number): void {
    this.accounting.lines++;
    this.slowLine(bytes, start, end, lineNo);
  }

  slowLine(bytes: Uint8Array, start: number, end: number, lineNo: number): void {
    this.lineNo = lineNo;
    // Files concatenated (cat a.csv b.csv) each begin with their own byte-order mark: the line is read without it,
    // as the first file's is (LineSplitter). A repeated header is then seen as one.
    if (startsWithBom(bytes, start, end)) start += 3;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
    if (text.includes("\0")) return this.reject("binary data (NUL byte)");
    this.naming(lineNo, () => this.decoder.line(text, this, lineNo));
  }

  oversized(lineNo: number): void {
    this.lineNo = lineNo;
    this.accounting.lines++;
    if (this.decoder.lineTooLong !== undefined) this.naming(lineNo, () => this.decoder.lineTooLong!(lineNo, this));
    this.reject("line too long");
  }

  /** Runs the decoder, a UserError it throws made an InputError naming this input and line. */
  private naming(lineNo: number, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof UserError && !(error instanceof InputError)) throw new InputError(this.name, lineNo, error.message, error.hint);
      throw error;
    }
  }
}
