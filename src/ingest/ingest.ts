/**
 * Reads one input end to end: bytes → format detection → decoder → recorder, accounting for every line.
 * Nothing here prints: notices and debug lines go to the callbacks the CLI passes in.
 */
import { detectFormat, SNIFF_BYTES } from "../formats/detect.js";
import { FORMATS } from "../formats/registry.js";
import type { DecodeOptions, DocumentFormat, Format, SpanChooser, StatedMoments, UnitChoice } from "../formats/types.js";
import type { SampleConsumer } from "../core/sample.js";
import { inputName, readChunks, type ChunkOptions, type InputArg } from "../sources/open.js";
import { describeBinary } from "../sources/binary.js";
import { LineSplitter, refuseCrOnly, refuseUtf16 } from "../sources/lines.js";
import { LineAccounting } from "./accounting.js";
import { DecodingReader } from "./decoding-reader.js";
import { DocumentReader } from "./document-reader.js";
import { InputError, UserError } from "../base/errors.js";
import type { ReadNotice } from "./notices.js";
import { ingestParts, planParts } from "./ingest-parts.js";
import { recipeOf } from "../core/portable.js";
import { FILTER_SKIP_REASONS, SampleFilter, UNTIMED_INPUT } from "./sample-filter.js";
import type { BucketRead } from "../core/classic-histogram.js";

/** How many of the first lines are shown to the formats to guess from. */
const SNIFF_LINES = 200;
/** A sniff score at least this high means a format recognised its own header or signature, not just a shape. */
const SIGNATURE_SCORE = 0.9;

export interface IngestOptions {
  /** Forced format (`-f`); detected per input when absent. */
  format?: Format;
  decode: DecodeOptions;
  /** Filters and the failed-request rule; by default failed requests are left out and nothing else is. */
  filter?: SampleFilter;
  /** The first rejected line is an error. */
  strict: boolean;
  /**
   * Threads to read one large regular file with (`--threads`): 1 reads on the main thread only; more cuts the
   * file into that many parts whatever its size. Undefined: one part per CPU core for large files.
   */
  threads?: number;
  /** The command can use bucket counts (a Prometheus histogram); without it such an input is refused. */
  buckets?: boolean;
  /** Stops reading when aborted (Ctrl-C): what was read until then is kept, as if the input ended there. */
  signal?: AbortSignal;
  /** Reads the file on as it grows (`--follow`) until `signal` is aborted: one thread, format from the first lines. */
  follow?: boolean;
  /** What `-` reads, when not the process's stdin. */
  stdin?: ChunkOptions["stdin"];
  /** Told how many more bytes of the input file (or stdin) were read, for progress. */
  onBytes?(bytes: number): void;
  /**
   * Chooses the spans of a trace export for all the inputs of a report together (see DocumentFormat.readsSpans);
   * without it, an input's spans are chosen among its own, and the choice ends with it.
   */
  spans?: SpanChooser;
  /** Tells the user about a choice made for them. */
  notice(notice: ReadNotice): void;
  /** Explains internal decisions under `--debug` (stderr). */
  debug(message: string): void;
}

/** An input with nothing but white space: no format to tell, no request to count. */
export class EmptyInputError extends UserError {}

/** What was read from one input; the samples themselves went to the consumer. */
export interface InputResult {
  name: string;
  format: string;
  unit: UnitChoice | undefined;
  accounting: LineAccounting;
  /** What an input of bucket counts held (prometheus); its lines were recorded, but no sample reached the consumer. */
  buckets?: BucketRead;
  /** A followed file that the signal stopped before it had read what the file held when following began. */
  catchUpCut?: true;
  /** The input says it holds only part of its data (a log an interrupted latstat wrote: `LineDecoder.markedPartial`). */
  markedPartial?: true;
  /** The mean and standard deviation the input states (`LineDecoder.statedMoments`: an `.hgrm` footer). */
  moments?: StatedMoments;
  /** The input's times are no dates (`LineDecoder.undated`: an interval log timed from its run's unknown start). */
  undated?: true;
}

/** Reads one input, handing every sample to `consumer`. */
export async function ingest(arg: InputArg, options: IngestOptions, consumer: SampleConsumer): Promise<InputResult> {
  let reported = 0;
  const onBytes = (bytes: number) => {
    reported += bytes;
    options.onBytes?.(bytes);
  };
  const name = inputName(arg);
  let caughtUp = false;
  const follow = options.follow !== true ? undefined : {
    onCaughtUp: () => (caughtUp = true),
    // The bytes written after the last read and before the cut are gone from the file (in logrotate's copy).
    onTruncated: () => options.notice({ kind: "input", input: name, message: "file truncated: read again from its start; lines written just before the truncation may be missing" }),
  };
  const chunks = readChunks(arg, { signal: options.signal, onBytes, follow, stdin: options.stdin });
  const file = typeof arg !== "string" || arg === "-" || options.follow ? undefined : { path: arg, reported: () => reported };
  const result = await ingestChunks(name, chunks, options, consumer, file);
  // Ctrl-C ends a following as a whole read only once what the file held at first has been read.
  return follow !== undefined && options.signal?.aborted === true && !caughtUp ? { ...result, catchUpCut: true } : result;
}

/** The file an input's chunks come from, and how many of its bytes were reported to `onBytes` so far. */
interface InputFile {
  path: string;
  reported(): number;
}

/**
 * An input none of whose requests has a start time cannot be filtered by `--since`/`--until`: refused, rather than
 * read as requests all skipped. One with some (a W3C log with a block whose #Fields has no date or time) is read,
 * the requests without one skipped (`FILTER_SKIP_REASONS.noTime`).
 */
function refuseUntimed(name: string, accounting: LineAccounting): void {
  if (accounting.startTimes > 0 || accounting.skippedByReason[FILTER_SKIP_REASONS.noTime] === undefined) return;
  throw new InputError(name, undefined, UNTIMED_INPUT.problem, UNTIMED_INPUT.hint);
}

/** The formats whose latency `--column` and `--field` choose. */
const COLUMN_FORMATS = ["csv", "tsv"];
const FIELD_FORMATS = ["jsonl"];
/** The formats whose decoders read `--metric` (the others have one timing, or a column or field to name instead). */
const METRIC_FORMATS = ["ab", "alb", "apache", "caddy", "cloudfront", "envoy", "haproxy", "hey", "jtl", "k6", "k6-csv", "nginx", "prometheus", "traefik", "w3c"];

/** What to use instead of a `--metric` the format does not read. */
function metricHint(format: string): string {
  if (COLUMN_FORMATS.includes(format)) return "; choose a column with --column";
  if (FIELD_FORMATS.includes(format)) return "; choose a field with --field";
  return "";
}

/**
 * Reads one input given as byte chunks (already gunzipped) under the display name `name`: what `ingest` does
 * after opening the file. The fuzz tests feed it bytes from memory. `file` is the file the chunks come from,
 * when it may be read in parts on several threads instead (see ingest-parts.ts).
 */
export async function ingestChunks(
  name: string,
  chunks: AsyncGenerator<Buffer>,
  options: IngestOptions,
  consumer: SampleConsumer,
  file?: InputFile,
): Promise<InputResult> {
  try {
    const result = await readAll(name, chunks, options, consumer, file);
    refuseUntimed(name, result.accounting);
    const given = options.decode.unit;
    // A format that writes its own unit (hey: seconds) keeps it whatever --unit says; say so rather than ignore it.
    if (given !== undefined && result.unit?.source === "format" && result.unit.unit !== given) {
      options.notice({ kind: "input", input: name, message: `warning: --unit ${given} ignored: ${result.format} writes latencies in ${result.unit.unit}, read as ${result.unit.unit}` });
    }
    // Nor is a column, field or metric named for a format that has none, left unsaid.
    const { column, field, metric } = options.decode;
    if (column !== undefined && !COLUMN_FORMATS.includes(result.format)) options.notice({ kind: "input", input: name, message: `warning: --column ${column} ignored: it chooses a csv or tsv column, and this input is read as ${result.format}` });
    if (field !== undefined && !FIELD_FORMATS.includes(result.format)) options.notice({ kind: "input", input: name, message: `warning: --field ${field} ignored: it chooses a jsonl field, and this input is read as ${result.format}` });
    if (metric !== undefined && !METRIC_FORMATS.includes(result.format)) options.notice({ kind: "input", input: name, message: `warning: --metric ${metric} ignored: ${result.format} has no timings to choose among${metricHint(result.format)}` });
    return result;
  } finally {
    // A refusal after the head (binary, UTF-16, no format…) left the source suspended with its file open, which
    // Node then closed on garbage collection with a warning on stderr, after the one-line error.
    await chunks.return(undefined);
  }
}

async function readAll(name: string, chunks: AsyncGenerator<Buffer>, options: IngestOptions, consumer: SampleConsumer, file?: InputFile): Promise<InputResult> {
  const notify = (messages: string[]) => messages.forEach((message) => options.notice({ kind: "input", input: name, message }));
  // A followed file may grow slowly: its format is told from what it holds when reading starts.
  const { head, ended } = await readHead(chunks, options.format !== undefined || options.follow === true);
  // Before detection, which would only say it cannot tell the format.
  const headBytes = Buffer.concat(head);
  refuseUtf16(name, headBytes.subarray(0, 256));
  refuseCrOnly(name, headBytes);
  const format = options.format ?? chooseFormat(name, headBytes, ended, options);
  const refusal = format.refuse?.(headBytes.subarray(0, SNIFF_BYTES).toString("utf8"));
  if (refusal !== undefined) throw new InputError(name, undefined, refusal.message, refusal.hint);
  const filter = options.filter ?? new SampleFilter({ includeErrors: false });
  if (format.readsDocuments === true) return readDocument(name, format, { head, ended, chunks }, options, consumer, filter);
  if (format.readsBuckets === true) refuseBuckets(name, options, filter);
  const decoder = format.createDecoder(options.decode);
  if (file !== undefined && decoder.midRecord !== undefined && recipeOf(consumer) !== undefined) {
    const plan = await planParts(file.path, headBytes, options.threads);
    if (plan !== undefined) {
      await chunks.return(undefined);
      const context = { path: file.path, name, format: format.name, decode: options.decode, filter: filter.options, strict: options.strict, size: plan.size };
      const onBytes = skipFirst(file.reported(), options.onBytes);
      const read = await ingestParts(context, plan, consumer, { notice: notify, signal: options.signal, onBytes });
      return { name, format: format.name, ...read };
    }
  }
  const accounting = new LineAccounting();
  const reader = new DecodingReader(name, decoder, accounting, consumer, options.strict, filter, options.decode.scopeSenders === true);
  const splitter = new LineSplitter(name, reader);
  const feed = (chunk: Buffer) => {
    splitter.push(chunk);
    notify(decoder.takeNotices());
  };
  for (const chunk of head) feed(chunk);
  if (!ended) for await (const chunk of chunks) feed(chunk);
  // An interrupted read ends where it was: its unfinished last line is not a line. A followed file ends so: it is
  // said (a line still being written when Ctrl-C came).
  if (options.signal?.aborted !== true) splitter.end();
  else splitter.stopped();
  if (options.signal?.aborted === true && options.follow === true && splitter.unfinishedBytes > 0) {
    const bytes = splitter.unfinishedBytes;
    notify([`its last ${bytes} ${bytes === 1 ? "byte is" : "bytes are"} not read: a line without its end (still being written?)`]);
  }
  try {
    decoder.end?.(reader);
  } catch (error) {
    // A choice made at the end (which Prometheus histogram to read) names the input, not a line.
    if (error instanceof UserError && !(error instanceof InputError)) throw new InputError(name, undefined, error.message, error.hint);
    throw error;
  }
  notify(decoder.takeNotices());
  accounting.unwrittenFailures ??= decoder.unwrittenFailures?.();
  const buckets = decoder.buckets?.();
  const partial = decoder.markedPartial?.() === true;
  const moments = decoder.statedMoments?.();
  const undated = decoder.undated?.() === true;
  return { name, format: format.name, unit: decoder.unitChoice(), accounting, ...(buckets ? { buckets } : {}), ...(partial ? { markedPartial: true } : {}), ...(moments ? { moments } : {}), ...(undated ? { undated } : {}) };
}

/** Bucket counts are no requests: only a command that can use them reads them, and no request filter applies. */
function refuseBuckets(name: string, options: IngestOptions, filter: SampleFilter): void {
  if (options.buckets !== true) {
    throw new UserError(`${name}: a Prometheus histogram holds bucket counts, not requests: this command cannot use them`, "latstat report and latstat check read them");
  }
  const { statuses, sinceNs, untilNs } = filter.options;
  if (statuses !== undefined || sinceNs !== undefined || untilNs !== undefined) {
    throw new UserError(`${name}: --status, --since and --until pick requests, which bucket counts do not hold`, "choose series with --label NAME=VALUE");
  }
}

/** An input's bytes: the head already read (for detection), whether that was all, and the chunks after it. */
interface Bytes {
  head: Buffer[];
  ended: boolean;
  chunks: AsyncGenerator<Buffer>;
}

/** Reads an input in a format read as a whole document: every chunk to its decoder, records booked as they end. */
async function readDocument(name: string, format: DocumentFormat, bytes: Bytes, options: IngestOptions, consumer: SampleConsumer, filter: SampleFilter): Promise<InputResult> {
  const notify = (messages: string[]) => messages.forEach((message) => options.notice({ kind: "input", input: name, message }));
  const decoder = format.createDecoder(options.decode, options.spans);
  const accounting = new LineAccounting();
  const reader = new DocumentReader(name, decoder, accounting, consumer, options.strict, filter, options.decode.scopeSenders === true);
  const feed = (chunk: Buffer) => {
    reader.push(chunk);
    notify(decoder.takeNotices());
  };
  for (const chunk of bytes.head) feed(chunk);
  if (!bytes.ended) for await (const chunk of bytes.chunks) feed(chunk);
  // An interrupted read ends where it was: the document it stopped in is not cut short.
  if (options.signal?.aborted !== true) reader.end();
  notify(decoder.takeNotices());
  return { name, format: format.name, unit: decoder.unitChoice(), accounting };
}

/**
 * Reads the start of an input without losing it for decoding: enough to detect its format — SNIFF_BYTES or
 * SNIFF_LINES whole lines, whichever comes first — or just the first chunk when the format is known or the file is
 * followed, so that a slow stream (`--live`, `--follow`) is decoded from its first lines.
 */
async function readHead(chunks: AsyncGenerator<Buffer>, firstChunkEnough: boolean): Promise<{ head: Buffer[]; ended: boolean }> {
  const head: Buffer[] = [];
  let bytes = 0;
  let lines = 0;
  while (bytes < SNIFF_BYTES && lines <= SNIFF_LINES && !(firstChunkEnough && head.length > 0)) {
    const next = await chunks.next();
    if (next.done) return { head, ended: true };
    // Chunks are only valid until the next read: keep copies.
    head.push(Buffer.from(next.value));
    bytes += next.value.length;
    for (let at = next.value.indexOf(10); at >= 0 && lines <= SNIFF_LINES; at = next.value.indexOf(10, at + 1)) lines++;
  }
  return { head, ended: false };
}

/** Passes byte counts on to `onBytes` once the first `skip` bytes (reported by an earlier read) have gone by. */
function skipFirst(skip: number, onBytes: ((bytes: number) => void) | undefined): (bytes: number) => void {
  let left = skip;
  return (bytes) => {
    const skipped = Math.min(left, bytes);
    left -= skipped;
    if (bytes > skipped) onBytes?.(bytes - skipped);
  };
}

function chooseFormat(name: string, headBytes: Buffer, ended: boolean, options: IngestOptions): Format {
  const bytes = headBytes.subarray(0, SNIFF_BYTES);
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  // The last line may be cut off by the sniff window; judge only whole lines.
  if (!ended || text.length >= SNIFF_BYTES) lines.pop();
  const detection = detectFormat(lines.slice(0, SNIFF_LINES), FORMATS, text);
  for (const s of detection.scores) options.debug(`${name}: format ${s.name} scored ${s.score.toFixed(2)}: ${s.why}`);
  // Binary data can pass for CSV with a garbage header; only a format that saw its own signature may claim it.
  const binary = (detection.scores[0]?.score ?? 0) < SIGNATURE_SCORE ? describeBinary(bytes) : undefined;
  if (binary !== undefined) throw new UserError(`${name}: ${binary.what}`, binary.hint);
  if (detection.format === undefined) {
    if (lines.length === 0 && /^\s*[[{]/.test(text)) {
      throw new UserError(
        `${name}: cannot tell the input format: a JSON document whose first ${SNIFF_BYTES / 1024} KiB no format recognises`,
        "name the format with -f FORMAT: otlp, jaeger, zipkin and ghz read one JSON document; `latstat formats` lists them",
      );
    }
    if (lines.length === 0 && text.trim() !== "") {
      throw new UserError(
        `${name}: cannot tell the input format: no line ends in its first ${SNIFF_BYTES / 1024} KiB`,
        "a binary file? if not, name the format with -f FORMAT; lines over 1 MiB are rejected as too long",
      );
    }
    if (lines.every((l) => l.trim() === "")) throw new EmptyInputError(`${name}: no values (the input is empty)`, "check the file or the command feeding it");
    const tried = detection.scores.map((s) => `${s.name}: ${s.why}`).join("; ");
    throw new UserError(`${name}: cannot tell the input format (${tried})`, "name it with -f FORMAT; `latstat formats` lists them");
  }
  options.debug(`${name}: chose format ${detection.format.name}`);
  return detection.format;
}
