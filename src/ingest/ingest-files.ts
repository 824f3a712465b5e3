/**
 * Reads several files at once (a gzip stream cannot be cut into parts, but a list of rotated files can be shared
 * out): the first on the main thread, as one thread would read it, each later one whole by a pool of readers (the
 * main thread between its other work, and worker threads), and their results added in file order — what each
 * consumer absorbs, and the notices each file gave, come in the order one thread would have given them, so the
 * report is the same (as for the parts of ingest-parts.ts). At most `threads` files are being read or wait to be
 * added at a time, and a result is let go once added, which bounds the memory of results that finished before the
 * one ahead of them.
 *
 * Ctrl-C stops every file being read where it is, on the main thread and on the workers alike, and what each had
 * read until then is added (an unfinished last line is not a line, as on one thread): the partial report covers
 * exactly the lines read. Files not yet started are not read.
 */
import { Worker } from "node:worker_threads";
import type { SampleConsumer } from "../core/sample.js";
import type { BucketRead } from "../core/classic-histogram.js";
import { recipeOf, type ConsumerRecipe, type PortableConsumer } from "../core/portable.js";
import { TapeFull } from "../core/sample-tape.js";
import { findFormat } from "../formats/registry.js";
import type { DecodeOptions, Format, StatedMoments, UnitChoice } from "../formats/types.js";
import { inputName } from "../sources/open.js";
import { LineAccounting } from "./accounting.js";
import { ingest, type IngestOptions, type InputResult } from "./ingest.js";
import type { ReadNotice } from "./notices.js";
import { describeError, rebuild, reviveError, type PartError } from "./part-reader.js";
import { SampleFilter, type SampleFilterOptions } from "./sample-filter.js";
import { workerScript } from "./worker-script.js";

/** One file for a worker: plain data, so it can be posted. */
export interface FileTask {
  arg: string;
  /** The format every input is read in (`-f`), by name; detected when absent. */
  format?: string;
  decode: DecodeOptions;
  filter: SampleFilterOptions;
  strict: boolean;
  /** The command can use bucket counts (see IngestOptions.buckets). */
  buckets: boolean;
  recipe: ConsumerRecipe;
}

/** A notice or a `--debug` line, in the order they came. */
type Told = { notice: ReadNotice } | { debug: string };

/** What a reader of a file gives back (a worker posts it): what it told comes with it, to be said before an error. */
export type FileResult = { told: Told[] } & (
  | { ok: true; state: unknown; format: string; unit: UnitChoice | undefined; accounting: LineAccounting; buckets?: BucketRead; markedPartial?: true; moments?: StatedMoments; undated?: true }
  | { ok: false; error: PartError }
  /** The file has more samples with start times than a tape holds: it is to be read again on the main thread. */
  | { ok: false; tapeFull: true }
  /** Stopped (Ctrl-C) before anything of the file could be kept: before its format was known, or never started. */
  | { ok: false; stopped: true }
);

/**
 * Reads one whole file into a twin of the recipe's consumer, on one thread (what a worker does). When `signal` is
 * aborted, what was read until then (see the file comment).
 */
export async function readWholeFile(task: FileTask, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<FileResult> {
  const told: Told[] = [];
  try {
    const consumer = rebuild(task.recipe);
    const format = task.format === undefined ? undefined : findFormat(task.format);
    const options = { format, decode: task.decode, filter: new SampleFilter(task.filter), strict: task.strict, buckets: task.buckets, threads: 1, signal, onBytes, notice: (notice: ReadNotice) => told.push({ notice }), debug: (debug: string) => told.push({ debug }) };
    const read = await ingest(task.arg, options, consumer);
    const { format: name, unit, accounting, buckets, markedPartial, moments, undated } = read;
    return { ok: true, told, state: consumer.state(), format: name, unit, accounting, ...(buckets ? { buckets } : {}), ...(markedPartial ? { markedPartial } : {}), ...(moments ? { moments } : {}), ...(undated ? { undated } : {}) };
  } catch (error) {
    if (error instanceof TapeFull) return { ok: false, told: [], tapeFull: true };
    // Stopped before the head was read, the file looks empty or undetectable: that is no fault of the file.
    if (signal?.aborted === true) return { ok: false, told: [], stopped: true };
    return { ok: false, told, error: describeError(error) };
  }
}

/** What the main thread posts to a file worker: a file to read, or Ctrl-C (stop the file being read). */
export type FileWorkerMessage = { task: FileTask } | { stop: true };

/**
 * Samples with start times kept for a whole file read elsewhere: 20 bytes each on the tape (~40 MB). A file
 * with more is read again on the main thread.
 */
const TAPE_LIMIT = 1 << 21;

/**
 * The recipe of the twin a worker reads a whole file into, or undefined when there is none: the consumer's own,
 * but start times go on a tape (core/sample-tape.ts), since a twin's blocks would not be cut where one thread
 * cuts them. Start times tagged with groups have no tape. Once the start times are only counted (a StartCount's
 * recipe, see TimedSamples.onlyCounts) there is nothing to replay: the count is the twin.
 */
export function filesRecipe(consumer: SampleConsumer): ConsumerRecipe | undefined {
  const taped = (recipe: ConsumerRecipe): ConsumerRecipe | undefined => {
    switch (recipe.kind) {
      case "timed":
        return recipe.tagged ? undefined : { kind: "tape", limit: TAPE_LIMIT, failures: recipe.failures };
      case "fan-out": {
        const consumers = recipe.consumers.map(taped);
        return consumers.every((c) => c !== undefined) ? { kind: "fan-out", consumers: consumers as ConsumerRecipe[] } : undefined;
      }
      default:
        return recipe;
    }
  };
  const recipe = recipeOf(consumer);
  return recipe && taped(recipe);
}

/**
 * Reads files elsewhere: `run` starts one (its result never rejects), `stop` ends every file being read where it is
 * (its result then holds what was read) and starts no more, `close` ends what is still running.
 */
export interface FileRunner {
  run(task: FileTask, onBytes: (bytes: number) => void): Promise<FileResult>;
  stop(): void;
  close(): void;
}

/** Reads one file at a time, on a worker thread or on the main thread itself. */
interface FileReader {
  /** Its result never rejects. */
  read(task: FileTask, onBytes: (bytes: number) => void): Promise<FileResult>;
  /** Ends the file being read where it is (its result then holds what was read). */
  stop(): void;
  close(): void;
}

/** The main thread as a reader: it reads between adding the results of others, while it waits for them. */
function mainThreadReader(): FileReader {
  let reading: AbortController | undefined;
  return {
    async read(task, onBytes) {
      reading = new AbortController();
      try {
        return await readWholeFile(task, onBytes, reading.signal);
      } finally {
        reading = undefined;
      }
    },
    stop: () => reading?.abort(),
    close() {},
  };
}

/** A worker thread as a reader; `broken` once it failed inside. */
function workerReader(): FileReader & { broken: boolean } {
  const worker = new Worker(workerScript("file-worker"));
  const failed = (message: string): FileResult => ({ ok: false, told: [], error: { kind: "internal", message } });
  const reader = {
    broken: false,
    read: (task: FileTask, onBytes: (bytes: number) => void) =>
      new Promise<FileResult>((resolve) => {
        const onMessage = (message: FileResult | { progress: number }) => ("progress" in message ? onBytes(message.progress) : done(message));
        const onError = (error: Error) => done(failed(error.stack ?? error.message));
        const onExit = (code: number) => done(failed(`a worker thread stopped early (exit code ${code})`));
        const done = (result: FileResult) => {
          worker.off("message", onMessage).off("error", onError).off("exit", onExit);
          reader.broken = "error" in result && result.error.kind === "internal";
          resolve(result);
        };
        worker.on("message", onMessage).once("error", onError).once("exit", onExit);
        worker.postMessage({ task } satisfies FileWorkerMessage);
      }),
    stop: () => worker.postMessage({ stop: true } satisfies FileWorkerMessage),
    close: () => void worker.terminate(),
  };
  return reader;
}

/**
 * `size` readers, each reading one file after another: the main thread and `size - 1` worker threads. The main
 * thread has little else to do once the first file is read (adding a result is quick), and each worker is an
 * isolate with its own heap and buffers (~100 MB at its peak on gzipped logs), so `size` cores are kept busy by
 * one worker fewer. Workers are kept for the next file: one costs ~0.15 s of CPU to start and load its modules,
 * which a list of a hundred small files would otherwise pay a hundred times.
 */
function readerPool(size: number): FileRunner {
  const idle: FileReader[] = [mainThreadReader()];
  let workers = 0;
  const all = new Set<FileReader>();
  const busy = new Set<FileReader>();
  const waiting: (() => void)[] = [];
  let stopped = false;
  const take = async (): Promise<FileReader> => {
    // Workers first: the main thread is reading the first file itself when the first tasks come (ingestFiles).
    if (workers < size - 1) {
      workers++;
      const worker = workerReader();
      all.add(worker);
      return worker;
    }
    if (idle.length > 0) return idle.shift()!;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return take();
  };
  return {
    async run(task, onBytes) {
      const reader = await take();
      if (stopped) {
        idle.push(reader);
        waiting.shift()?.();
        return { ok: false, told: [], stopped: true };
      }
      busy.add(reader);
      const result = await reader.read(task, onBytes);
      busy.delete(reader);
      // A worker that failed inside is not given another file.
      if ("broken" in reader && reader.broken) {
        all.delete(reader);
        workers--;
      } else idle.push(reader);
      waiting.shift()?.();
      return result;
    },
    stop() {
      stopped = true;
      for (const reader of busy) reader.stop();
      for (const wake of waiting.splice(0)) wake();
    },
    close() {
      for (const reader of all) reader.close();
    },
  };
}

/** How the files are read: the shared options of every file, and where what happens goes. */
export interface FilesOptions extends Omit<IngestOptions, "format" | "filter" | "threads" | "follow" | "stdin"> {
  /** Forced format, one of the registry's (the workers find it by name). */
  format?: Format;
  filter: SampleFilter;
  /** Files read at a time: by the main thread and `threads - 1` worker threads. */
  threads: number;
  /** Told when the file at `index` was added to its consumer, in file order. */
  onAdded?(index: number): void;
}

/**
 * Reads `args` (files, no stdin), each into its consumer of `consumers`, which must be portable (see `recipeOf`);
 * returns each file's result in order. When `signal` is aborted, the files added until then.
 */
export async function ingestFiles(
  args: readonly string[],
  consumers: readonly SampleConsumer[],
  options: FilesOptions,
  runner: FileRunner = readerPool(options.threads),
): Promise<InputResult[]> {
  const { signal, onBytes = () => {} } = options;
  const jobs: (Promise<FileResult> | undefined)[] = [];
  const start = (i: number) => {
    const recipe = filesRecipe(consumers[i]!);
    if (recipe === undefined) throw new Error("ingestFiles needs consumers that filesRecipe takes");
    const { format, decode, filter, strict, buckets = false } = options;
    jobs[i] = runner.run({ arg: args[i]!, ...(format === undefined ? {} : { format: format.name }), decode, filter: filter.options, strict, buckets, recipe }, onBytes);
  };
  const stopped = () => signal?.aborted === true;
  const stop = () => runner.stop();
  signal?.addEventListener("abort", stop, { once: true });
  if (stopped()) stop();
  const read: InputResult[] = [];
  let next = 1;
  /** File `i` was added: told, and the next file started in its place (the main thread reads the first itself). */
  const added = (i: number) => {
    options.onAdded?.(i);
    if (next < args.length && !stopped()) start(next++);
  };
  try {
    // The workers' first files while the main thread reads the first one, then one for the main thread as a reader:
    // were it given one at once, it would read two files by turns while a worker that finished waited for them.
    for (; next < Math.min(options.threads, args.length); next++) start(next);
    read.push(await ingest(args[0]!, { ...options, threads: 1 }, consumers[0]!));
    added(0);
    // Files are started in order, so once Ctrl-C stops the starting, the ones started are a run from the first.
    for (let i = 1; i < next; i++) {
      const result = await jobs[i]!;
      jobs[i] = undefined;
      for (const told of result.told) {
        if ("notice" in told) options.notice(told.notice);
        else options.debug(told.debug);
      }
      const name = inputName(args[i]!);
      // Nothing of this file was kept: the report covers the files before it.
      if (!result.ok && "stopped" in result) break;
      if (!result.ok && "tapeFull" in result) {
        if (stopped()) break;
        read.push(await ingest(args[i]!, { ...options, threads: 1 }, consumers[i]!));
        added(i);
        continue;
      }
      if (!result.ok) throw reviveError(result.error, name, 0);
      (consumers[i] as PortableConsumer).absorb(result.state);
      // A class again (posting made it plain data), its reason tables prototype-free as they were.
      const accounting = new LineAccounting();
      accounting.add(result.accounting);
      read.push({ name, format: result.format, unit: result.unit, accounting, ...(result.buckets ? { buckets: result.buckets } : {}), ...(result.markedPartial ? { markedPartial: true } : {}), ...(result.moments ? { moments: result.moments } : {}), ...(result.undated ? { undated: true } : {}) });
      added(i);
    }
    return read;
  } finally {
    signal?.removeEventListener("abort", stop);
    runner.close();
  }
}
