/**
 * Reads a part of a file — the lines between two line starts — as the continuation of the file's first lines
 * (the prelude), on a worker thread or on the main thread. The decoder first reads the prelude with nothing booked,
 * which puts it in the state it has there (header read, fields chosen); line numbers count from the part's start.
 */
import { findFormat } from "../formats/registry.js";
import type { DecodeOptions, LineDecoder, UnitChoice } from "../formats/types.js";
import { LineSplitter, MAX_LINE_BYTES } from "../sources/lines.js";
import { fileShrank, readFile, sizeNow } from "../sources/open.js";
import { LineAccounting } from "./accounting.js";
import { DecodingReader } from "./decoding-reader.js";
import { InputError, UserError } from "../base/errors.js";
import { FanOut } from "./fan-out.js";
import type { SampleConsumer } from "../core/sample.js";
import type { ConsumerRecipe, PortableConsumer } from "../core/portable.js";
import { GroupRecorder } from "../core/group-recorder.js";
import { LatencyRecorder } from "../core/recorder.js";
import { SampleFilter, type SampleFilterOptions } from "./sample-filter.js";
import { TimedSamples } from "../core/timed-samples.js";
import { StartCount } from "../core/start-count.js";
import { FailureCounter } from "../core/failure.js";
import { FailedLatencies } from "../core/failed-latencies.js";
import { SampleTape } from "../core/sample-tape.js";

/** How to decode the parts of one input: plain data, so it can be posted to a worker. */
export interface PartContext {
  path: string;
  /** The input's name in messages. */
  name: string;
  format: string;
  decode: DecodeOptions;
  filter: SampleFilterOptions;
  strict: boolean;
  /**
   * The file's size when reading started. A part that finds fewer of its bytes — the file was truncated or rewritten
   * meanwhile — is an error naming the file: the parts after the cut would be counted as read when they were not.
   */
  size: number;
}

/** One part for a worker: bytes `[start, end)` of the file (`end` may be Infinity: to the end). */
export interface PartTask extends PartContext {
  prelude: Uint8Array;
  start: number;
  end: number;
  recipe: ConsumerRecipe;
}

/** Why a part could not be read, as plain data (line numbers count from the part's start). */
export type PartError =
  | { kind: "input"; line: number | undefined; problem: string; hint?: string }
  | { kind: "user"; message: string; hint?: string }
  | { kind: "internal"; message: string };

/** What a worker sends back. */
export type PartResult =
  | {
      ok: true;
      /** The consumer twin's state, to `absorb`. */
      state: unknown;
      accounting: LineAccounting;
      notices: string[];
      /** The part ended inside a record or with changed columns (LineDecoder.midRecord): the next must be read after it. */
      midRecord: boolean;
    }
  | { ok: false; error: PartError };

/**
 * Bytes of a part read at once. Each thread reading a part holds two chunk buffers (the next is read ahead): at
 * 1 MB, a file read on two threads kept ~4 MB in them, and the allocator ~1.4 MB more per thread. Measured on
 * 1 GB, interleaved against 1 MB (5 runs each, others' jobs on the cores): timestamped CSV 89.5 → 87.4 MB peak RSS
 * for 4% more CPU time (5.79 → 6.02 s, four times the chunks; 512 KB: 88.2 MB, 5.93 s), plain values
 * 82.2 → 81.8 MB for ~2% (4.52 → 4.62 s).
 */
const PART_CHUNK_BYTES = 256 << 10;

const IGNORE: SampleConsumer = { value() {}, values() {}, sample() {}, intervalHistogram() {} };

export class PartReader {
  /** Lines of the parts read so far, numbered from the first part's start. */
  readonly accounting = new LineAccounting();
  private readonly decoder: LineDecoder;
  private readonly reader: DecodingReader;
  private readonly splitter: LineSplitter;
  private notices: string[] = [];

  /** @param prelude the file's first lines (ending in a newline), or empty for the part that starts the file */
  constructor(
    private readonly context: PartContext,
    prelude: Uint8Array,
    consumer: SampleConsumer,
  ) {
    const format = findFormat(context.format);
    if (format === undefined || format.readsDocuments === true) throw new Error(`format ${context.format} is not read in parts`);
    this.decoder = format.createDecoder(context.decode);
    const filter = new SampleFilter(context.filter);
    if (prelude.length > 0) {
      const replay = new LineSplitter(context.name, new DecodingReader(context.name, this.decoder, new LineAccounting(), IGNORE, false, filter));
      replay.push(Buffer.from(prelude.buffer, prelude.byteOffset, prelude.length));
      replay.end();
      this.decoder.takeNotices();
    }
    this.reader = new DecodingReader(context.name, this.decoder, this.accounting, consumer, context.strict, filter, context.decode.scopeSenders === true);
    this.splitter = new LineSplitter(context.name, this.reader, MAX_LINE_BYTES, prelude.length === 0);
  }

  /**
   * Reads bytes `[start, end)` of the file, after whatever this reader read before; stops early when `signal`
   * is aborted. `onBytes` is told the size of every chunk read.
   */
  async read(start: number, end: number, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<void> {
    let position = start;
    for await (const chunk of readFile(this.context.path, start, end, PART_CHUNK_BYTES)) {
      if (signal?.aborted) return;
      onBytes?.(chunk.length);
      position += chunk.length;
      this.splitter.push(chunk);
      this.notices.push(...this.decoder.takeNotices());
    }
    const { name, size } = this.context;
    if (position < Math.min(end, size) && signal?.aborted !== true) {
      throw fileShrank(name, size, await sizeNow(this.context.path));
    }
  }

  /**
   * Ends the file: its last line when it did not end with a newline (unless reading was `interrupted`: then an
   * unfinished line is not a line), and any line the decoder held back.
   */
  finish(interrupted = false): void {
    if (!interrupted) this.splitter.end();
    this.decoder.end?.(this.reader);
    this.notices.push(...this.decoder.takeNotices());
  }

  /** See LineDecoder.midRecord. */
  midRecord(): boolean {
    return this.decoder.midRecord?.() ?? false;
  }

  unitChoice(): UnitChoice | undefined {
    return this.decoder.unitChoice();
  }

  /** See LineDecoder.unwrittenFailures. */
  unwrittenFailures(): string | undefined {
    return this.decoder.unwrittenFailures?.();
  }

  /** The decoder's messages since the last call. */
  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/** An empty consumer like the one `recipe` describes. */
export function rebuild(recipe: ConsumerRecipe): PortableConsumer {
  switch (recipe.kind) {
    case "latency":
      return new LatencyRecorder(recipe.digits, recipe.backfillIntervalNs);
    case "timed":
      return new TimedSamples(recipe.tagged, recipe.limit, recipe.sketchDigits, recipe.unkeyedFirstBlock, recipe.failures === true);
    case "fan-out":
      return new FanOut(recipe.consumers.map(rebuild));
    case "groups":
      return new GroupRecorder(recipe);
    case "tape":
      return new SampleTape(recipe.limit, recipe.failures === true);
    case "start-count":
      return new StartCount(recipe.failures === true);
    case "failures":
      return new FailureCounter();
    case "failed-latencies":
      return new FailedLatencies(recipe.digits);
  }
}

/** Reads one part into a twin of the recipe's consumer (what a worker does); `onBytes` as for `PartReader.read`. */
export async function readPart(task: PartTask, onBytes?: (bytes: number) => void): Promise<PartResult> {
  try {
    const consumer = rebuild(task.recipe);
    const reader = new PartReader(task, task.prelude, consumer);
    await reader.read(task.start, task.end, undefined, onBytes);
    if (task.end === Infinity) reader.finish();
    return { ok: true, state: consumer.state(), accounting: reader.accounting, notices: reader.takeNotices(), midRecord: reader.midRecord() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** An error as plain data. */
export function describeError(error: unknown): PartError {
  if (error instanceof InputError) return { kind: "input", line: error.line, problem: error.problem, hint: error.hint };
  if (error instanceof UserError) return { kind: "user", message: error.message, hint: error.hint };
  return { kind: "internal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** The error again, its line number moved on by `lineOffset` (the lines before the part). */
export function reviveError(error: PartError, name: string, lineOffset: number): Error {
  switch (error.kind) {
    case "input":
      return new InputError(name, error.line === undefined ? undefined : error.line + lineOffset, error.problem, error.hint);
    case "user":
      return new UserError(error.message, error.hint);
    case "internal":
      return new Error(error.message);
  }
}
