/** Flags every command that reads latency inputs shares, and their validation into typed options. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { isSignificantDigits, type SignificantDigits } from "../core/histogram.js";
import { isTimeUnit, TIME_UNITS, type TimeUnit } from "../base/units.js";
import { UserError } from "../base/errors.js";
import { parseStatusList, parseTimeBound, type StatusRange } from "../ingest/sample-filter.js";
import { formatForLogFormat } from "../formats/access-log.js";
import { FORMATS, findFormat } from "../formats/registry.js";
import type { ReadOptions } from "../ingest/read-inputs.js";
import { SPAN_KIND_CHOICES, type SpanKindChoice } from "../formats/span-kinds.js";
import type { DecodeOptions } from "../formats/types.js";
import { terminal } from "./terminal.js";
import { addHlogSelectionOptions, type HlogFlags, hlogSelection } from "./hlog-options.js";
import { wholeNumber } from "./whole-number.js";

/** Raw values commander collects for the input flags. */
export interface InputFlags extends HlogFlags {
  format?: string;
  column?: string;
  field?: string;
  unit?: TimeUnit;
  timeColumn?: string;
  timeField?: string;
  timeUnit?: TimeUnit;
  per?: string;
  statusColumn?: string;
  statusField?: string;
  /** From the who-suffered flags (misery-options.ts): columns or fields the decoders capture. */
  groupBy?: string[];
  session?: string;
  sigDigits: SignificantDigits;
  strict?: boolean;
  threads?: number;
  debug?: boolean;
  metric?: string;
  logFormat?: string;
  includeErrors?: boolean;
  label?: string[];
  status?: StatusRange[];
  since?: number;
  until?: number;
  /** `--follow` (report only): read the one file on as it grows. */
  follow?: boolean;
  spanKind?: SpanKindChoice;
}

/** The default histogram precision, as HdrHistogram's examples use. */
export const DEFAULT_SIGNIFICANT_DIGITS: SignificantDigits = 3;

function parseThreads(text: string): number {
  const n = wholeNumber(text);
  if (n === undefined || n < 1 || n > 64) throw new InvalidArgumentError("must be an integer from 1 to 64");
  return n;
}

function parseSignificantDigits(text: string): SignificantDigits {
  const n = wholeNumber(text);
  if (n === undefined || !isSignificantDigits(n)) throw new InvalidArgumentError("must be an integer from 1 to 5");
  return n;
}

/** Parses a `--unit`/`--out-unit` value. */
export function parseTimeUnit(text: string): TimeUnit {
  const normalised = text === "µs" || text === "μs" ? "us" : text;
  if (!isTimeUnit(normalised)) throw new InvalidArgumentError(`must be one of ${TIME_UNITS.join(", ")}`);
  return normalised;
}

function parseStatuses(text: string): StatusRange[] {
  try {
    return parseStatusList(text);
  } catch (error) {
    if (error instanceof UserError) throw new InvalidArgumentError(`${error.message} (${error.hint})`);
    throw error;
  }
}

function parseTime(text: string): number {
  const ns = parseTimeBound(text, Date.now() * 1e6);
  if (ns === undefined) throw new InvalidArgumentError("must be ISO-8601 (2024-05-01T10:00:00Z), an epoch number (s, ms, us or ns) or a time ago (15m, 2h, 30s, 1d)");
  return ns;
}

/** Commander's argument parser for a repeatable option: every value given, in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addInputOptions(command: Command): Command {
  command
    .optionsGroup("Input:")
    .addOption(new Option("-f, --format <name>", "input format (default: detected)").choices(FORMATS.map((f) => f.name)))
    .option("--column <name|index>", "CSV/TSV latency column, by header name or 1-based index")
    .option("--field <path>", "JSON-lines latency field, as a dotted path (a.b.c)")
    .option("--unit <unit>", "unit of numbers without a suffix: ns, us, ms, s (default: from the column name, else ms)", parseTimeUnit)
    .option("--time-column <name|index>", "CSV/TSV column with each request's start time (default: a column named like timestamp/start/time)")
    .option("--time-field <path>", "JSON-lines field with each request's start time (default: a key named like timestamp/start/time)")
    .option("--time-unit <unit>", "unit of numeric start times (default: epoch s/ms/us/ns by magnitude)", parseTimeUnit)
    .option("--per <name>", "column or field naming the connection/worker that sent each request: one send schedule per value (default: a column named like connection/worker/thread/vu, or the format's own; none: reconstruct the senders from the log)")
    .option("--status-column <name|index>", "CSV/TSV column telling failed requests: a status (outside 2xx/3xx fails) or a success/error flag (default: a column named like status, code, success, error; none: no column)")
    .option("--status-field <path>", "JSON-lines field telling failed requests, as --status-column (default: a key named like status, code, success, error; none: no field)")
    .option("--metric <name>", "which timing is the latency: k6 metric (http_req_duration), jtl elapsed|Latency|Connect, nginx request_time|upstream_response_time, envoy DURATION|..., the Prometheus histogram")
    .option("--log-format <format>", "access-log layout in the server's own syntax: nginx log_format, Apache LogFormat or Envoy format string")
    .addOption(new Option("--span-kind <kind>", "span exports (otlp, jaeger, zipkin): spans of this kind, all, or entry: the SERVER spans with no SERVER span above them, where requests entered (default: entry when the inputs have SERVER spans, else all)").choices(SPAN_KIND_CHOICES))
    .optionsGroup("Filters:")
    .option("--include-errors", "record failed requests too (non-2xx/3xx, success=false, KO, errors); they are counted either way")
    .option("--label <glob>", "keep requests whose label matches the glob (* and ?); Prometheus: series with NAME=VALUE; repeatable", collect)
    .option("--status <list>", "keep responses with these statuses, failed or not: 2xx,404,500-503", parseStatuses)
    .option("--since <time>", "keep requests that started at or after TIME (HdrHistogram logs: the intervals that start then): ISO-8601 (UTC without an offset), epoch s/ms/us/ns, or a time ago: 15m, 2h, 1d", parseTime)
    .option("--until <time>", "keep requests that started before TIME (same forms as --since)", parseTime)
    .optionsGroup("Reading:")
    .option("--sig-digits <n>", "histogram precision in significant digits, 1-5", parseSignificantDigits, DEFAULT_SIGNIFICANT_DIGITS)
    .option("--strict", "stop with an error at the first line that cannot be read")
    .option("--threads <n>", "threads to read with: 1 = the main thread only; more cuts any file into that many parts, or reads a list of files that many at a time (default: one per CPU core for a file of 48 MB or more, or files of 16 MB or more in all)", parseThreads)
    .option("--debug", "explain format detection and show stack traces of errors");
  return addHlogSelectionOptions(command);
}

/** The input flags as typed options: what to read and how, at what precision. */
export interface InputOptions {
  read: ReadOptions;
  /** Histogram precision (`--sig-digits`). */
  digits: SignificantDigits;
  /** `--debug`: explain format detection, show stack traces. */
  debug: boolean;
}

/** Validates the input flags for reading `files` (stdin when none) into typed options, refusing contradictions. */
export function inputOptions(files: readonly string[], flags: InputFlags): InputOptions {
  if (files.length === 0 && terminal().stdin.isTTY === true) {
    // Waiting in silence for a log typed in helps no one; an explicit - still reads the terminal.
    throw new UserError("no input: give log files, or pipe a log in", "stdin is a terminal; - reads it all the same");
  }
  const args = files.length === 0 ? ["-"] : files;
  if (flags.follow && (args.length !== 1 || args[0] === "-")) {
    throw new UserError("--follow reads one file by its name", args[0] === "-" ? "give the log file; a pipe is read as it comes anyway" : "follow one file at a time");
  }
  if (flags.since !== undefined && flags.until !== undefined && flags.since >= flags.until) {
    throw new UserError("--since must be before --until", "the range is [since, until)");
  }
  // Logs of hosts that started at different times would each be cut at a wall-clock time of their own.
  if ((flags.start !== undefined || flags.end !== undefined) && args.length > 1) {
    throw new UserError("--start/--end are seconds after each log's own StartTime: with several logs, each would be cut at a time of its own", "pick one wall-clock range in all of them with --since/--until");
  }
  // A --log-format names its server by its syntax, so it also chooses the format when -f does not.
  const formatName = flags.format ?? (flags.logFormat === undefined ? undefined : formatForLogFormat(flags.logFormat));
  const read: ReadOptions = {
    format: formatName === undefined ? undefined : findFormat(formatName),
    decode: decodeOptions(flags),
    filter: { includeErrors: flags.includeErrors === true, labels: flags.label, statuses: flags.status, sinceNs: flags.since, untilNs: flags.until },
    strict: flags.strict === true,
    threads: flags.threads,
    follow: flags.follow === true,
  };
  return { read, digits: flags.sigDigits, debug: flags.debug === true };
}

/** `--status-column`/`--status-field`: a column or field, or none. */
function statusColumn(flags: InputFlags): Pick<DecodeOptions, "statusColumn" | "noStatusColumn"> {
  if (flags.statusColumn !== undefined && flags.statusField !== undefined) {
    throw new UserError("--status-column and --status-field name the same thing", "--status-column for CSV/TSV, --status-field for JSON lines");
  }
  const name = flags.statusColumn ?? flags.statusField;
  if (name === undefined) return {};
  return name === "none" ? { noStatusColumn: true } : { statusColumn: name };
}

/** The decoder options the input flags describe. */
function decodeOptions(flags: InputFlags): DecodeOptions {
  return {
    unit: flags.unit,
    column: flags.column,
    field: flags.field,
    time: flags.timeColumn ?? flags.timeField,
    timeUnit: flags.timeUnit,
    key: flags.per === "none" ? undefined : flags.per,
    noSenderColumn: flags.per === "none",
    ...statusColumn(flags),
    metric: flags.metric,
    logFormat: flags.logFormat,
    groupBy: flags.groupBy,
    session: flags.session,
    spanKind: flags.spanKind,
    labels: flags.label,
    hlog: hlogSelection(flags),
  };
}
