/** Reads every input of a command in order, reporting notices and rejected lines on stderr. */
import { stat } from "node:fs/promises";
import { REJECTIONS_SHOWN } from "../ingest/accounting.js";
import { UserError } from "../base/errors.js";
import { FanOut } from "../ingest/fan-out.js";
import { ingest, type InputResult } from "../ingest/ingest.js";
import { type SampleConsumer } from "../core/sample.js";
import { SampleFilter } from "../ingest/sample-filter.js";
import { formatForLogFormat } from "../formats/access-log.js";
import { findFormat } from "../formats/registry.js";
import { checkReadable, inputName } from "../sources/open.js";
import { decodeOptions, type InputFlags } from "./input-options.js";
import { startProgress } from "./progress.js";
import { terminal, warn } from "./terminal.js";

/** How the reading is followed and stopped. */
export interface Reading {
  /** Stops the reading (Ctrl-C): the input being read ends there and later ones are not read. */
  signal?: AbortSignal;
  /** A progress bar for large files (see progress.ts); on unless false. */
  progress?: boolean;
  /** The command can use bucket counts (Prometheus histograms): they come back in each result's `buckets`. */
  buckets?: boolean;
}

/**
 * Reads the inputs (stdin when there are none), each into the consumer `consumerFor` makes for it and into the
 * `shared` consumers, and returns each input's result with its own consumer.
 */
export async function readInputs<C extends SampleConsumer>(
  files: string[],
  flags: InputFlags,
  consumerFor: (arg: string) => C,
  shared: readonly SampleConsumer[] = [],
  reading: Reading = {},
): Promise<(InputResult & { recorder: C })[]> {
  const args = files.length === 0 ? ["-"] : files;
  if (flags.follow && (args.length !== 1 || args[0] === "-")) {
    throw new UserError("--follow reads one file by its name", args[0] === "-" ? "give the log file; a pipe is read as it comes anyway" : "follow one file at a time");
  }
  for (const arg of args) await checkReadable(arg);
  // A --log-format names its server by its syntax, so it also chooses the format when -f does not.
  const formatName = flags.format ?? (flags.logFormat === undefined ? undefined : formatForLogFormat(flags.logFormat));
  const format = formatName === undefined ? undefined : findFormat(formatName);
  if (flags.since !== undefined && flags.until !== undefined && flags.since >= flags.until) {
    throw new UserError("--since must be before --until", "the range is [since, until)");
  }
  const filter = new SampleFilter({
    includeErrors: flags.includeErrors === true,
    labels: flags.label,
    statuses: flags.status,
    sinceNs: flags.since,
    untilNs: flags.until,
  });
  const results: (InputResult & { recorder: C })[] = [];
  for (const arg of args) {
    if (reading.signal?.aborted) break;
    const recorder = consumerFor(arg);
    const progress = reading.progress === false || arg === "-" || flags.follow ? undefined : await startProgress(inputName(arg), (await stat(arg)).size);
    const options = {
      format,
      decode: decodeOptions(flags),
      filter,
      strict: flags.strict === true,
      threads: flags.threads,
      buckets: reading.buckets,
      signal: reading.signal,
      follow: flags.follow === true,
      onBytes: progress?.advance,
      stdin: terminal().stdin,
      notice: warn,
      debug: flags.debug ? (message: string) => warn(`debug: ${message}`) : () => {},
    };
    const consumer = shared.length === 0 ? recorder : new FanOut([recorder, ...shared]);
    try {
      results.push({ ...(await ingest(arg, options, consumer)), recorder });
    } finally {
      progress?.stop();
    }
  }
  reportRejections(results);
  return results;
}

/** Prints the first rejected lines as `FILE:LINE: reason`, and how many more there were. */
function reportRejections(results: InputResult[]): void {
  let shown = 0;
  let total = 0;
  for (const { accounting } of results) {
    total += accounting.rejected;
    for (const r of accounting.firstRejections) {
      if (shown++ < REJECTIONS_SHOWN) warn(`${r.file}:${r.line}: ${r.reason}`);
    }
  }
  if (total > REJECTIONS_SHOWN) warn(`… ${total - REJECTIONS_SHOWN} more rejected lines (counted by reason in --json)`);
}
