/**
 * Reads several files at once (a gzip stream cannot be cut into parts, but a list of rotated files can be shared
 * out): the first on the main thread, as one thread would read it, each later one whole on a worker thread, and
 * their results added in file order — what each consumer absorbs, and the notices each file gave, come in the
 * order one thread would have given them, so the report is the same (as for the parts of ingest-parts.ts). At most
 * `threads` files are read on workers or wait to be added at a time, which bounds the memory of results that
 * finished before the one ahead of them.
 */
import { Worker } from "node:worker_threads";
import type { SampleConsumer } from "../core/sample.js";
import type { BucketRead } from "../core/classic-histogram.js";
import { recipeOf, type ConsumerRecipe, type PortableConsumer } from "../core/portable.js";
import { TapeFull } from "../core/sample-tape.js";
import { findFormat } from "../formats/registry.js";
import type { DecodeOptions, Format, UnitChoice } from "../formats/types.js";
import { inputName } from "../sources/open.js";
import { LineAccounting } from "./accounting.js";
import { ingest, type IngestOptions, type InputResult } from "./ingest.js";
import type { ReadNotice } from "./notices.js";
import { describeError, rebuild, reviveError, type PartError } from "./part-reader.js";
import { SampleFilter, type SampleFilterOptions } from "./sample-filter.js";

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

/** What a worker sends back: what it told comes back in both cases, to be said before an error. */
export type FileResult = { told: Told[] } & (
  | { ok: true; state: unknown; format: string; unit: UnitChoice | undefined; accounting: LineAccounting; buckets?: BucketRead }
  | { ok: false; error: PartError }
  /** The file has more samples with start times than a tape holds: it is to be read again on the main thread. */
  | { ok: false; tapeFull: true }
);

/** Reads one whole file into a twin of the recipe's consumer, on one thread (what a worker does). */
export async function readWholeFile(task: FileTask, onBytes: (bytes: number) => void): Promise<FileResult> {
  const told: Told[] = [];
  try {
    const consumer = rebuild(task.recipe);
    const format = task.format === undefined ? undefined : findFormat(task.format);
    const options = { format, decode: task.decode, filter: new SampleFilter(task.filter), strict: task.strict, buckets: task.buckets, threads: 1, onBytes, notice: (notice: ReadNotice) => told.push({ notice }), debug: (debug: string) => told.push({ debug }) };
    const read = await ingest(task.arg, options, consumer);
    const { format: name, unit, accounting, buckets } = read;
    return { ok: true, told, state: consumer.state(), format: name, unit, accounting, ...(buckets ? { buckets } : {}) };
  } catch (error) {
    if (error instanceof TapeFull) return { ok: false, told: [], tapeFull: true };
    return { ok: false, told, error: describeError(error) };
  }
}

/**
 * Samples with start times kept for a whole file read elsewhere: 20 bytes each on the tape (~40 MB). A file
 * with more is read again on the main thread.
 */
const TAPE_LIMIT = 1 << 21;

/**
 * The recipe of the twin a worker reads a whole file into, or undefined when there is none: the consumer's own,
 * but start times go on a tape (core/sample-tape.ts), since a twin's blocks would not be cut where one thread
 * cuts them. Start times tagged with groups have no tape.
 */
export function filesRecipe(consumer: SampleConsumer): ConsumerRecipe | undefined {
  const taped = (recipe: ConsumerRecipe): ConsumerRecipe | undefined => {
    switch (recipe.kind) {
      case "timed":
        return recipe.tagged ? undefined : { kind: "tape", limit: TAPE_LIMIT };
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

/** Reads files elsewhere: `run` starts one (its result never rejects), `close` stops what is still running. */
export interface FileRunner {
  run(task: FileTask, onBytes: (bytes: number) => void): Promise<FileResult>;
  close(): void;
}

/**
 * Up to `size` worker threads, each reading one file after another: a worker costs ~0.15 s of CPU to start and
 * load its modules, which a list of a hundred small files would otherwise pay a hundred times.
 */
function workerPool(size: number): FileRunner {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const waiting: (() => void)[] = [];
  const failed = (message: string): FileResult => ({ ok: false, told: [], error: { kind: "internal", message } });
  const take = async (): Promise<Worker> => {
    if (idle.length > 0) return idle.pop()!;
    if (all.size < size) {
      // From this directory's name, so that the path holds in the CLI's bundle too (dist/cli/latstat.cjs).
      const worker = new Worker(new URL("../ingest/file-worker.js", import.meta.url));
      all.add(worker);
      return worker;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    return take();
  };
  return {
    async run(task, onBytes) {
      const worker = await take();
      const result = await new Promise<FileResult>((resolve) => {
        const onMessage = (message: FileResult | { progress: number }) => ("progress" in message ? onBytes(message.progress) : done(message));
        const onError = (error: Error) => done(failed(error.stack ?? error.message));
        const onExit = (code: number) => done(failed(`a worker thread stopped early (exit code ${code})`));
        const done = (result: FileResult) => {
          worker.off("message", onMessage).off("error", onError).off("exit", onExit);
          resolve(result);
        };
        worker.on("message", onMessage).once("error", onError).once("exit", onExit);
        worker.postMessage(task);
      });
      // A worker that failed inside is not given another file.
      if (!("error" in result) || result.error.kind !== "internal") idle.push(worker);
      else all.delete(worker);
      waiting.shift()?.();
      return result;
    },
    close() {
      for (const worker of all) void worker.terminate();
    },
  };
}

/** How the files are read: the shared options of every file, and where what happens goes. */
export interface FilesOptions extends Omit<IngestOptions, "format" | "filter" | "threads" | "follow" | "stdin"> {
  /** Forced format, one of the registry's (the workers find it by name). */
  format?: Format;
  filter: SampleFilter;
  /** Files read on workers at a time. */
  threads: number;
}

/**
 * Reads `args` (files, no stdin), each into its consumer of `consumers`, which must be portable (see `recipeOf`);
 * returns each file's result in order. When `signal` is aborted, the files added until then.
 */
export async function ingestFiles(
  args: readonly string[],
  consumers: readonly SampleConsumer[],
  options: FilesOptions,
  runner: FileRunner = workerPool(options.threads),
): Promise<InputResult[]> {
  const { signal, onBytes = () => {} } = options;
  const jobs: Promise<FileResult>[] = [];
  const start = (i: number) => {
    const recipe = filesRecipe(consumers[i]!);
    if (recipe === undefined) throw new Error("ingestFiles needs consumers that filesRecipe takes");
    const { format, decode, filter, strict, buckets = false } = options;
    jobs[i] = runner.run({ arg: args[i]!, ...(format === undefined ? {} : { format: format.name }), decode, filter: filter.options, strict, buckets, recipe }, onBytes);
  };
  const aborted = new Promise<undefined>((resolve) => signal?.addEventListener("abort", () => resolve(undefined), { once: true }));
  const read: InputResult[] = [];
  let next = 1;
  try {
    for (; next < Math.min(1 + options.threads, args.length); next++) start(next);
    read.push(await ingest(args[0]!, { ...options, threads: 1 }, consumers[0]!));
    for (let i = 1; i < args.length && signal?.aborted !== true; i++) {
      const result = await Promise.race([jobs[i]!, aborted]);
      if (result === undefined) break;
      for (const told of result.told) {
        if ("notice" in told) options.notice(told.notice);
        else options.debug(told.debug);
      }
      const name = inputName(args[i]!);
      if (!result.ok && "tapeFull" in result) {
        read.push(await ingest(args[i]!, { ...options, threads: 1 }, consumers[i]!));
        if (next < args.length) start(next++);
        continue;
      }
      if (!result.ok) throw reviveError(result.error, name, 0);
      (consumers[i] as PortableConsumer).absorb(result.state);
      // A class again (posting made it plain data), its reason tables prototype-free as they were.
      const accounting = new LineAccounting();
      accounting.add(result.accounting);
      read.push({ name, format: result.format, unit: result.unit, accounting, ...(result.buckets ? { buckets: result.buckets } : {}) });
      if (next < args.length) start(next++);
    }
    return read;
  } finally {
    runner.close();
  }
}
