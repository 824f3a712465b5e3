/** Reads every input of a command in order, each into its own consumer and the shared ones, with one set of filters. */
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { SNIFF_BYTES } from "../formats/detect.js";
import { findFormat, FORMATS } from "../formats/registry.js";
import { SpanSelection } from "../formats/span-selection.js";
import { filesRecipe, ingestFiles } from "./ingest-files.js";
import type { SampleConsumer } from "../core/sample.js";
import type { DecodeOptions, Format } from "../formats/types.js";
import { checkReadable, inputName, readChunks, type ChunkOptions, type InputArg } from "../sources/open.js";
import { fileIdentity } from "../sources/file-identity.js";
import { isBlankFile } from "../sources/blank-file.js";
import { UserError } from "../base/errors.js";
import { LineAccounting, REJECTIONS_SHOWN } from "./accounting.js";
import { FanOut } from "./fan-out.js";
import { EmptyInputError, ingest, type InputResult } from "./ingest.js";
import type { ReadNotice } from "./notices.js";
import { sayingOnce } from "./repeated-notices.js";
import { SampleFilter, type SampleFilterOptions } from "./sample-filter.js";

/** What to read and how: the typed form of the input flags. */
export interface ReadOptions {
  /** The format every input is read in (`-f`, or the one `--log-format` names); detected per input when absent. */
  format?: Format;
  decode: DecodeOptions;
  filter: SampleFilterOptions;
  /** The first rejected line is an error (`--strict`). */
  strict: boolean;
  /** Threads to read a large file with (`--threads`); by default one per core for large files. */
  threads?: number;
  /** Reads the one file on as it grows (`--follow`) until the signal. */
  follow: boolean;
}

/** What happens while reading, beside the samples: stopping, notices, progress. */
export interface ReadHooks {
  /** Stops the reading (Ctrl-C): the input being read ends there and later ones are not read. */
  signal?: AbortSignal;
  /** The command can use bucket counts (Prometheus histograms): they come back in each result's `buckets`. */
  buckets?: boolean;
  /** What `-` reads, when not the process's stdin. */
  stdin?: ChunkOptions["stdin"];
  /** Told each notice as it arises, so that a long read says them when they happen. */
  notice(notice: ReadNotice): void;
  /** Explains internal decisions (`--debug`). */
  debug?(message: string): void;
  /** Starts a progress display for reading `size` bytes of the file `name`, when one is wanted. */
  progress?(name: string, size: number): Promise<{ advance(bytes: number): void; stop(): void } | undefined>;
}

/** An input as read, with the consumer its own samples went to. */
export type ReadInput<C> = InputResult & { recorder: C };

/** An input given, by name, with what was read of it: nothing when it was left out as empty (or blank). */
export interface GivenInput<C> {
  name: string;
  read?: ReadInput<C>;
}

/**
 * The inputs read, and every input accounted for in the order given: those read and those left out as empty, so
 * that what was given is all said (not those the signal stopped before their turn).
 */
export interface ReadInputs<C> {
  inputs: ReadInput<C>[];
  given: GivenInput<C>[];
}

/**
 * Reads the inputs (stdin when there are none), each into the consumer `consumerFor` makes for it and into the
 * `shared` consumers, and returns each input's result with its own consumer, and the inputs given. The first
 * rejected lines of all inputs, and how many more there were, are told after the last input.
 */
export async function readInputs<C extends SampleConsumer>(
  files: readonly InputArg[],
  options: ReadOptions,
  hooks: ReadHooks,
  consumerFor: (arg: InputArg) => C,
  shared: readonly SampleConsumer[] = [],
): Promise<ReadInputs<C>> {
  const given = files.length === 0 ? ["-"] : files;
  for (const arg of given) await checkReadable(arg);
  await refuseRepeated(given);
  const leftOut = new Set(options.follow ? [] : await blankFiles(given, hooks.notice));
  const args = given.filter((arg) => !leftOut.has(arg));
  // Several inputs' senders are not one another's: thread "TG 1-1" of two JMeter injectors' files, connection 7 of
  // two hosts' logs.
  if (args.length > 1) options = { ...options, decode: { ...options.decode, scopeSenders: true } };
  const filter = new SampleFilter(options.filter);
  const results: ReadInput<C>[] = [];
  const readOf = new Map<InputArg, ReadInput<C>>();
  const notices = sayingOnce(hooks.notice);
  /** The results, once the repeated notices are summed up and the first rejected lines of all inputs told. */
  const finished = (): ReadInputs<C> => {
    notices.finish();
    for (const { format, accounting } of results) accounting.unwrittenFailures ??= findFormat(format)?.unwrittenFailures;
    for (const notice of rejectionNotices(results)) hooks.notice(notice);
    const accounted = given.filter((arg) => readOf.has(arg) || leftOut.has(arg));
    return { inputs: results, given: accounted.map((arg) => ({ name: inputName(arg), ...(readOf.has(arg) ? { read: readOf.get(arg)! } : {}) })) };
  };
  const parallel = await readsInParallel(args, options);
  if (parallel !== undefined) {
    const recorders = parallel.files.map(consumerFor);
    const consumers = recorders.map((recorder) => (shared.length === 0 ? recorder : new FanOut([recorder, ...shared])));
    if (consumers.every((consumer) => filesRecipe(consumer) !== undefined)) {
      hooks.debug?.(`reading ${args.length} files at once, on up to ${parallel.threads} threads`);
      const progress = await hooks.progress?.(`${args.length} files`, parallel.bytes);
      const { signal, buckets } = hooks;
      const filesOptions = { format: options.format, decode: options.decode, filter, strict: options.strict, threads: parallel.threads, signal, notice: notices.notice, buckets };
      try {
        const settle = (i: number) => recorders[i]!.settle?.();
        const read = await ingestFiles(parallel.files, consumers, { ...filesOptions, onBytes: progress?.advance, debug: hooks.debug ?? (() => {}), onAdded: settle });
        results.push(...read.map((result, i) => ({ ...result, recorder: recorders[i]! })));
        parallel.files.forEach((file, i) => readOf.set(file, results[i]!));
      } finally {
        progress?.stop();
      }
      return finished();
    }
  }
  let empty: EmptyInputError | undefined;
  const emptyInputs: InputArg[] = [];
  // One choice of spans for every input: a trace's spans may be in several files, and a report is of one kind.
  const spans = new SpanSelection(options.decode.spanKind);
  for (const arg of args) {
    if (hooks.signal?.aborted) break;
    const recorder = consumerFor(arg);
    const progress = hooks.progress === undefined || typeof arg !== "string" || arg === "-" || options.follow ? undefined : await hooks.progress(inputName(arg), (await stat(arg)).size);
    const ingestOptions = {
      format: options.format,
      decode: options.decode,
      filter,
      strict: options.strict,
      threads: options.threads,
      buckets: hooks.buckets,
      signal: hooks.signal,
      follow: options.follow,
      stdin: hooks.stdin,
      spans,
      onBytes: progress?.advance,
      notice: notices.notice,
      debug: hooks.debug ?? (() => {}),
    };
    const consumer = shared.length === 0 ? recorder : new FanOut([recorder, ...shared]);
    try {
      const read = { ...(await ingest(arg, ingestOptions, consumer)), recorder };
      results.push(read);
      readOf.set(arg, read);
      recorder.settle?.();
    } catch (error) {
      // An empty input beside others (an empty pipe, a file that was not empty when looked at) is left out, as an
      // empty file is (blankFiles); when every input is, the first says so.
      if (!(error instanceof EmptyInputError) || args.length < 2) throw error;
      empty ??= error;
      emptyInputs.push(arg);
      leftOut.add(arg);
    } finally {
      progress?.stop();
    }
  }
  if (results.length === 0 && empty !== undefined) throw empty;
  spans.end();
  const spanInputs = results.filter((r) => readsSpans(findFormat(r.format))).map((r) => r.name);
  for (const message of spans.takeNotices()) notices.notice(spanInputs.length === 1 ? { kind: "input", input: spanInputs[0]!, message } : { kind: "inputs", inputs: spanInputs, message });
  for (const input of emptyInputs) notices.notice({ kind: "input", input: inputName(input), message: "the input is empty: nothing read from it" });
  return finished();
}

/**
 * A file named twice (by two patterns, through a link, or under a second name of a hard link) would have its
 * requests counted twice: refused. So is stdin, which has nothing left to give the second time.
 */
async function refuseRepeated(args: readonly InputArg[]): Promise<void> {
  const seen = new Set<string>();
  for (const arg of args) {
    if (typeof arg !== "string") continue;
    // stdin is the file it reads (`latstat - /dev/stdin < a.log`), when it is one.
    const key = arg === "-" ? ((await fileIdentity("/dev/stdin")) ?? arg) : await fileIdentity(arg);
    if (key === undefined) continue;
    if (seen.has(key)) throw new UserError(`${inputName(arg)}: given twice, so its requests would be counted twice`, "name each input once");
    seen.add(key);
  }
}

/**
 * The files among the inputs that hold nothing but white space (a log just rotated, `access.log*`), each said, to
 * be left out: such a file has no format to detect and no request to count, and would otherwise stop the reading of
 * the others. When every input is one, none is, for the reader to say that nothing was read.
 */
async function blankFiles(args: readonly InputArg[], notice: (notice: ReadNotice) => void): Promise<InputArg[]> {
  if (args.length < 2) return [];
  const blank = await Promise.all(args.map((arg) => (typeof arg === "string" && arg !== "-" ? isBlankFile(arg) : false)));
  if (blank.every(Boolean)) return [];
  const found = args.filter((_, i) => blank[i]);
  for (const arg of found) notice({ kind: "input", input: inputName(arg), message: "the file is empty (or blank): nothing read from it" });
  return found;
}

/**
 * Below this many bytes of files in all, a list of files is read on one thread: a worker takes ~0.15 s to start
 * and load its modules (see ingest-parts.ts).
 */
const PARALLEL_FILES_MIN_BYTES = 16 << 20;

/**
 * Whether to read the files at once on several threads (ingest-files.ts), and on how many, with their bytes in
 * all: several files (no stdin, not followed), in a format the
 * workers can find by name, and `--threads` not 1; by default, one per core once the files are large enough.
 */
async function readsInParallel(args: readonly InputArg[], options: ReadOptions): Promise<{ files: string[]; threads: number; bytes: number } | undefined> {
  // Only named files: a worker thread opens its file itself (stdin and the library's streams are read here).
  const files = args.filter((arg): arg is string => typeof arg === "string" && arg !== "-");
  if (files.length < 2 || files.length < args.length || options.follow || options.threads === 1) return undefined;
  if (options.format !== undefined && findFormat(options.format.name) !== options.format) return undefined;
  // Span exports are read one after another, their spans chosen among those of all (SpanSelection).
  if (readsSpans(options.format)) return undefined;
  const threads = options.threads ?? availableParallelism();
  if (threads < 2) return undefined;
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  if (options.threads === undefined && bytes < PARALLEL_FILES_MIN_BYTES) return undefined;
  if (options.format === undefined) for (const file of files) if (await startsAsSpans(file)) return undefined;
  return { files, threads, bytes };
}

const readsSpans = (format: Format | undefined) => format?.readsDocuments === true && format.readsSpans === true;

/** Whether a span format recognises the start of the file (decompressed), as detection will. */
async function startsAsSpans(file: string): Promise<boolean> {
  const chunks = readChunks(file);
  try {
    const first = await chunks.next();
    if (first.done === true) return false;
    const head = first.value.subarray(0, SNIFF_BYTES).toString("utf8");
    return FORMATS.some((format) => readsSpans(format) && format.sniff([], head).score > 0);
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * The first rejected lines as `FILE:LINE: reason`; past them, how many more there were and all of them by reason
 * (every command's output does not count them: `timeline`'s and a CSV report's do not).
 */
function rejectionNotices(results: readonly InputResult[]): ReadNotice[] {
  const notices: ReadNotice[] = [];
  const all = new LineAccounting();
  for (const { accounting } of results) {
    all.add(accounting);
    for (const r of accounting.firstRejections) {
      if (notices.length < REJECTIONS_SHOWN) notices.push({ kind: "rejected-line", file: r.file, line: r.line, reason: r.reason });
    }
  }
  if (all.rejected > REJECTIONS_SHOWN) notices.push({ kind: "more-rejected", count: all.rejected - REJECTIONS_SHOWN, byReason: Object.entries(all.rejectedByReason) });
  return notices;
}
