/**
 * Reads a large regular file on several threads: the file is cut at line starts into parts; the main thread
 * reads the first, worker threads the others, and their results are added in file order — bucket counts and
 * line accounting add exactly, so the report is the same as from one thread.
 *
 * Line numbers: a worker cannot know how many lines come before its part without reading them, so it numbers
 * from its part's start, and its numbers (in rejections and errors) are moved on by the lines of the earlier
 * parts when its result is added. That costs nothing, where counting newlines first would be a pass over the file.
 *
 * Decoder state: every part's decoder first reads the file's first lines (the prelude: the first up to 64 KB)
 * without booking them, which settles what a header or the first record decides. Only decoders that promise to
 * carry nothing else (LineDecoder.midRecord) are read this way. A part that a record continues into (a quoted
 * CSV field with a line break across the cut), or that follows a change of columns (a CSV header again in another
 * order), is read again on the main thread after the part before it. One exception: the JTL decoder remembers the
 * row before, whose sub-result rows it skips (jtl.ts), and a cut between a row and its sub-results counts them —
 * at most the few rows after each cut.
 */
import { availableParallelism } from "node:os";
import { open, stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { LineAccounting } from "./accounting.js";
import type { SampleConsumer } from "../core/sample.js";
import { describeError, PartReader, reviveError, type PartContext, type PartResult, type PartTask } from "./part-reader.js";
import { recipeOf, type PortableConsumer } from "../core/portable.js";
import type { UnitChoice } from "../formats/types.js";
import { workerScript } from "./worker-script.js";
import { compressionOf } from "../sources/compression.js";

/**
 * Below this size a file is read on one thread: a worker costs its start, and the parts their prelude and the
 * adding of their results. Measured with the worker's bundle (2 cores, wall medians of 5): plain numbers win on two
 * threads from ~30 MB (51 MB: 0.37 s on one, 0.30 s on two; 20 MB: 0.21 s against 0.23 s), a timestamped CSV with
 * coordinated-omission detection from ~50 MB (33 MB: 0.37 s against 0.38 s; 51 MB: 0.47 s against 0.46 s; 64 MB:
 * 0.51 s against 0.47 s).
 */
const PARALLEL_MIN_BYTES = 48 << 20;
/**
 * Most bytes of the prelude. The head handed to `planParts` is the first chunk read (1 MB): a prelude that large was
 * read twice more on the main thread, copied to every worker and decoded there again, ~5 MB of buffers for nothing.
 */
const PRELUDE_MAX_BYTES = 64 << 10;
const LF = 10;
/** Bytes enough to tell a compressed file (`compressionOf`). */
const MAGIC_BYTES = 4;

/** Where to cut a file. */
export interface PartPlan {
  /** Line starts where the second and later parts begin, ascending, each inside the file. */
  splits: number[];
  /** End of the prelude: a line start at or before `splits[0]`. */
  preludeEnd: number;
  /** The file's size when the plan was made: each part must find all its bytes (see PartContext.size). */
  size: number;
}

/** A part being read elsewhere: its result (which never rejects), and a way to stop it when it is not needed. */
interface PartJob {
  result: Promise<PartResult>;
  cancel(): void;
}

/** Starts reading a part, telling `onBytes` as it reads; `workerJob` in production, the same work in this thread in tests. */
type PartRunner = (task: PartTask, onBytes: (bytes: number) => void) => PartJob;

/**
 * Where to cut the file at `path` for `threads` parts (undefined: read it on one thread). `threads` undefined
 * means one part per CPU core for files of PARALLEL_MIN_BYTES or more. `head` is the file's beginning.
 */
export async function planParts(path: string, head: Buffer, threads: number | undefined): Promise<PartPlan | undefined> {
  const info = await stat(path);
  const parts = threads ?? (info.size >= PARALLEL_MIN_BYTES ? availableParallelism() : 1);
  const lastNewline = head.lastIndexOf(LF, PRELUDE_MAX_BYTES - 1);
  if (parts < 2 || !info.isFile() || lastNewline < 0) return undefined;
  // A gzip or zstd stream can only be read from its start (`head` is already decompressed: look at the file).
  if (compressionOf(await readBytes(path, MAGIC_BYTES)) !== undefined) return undefined;
  const splits: number[] = [];
  for (let k = 1; k < parts; k++) {
    const split = await nextLineStart(path, Math.max(Math.round((info.size * k) / parts), 1));
    if (split > (splits[splits.length - 1] ?? 0) && split < info.size) splits.push(split);
  }
  if (splits.length === 0) return undefined;
  return { splits, preludeEnd: Math.min(lastNewline + 1, splits[0]!), size: info.size };
}

/** The first line start at or after `offset` (the file's size when there is none). */
async function nextLineStart(path: string, offset: number): Promise<number> {
  const handle = await open(path, "r");
  try {
    const window = Buffer.allocUnsafe(64 << 10);
    for (let position = offset - 1; ; position += window.length) {
      const { bytesRead } = await handle.read(window, 0, window.length, position);
      if (bytesRead === 0) return position;
      const newline = window.subarray(0, bytesRead).indexOf(LF);
      if (newline >= 0) return position + newline + 1;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The worker's young generation, in MB. V8 let it grow to 8 MB while a part of a CSV was read, room for the garbage
 * of decoding; capped, the worker collects more often, for about the same CPU time (10M CSV rows: 5.44 → 5.50 s),
 * and the second thread costs ~5 MB less (10M CSV rows, 567 MB: 97.6 → 92.5 MB peak).
 */
const WORKER_YOUNG_GENERATION_MB = 2;

/** Reads a part on a worker thread. */
function workerJob(task: PartTask, onBytes: (bytes: number) => void): PartJob {
  const worker = new Worker(workerScript("ingest-worker"), {
    workerData: task,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const result = new Promise<PartResult>((resolve) => {
    worker.on("message", (message: PartResult | { progress: number }) => ("progress" in message ? onBytes(message.progress) : resolve(message)));
    worker.once("error", (error) => resolve({ ok: false, error: { kind: "internal", message: error.stack ?? error.message } }));
    worker.once("exit", (code) => resolve({ ok: false, error: { kind: "internal", message: `a worker thread stopped early (exit code ${code})` } }));
  });
  return { result, cancel: () => void worker.terminate() };
}

/** What was read; the samples went to the consumer. */
interface PartsResult {
  accounting: LineAccounting;
  unit: UnitChoice | undefined;
}

/** Where notices go, and how reading is stopped and followed. */
interface PartsOptions {
  /** The decoders' notices, in file order. */
  notice(messages: string[]): void;
  /** Stops reading: the result then covers the lines read before, from the file's start on. */
  signal?: AbortSignal;
  onBytes?(bytes: number): void;
}

/** Reads the file in the parts `plan` describes into `consumer`, which must be portable (see `recipeOf`). */
export async function ingestParts(
  context: PartContext,
  plan: PartPlan,
  consumer: SampleConsumer,
  options: PartsOptions,
  runner: PartRunner = workerJob,
): Promise<PartsResult> {
  const recipe = recipeOf(consumer);
  if (recipe === undefined) throw new Error("ingestParts needs a portable consumer");
  const { signal, onBytes = () => {} } = options;
  const stopped = () => signal?.aborted === true;
  const first = new PartReader(context, new Uint8Array(0), consumer);
  // What the first part's decoder read in the header says of the whole file: its unit, and failures it leaves out.
  const readWith = (accounting: LineAccounting): PartsResult => {
    accounting.unwrittenFailures ??= first.unwrittenFailures();
    return { accounting, unit: first.unitChoice() };
  };
  await first.read(0, plan.preludeEnd, signal, onBytes);
  options.notice(first.takeNotices());
  // Until a sample was decoded, the decoder may not have seen what settles it (a header after comments…).
  if (first.accounting.recorded === 0 || first.midRecord() || stopped()) {
    await first.read(plan.preludeEnd, Infinity, signal, onBytes);
    first.finish(stopped());
    options.notice(first.takeNotices());
    return readWith(first.accounting);
  }
  const prelude = await readBytes(context.path, plan.preludeEnd);
  const bounds = [0, ...plan.splits, Infinity];
  const jobs = plan.splits.map((start, i) => runner({ ...context, prelude, start, end: bounds[i + 2]!, recipe }, onBytes));
  const aborted = new Promise<undefined>((resolve) => signal?.addEventListener("abort", () => resolve(undefined), { once: true }));
  try {
    const total = new LineAccounting();
    /** The reader of the main thread while it reads parts, and the lines before its first part. */
    let current: { reader: PartReader; offset: number } | undefined = { reader: first, offset: 0 };
    const readOnMain = async (start: number, end: number) => {
      try {
        await current!.reader.read(start, end, signal, onBytes);
        if (end === Infinity && !stopped()) current!.reader.finish();
      } catch (error) {
        throw reviveError(describeError(error), context.name, current!.offset);
      }
      options.notice(current!.reader.takeNotices());
    };
    await readOnMain(plan.preludeEnd, bounds[1]!);
    for (let k = 1; k < bounds.length - 1 && !stopped(); k++) {
      const [start, end] = [bounds[k]!, bounds[k + 1]!];
      if (current?.reader.midRecord()) {
        // A record runs on into this part: the worker started reading in the middle of it.
        jobs[k - 1]!.cancel();
        await readOnMain(start, end);
        continue;
      }
      if (current !== undefined) total.add(shifted(current.reader.accounting, current.offset));
      current = undefined;
      const result = await Promise.race([jobs[k - 1]!.result, aborted]);
      if (result === undefined) break;
      if (!result.ok) throw reviveError(result.error, context.name, total.lines);
      if (result.midRecord && end !== Infinity) {
        // The next part starts inside a record: read this one again here, to carry the record on.
        current = { reader: new PartReader(context, prelude, consumer), offset: total.lines };
        await readOnMain(start, end);
        continue;
      }
      (consumer as PortableConsumer).absorb(result.state);
      total.add(shifted(result.accounting, total.lines));
      options.notice(result.notices);
    }
    if (current !== undefined) {
      if (stopped()) current.reader.finish(true);
      total.add(shifted(current.reader.accounting, current.offset));
    }
    return readWith(total);
  } finally {
    for (const job of jobs) job.cancel();
  }
}

/** A part's accounting with its rejections' line numbers moved on by `offset`. */
function shifted(accounting: LineAccounting, offset: number): LineAccounting {
  const firstRejections = accounting.firstRejections.map((r) => ({ ...r, line: r.line + offset }));
  return Object.assign(new LineAccounting(), accounting, { firstRejections });
}

/** The file's first `length` bytes. */
async function readBytes(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const bytes = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(bytes, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
