/**
 * Feeds an input read as a document (a span export, a load tester's JSON report) to its decoder and books each
 * record it reports: one entry of the accounting per record, counted here, so that no decoder can book a record
 * without it being counted.
 */
import type { DocumentDecoder, RecordSink } from "../formats/types.js";
import type { HistogramInterval, Sample, SampleConsumer } from "../core/sample.js";
import { JsonSyntaxError } from "../formats/json-stream.js";
import type { LineAccounting } from "./accounting.js";
import { SampleBooker } from "./decoding-reader.js";
import { InputError, UserError } from "../base/errors.js";
import type { Histogram } from "../core/histogram.js";
import type { SampleFilter } from "./sample-filter.js";

export class DocumentReader implements RecordSink {
  private readonly booker: SampleBooker;
  private lineNo = 0;

  constructor(
    private readonly name: string,
    private readonly decoder: DocumentDecoder,
    private readonly accounting: LineAccounting,
    consumer: SampleConsumer,
    strict: boolean,
    filter: SampleFilter,
    scopeSenders = false,
  ) {
    accounting.entries = "records";
    this.booker = new SampleBooker(name, accounting, consumer, strict, filter, scopeSenders);
  }

  push(bytes: Uint8Array): void {
    this.guarded(() => this.decoder.push(bytes, this));
  }

  end(): void {
    this.guarded(() => this.decoder.end(this));
  }

  /** Runs the decoder, turning its errors into one-line input errors that name the file and line. */
  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new InputError(this.name, error.lineNo, error.message, "the input must be whole, valid JSON; -f names the format when detection picked a wrong one");
      if (error instanceof UserError && !(error instanceof InputError)) throw new InputError(this.name, this.lineNo || undefined, error.message, error.hint);
      throw error;
    }
  }

  at(lineNo: number): void {
    this.lineNo = lineNo;
    this.booker.at(lineNo);
  }

  value(latencyNs: number): void {
    this.accounting.lines++;
    this.booker.value(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    this.accounting.lines += count;
    this.booker.values(batch, count);
  }

  sample(sample: Sample): void {
    this.accounting.lines++;
    this.booker.sample(sample);
  }

  untimedFailure(request: Omit<Sample, "latencyNs">): void {
    this.accounting.lines++;
    this.booker.untimedFailure(request);
  }

  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void {
    this.accounting.lines++;
    this.booker.intervalHistogram(histogram, interval);
  }

  repeated(latencyNs: number, count: number): void {
    this.accounting.lines++;
    this.booker.repeated(latencyNs, count);
  }

  skip(reason?: string, request?: boolean): void {
    this.accounting.lines++;
    this.booker.skip(reason, request);
  }

  reject(reason: string): void {
    this.accounting.lines++;
    this.booker.reject(reason);
  }

  bucketLine(): void {
    this.accounting.lines++;
    this.booker.bucketLine();
  }
}
