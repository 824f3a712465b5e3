/**
 * What the library reads: log files by name, a log's bytes as a stream, or latencies as numbers. Numbers are
 * written as the lines of a `plain` log (`12.5ms`), so they go through the same decoder, filters and accounting
 * as a file of them would: the figures are the CLI's for that file, and a value that is no latency (negative,
 * NaN, too large) is a rejected line with its reason, numbered from 1 in the order given.
 */
import { UserError } from "../base/errors.js";
import { isTimeUnit, TIME_UNITS, type TimeUnit } from "../base/units.js";
import type { InputArg } from "../sources/open.js";

/** A log's bytes: a Node Readable, a web ReadableStream, or any (async) iterable of chunks. */
export interface StreamSource {
  /** Shown in notices, errors and `input.files`; default `(stream)`. */
  name?: string;
  stream: AsyncIterable<Uint8Array | string>;
}

/** Latencies as numbers, in `unit` (default ms). */
export interface SamplesSource {
  /** Shown in notices, errors and `input.files`; default `(samples)`. */
  name?: string;
  samples: Iterable<number> | AsyncIterable<number>;
  unit?: TimeUnit;
}

/** An input: a file name (gzip and zstd are read as such), a stream of a log's bytes, or latencies. */
export type Source = string | StreamSource | SamplesSource;

/** Lines of samples written per chunk. */
const LINES_PER_CHUNK = 4096;

/**
 * The sources as the read pipeline takes them; at least one is needed (the library never reads stdin by itself).
 * `signal` ends samples given as numbers where they are, with those taken so far.
 */
export function inputArgs(sources: readonly Source[], signal?: AbortSignal): InputArg[] {
  if (!Array.isArray(sources) || sources.length === 0) throw new UserError("no input given", "give a list of file names, streams or samples");
  return sources.map((source) => {
    if (typeof source === "string") {
      if (source === "-") throw new UserError('"-" (stdin) is the CLI\'s', "pass process.stdin as { stream: process.stdin }");
      return source;
    }
    if (source !== null && typeof source === "object" && "samples" in source) {
      const unit = source.unit ?? "ms";
      if (!isTimeUnit(unit)) throw new UserError(`samples unit ${String(unit)} is not a unit`, `one of ${TIME_UNITS.join(", ")}`);
      if (!iterable(source.samples)) throw new UserError("samples must be an iterable of numbers (an array, a generator…)", "e.g. { samples: [12.5, 14, 9.8] }");
      return { name: source.name ?? "(samples)", stream: sampleLines(source.samples, unit, signal) };
    }
    if (source !== null && typeof source === "object" && "stream" in source) {
      if (!iterable(source.stream)) throw new UserError("stream must be a readable stream or an async iterable of chunks", "e.g. { stream: fs.createReadStream(file) }");
      return { name: source.name ?? "(stream)", stream: source.stream };
    }
    throw new UserError(`input ${String(source)} is none the library reads`, "give a file name, { stream } or { samples }");
  });
}


/** Whether `value` can be read with `for await` (an iterable, sync or async). */
function iterable(value: unknown): boolean {
  return typeof value === "object" && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
}

/** True when every source is latencies as numbers: the format is then `plain`, with no need to detect it. */
export function onlySamples(sources: readonly Source[]): boolean {
  return sources.every((source) => typeof source === "object" && source !== null && "samples" in source);
}

/** Each sample as a line `<number><unit>`, in chunks; those taken before `signal` came, and no more. */
async function* sampleLines(samples: Iterable<number> | AsyncIterable<number>, unit: TimeUnit, signal: AbortSignal | undefined): AsyncGenerator<string> {
  let lines: string[] = [];
  for await (const value of samples) {
    if (signal?.aborted === true) break;
    lines.push(`${value}${unit}\n`);
    if (lines.length === LINES_PER_CHUNK) {
      yield lines.join("");
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join("");
}
