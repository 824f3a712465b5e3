/**
 * The library's typed settings of reading, shared by report, check and compare: the CLI's input and
 * coordinated-omission flags as values (durations and times in nanoseconds), and where notices go.
 */
import { UserError } from "../base/errors.js";
import { isTimeUnit, TIME_UNITS, type TimeUnit } from "../base/units.js";
import type { CoMode } from "../analyses/correction.js";
import type { Notice } from "../analyses/notices.js";
import type { RecordHooks } from "../analyses/read-recorded.js";
import { isSignificantDigits, type SignificantDigits } from "../core/histogram.js";
import { formatForLogFormat } from "../formats/access-log.js";
import { FORMATS, findFormat } from "../formats/registry.js";
import { SPAN_KIND_CHOICES, type SpanKindChoice } from "../formats/span-kinds.js";
import type { ReadOptions } from "../ingest/read-inputs.js";
import { parseStatusList } from "../ingest/sample-filter.js";
import { onlySamples, type Source } from "./sources.js";

/** How to read the inputs; each setting is the CLI flag of the same name. Every one may be left out. */
export interface ReadSettings {
  /** Input format (`latstat formats` lists them); detected per input when absent. */
  format?: string;
  /** Unit of numbers without a unit suffix (default: from the column name, else ms). */
  unit?: TimeUnit;
  /** CSV/TSV latency column, by header name or 1-based index. */
  column?: string;
  /** JSON-lines latency field, as a dotted path. */
  field?: string;
  /** Column or field with each request's start time (`--time-column`/`--time-field`). */
  time?: string;
  /** Unit of numeric start times (default: epoch s/ms/us/ns by magnitude). */
  timeUnit?: TimeUnit;
  /** Column or field naming each request's sender (connection, worker); `"none"` to reconstruct the senders. */
  per?: string;
  /** Which timing is the latency (a k6 metric, JTL Latency, nginx upstream_response_time…). */
  metric?: string;
  /** Access-log layout in the server's own syntax (nginx log_format, Apache LogFormat, Envoy format string). */
  logFormat?: string;
  /** Record failed requests too (they are counted either way). */
  includeErrors?: boolean;
  /** Keep requests whose label matches one of these globs. */
  labels?: string[];
  /** Keep responses with these statuses, as `--status` writes them: `"2xx,404,500-503"`. */
  status?: string;
  /** Keep requests that started at or after this moment. */
  since?: Date;
  /** Keep requests that started before this moment. */
  until?: Date;
  /**
   * Span exports: spans of this kind, all, or `entry`: the SERVER spans with no SERVER span above them, where
   * requests entered (default: entry when the inputs have SERVER spans, else all).
   */
  spanKind?: SpanKindChoice;
  /** Throw the first rejected line as an InputError instead of counting it. */
  strict?: boolean;
  /** Threads to read a large file with (default: one per core for files of 48 MB or more). */
  threads?: number;
  /** Histogram precision, 1–5 significant digits (default 3). */
  sigDigits?: SignificantDigits;
  /** Coordinated-omission correction (default: detect, do not correct). */
  correction?: CoMode;
  /** Stops the reading: what was read is the result, marked `partial`. */
  signal?: AbortSignal;
  /** Told each notice as it arises (a column picked, coordinated omission detected…); `noticeText` words one. */
  onNotice?: (notice: Notice) => void;
  /** Unit of the latencies in the result (default ms). */
  outUnit?: TimeUnit;
}

/** The settings checked, as the read pipeline takes them. */
export interface Reading {
  read: ReadOptions;
  hooks: RecordHooks;
  digits: SignificantDigits;
  correction: CoMode;
  outUnit: TimeUnit;
}

/** Checks the settings of reading `sources`, refusing a contradiction as a UserError. */
export function reading(sources: readonly Source[], settings: ReadSettings, groupBy: string[] = []): Reading {
  if (!Array.isArray(sources)) throw new UserError("the inputs must be a list", 'e.g. report(["app.log"])');
  checkTypes(settings, groupBy);
  for (const name of ["unit", "timeUnit", "outUnit"] as const) checkUnit(name, settings[name]);
  if (settings.status !== undefined && typeof settings.status !== "string") throw new UserError(`status must be text as --status writes it, such as "5xx,404", not ${typeof settings.status}`);
  const correction = checkedCorrection(settings.correction ?? { kind: "auto", apply: false });
  const digits = settings.sigDigits ?? 3;
  if (!isSignificantDigits(digits)) throw new UserError(`sigDigits ${digits} is not an integer from 1 to 5`);
  const { threads } = settings;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new UserError(`threads ${threads} is not an integer from 1 to 64`);
  const sinceNs = epochNs("since", settings.since);
  const untilNs = epochNs("until", settings.until);
  if (sinceNs !== undefined && untilNs !== undefined && sinceNs >= untilNs) throw new UserError("since must be before until", "the range is [since, until)");
  const formatName = settings.format ?? (settings.logFormat !== undefined ? formatForLogFormat(settings.logFormat) : onlySamples(sources) ? "plain" : undefined);
  const format = formatName === undefined ? undefined : findFormat(formatName);
  if (formatName !== undefined && format === undefined) throw new UserError(`format "${formatName}" is not known`, `one of ${FORMATS.map((f) => f.name).join(", ")}`);
  const read: ReadOptions = {
    format,
    decode: {
      unit: settings.unit,
      column: settings.column,
      field: settings.field,
      time: settings.time,
      timeUnit: settings.timeUnit,
      key: settings.per === "none" ? undefined : settings.per,
      noSenderColumn: settings.per === "none",
      metric: settings.metric,
      logFormat: settings.logFormat,
      groupBy: groupBy.length > 0 ? groupBy : undefined,
      spanKind: settings.spanKind,
      labels: settings.labels,
      hlog: { allTags: false },
    },
    filter: {
      includeErrors: settings.includeErrors === true,
      labels: settings.labels,
      statuses: settings.status === undefined ? undefined : parseStatusList(settings.status),
      sinceNs,
      untilNs,
    },
    strict: settings.strict === true,
    threads,
    follow: false,
  };
  // Notices go to the caller, or nowhere: the library never prints.
  const hooks: RecordHooks = { signal: settings.signal, notice: settings.onNotice ?? (() => {}) };
  return { read, hooks, digits, correction, outUnit: settings.outUnit ?? "ms" };
}

/** Settings given as text. */
const TEXT_SETTINGS = ["format", "column", "field", "time", "per", "metric", "logFormat"] as const;
/** Settings given as true or false. */
const FLAG_SETTINGS = ["includeErrors", "strict"] as const;

/**
 * Each setting of the type it is declared with, as the CLI's parser makes sure of its flags: a caller in plain
 * JavaScript gets a UserError naming the setting, not a TypeError from deep in the reading or a setting ignored.
 */
function checkTypes(settings: ReadSettings, groupBy: unknown): void {
  for (const name of TEXT_SETTINGS) {
    const value = settings[name];
    if (value !== undefined && typeof value !== "string") throw new UserError(`${name} must be text, not ${typeof value}`);
  }
  for (const name of FLAG_SETTINGS) {
    const value = settings[name];
    if (value !== undefined && typeof value !== "boolean") throw new UserError(`${name} must be true or false, not ${typeof value}`);
  }
  checkTextList("groupBy", groupBy, '["endpoint"]');
  checkTextList("labels", settings.labels, '["GET /api/*"]');
  const { spanKind } = settings;
  if (spanKind !== undefined && !SPAN_KIND_CHOICES.includes(spanKind)) throw new UserError(`spanKind ${JSON.stringify(spanKind)} is not a kind of span`, `one of ${SPAN_KIND_CHOICES.join(", ")} (in lower case)`);
  if (settings.signal !== undefined && !(settings.signal instanceof AbortSignal)) throw new UserError("signal must be an AbortSignal", "e.g. AbortSignal.timeout(10_000), or an AbortController's signal");
  if (settings.onNotice !== undefined && typeof settings.onNotice !== "function") throw new UserError(`onNotice must be a function, not ${typeof settings.onNotice}`);
}

/** A list of non-empty strings (or left out). */
export function checkTextList(name: string, value: unknown, example: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item.trim() !== "")) throw new UserError(`${name} must be a list of names, such as ${example}`);
}

/** A unit setting is one of ns, us, ms, s (or left out). */
function checkUnit(name: string, unit: unknown): void {
  if (unit !== undefined && !(typeof unit === "string" && isTimeUnit(unit))) throw new UserError(`${name} ${String(unit)} is not a unit`, `one of ${TIME_UNITS.join(", ")}`);
}

/** The correction setting, refused when it is none of CoMode's or its interval is not a positive duration. */
function checkedCorrection(correction: CoMode): CoMode {
  const interval = (ns: unknown) => {
    if (!(typeof ns === "number" && ns > 0 && Number.isFinite(ns))) throw new UserError(`correction intervalNs ${String(ns)} is not a positive number of nanoseconds`);
  };
  switch (correction?.kind) {
    case "off":
    case "auto":
      return correction;
    case "expected-interval":
    case "schedule":
      interval(correction.intervalNs);
      return correction;
    default:
      throw new UserError(`correction ${JSON.stringify(correction)} is not one the library knows`, 'one of { kind: "off" }, { kind: "auto", apply }, { kind: "expected-interval", intervalNs, after }, { kind: "schedule", intervalNs }');
  }
}

/** A moment as epoch nanoseconds; an invalid Date is a UserError. */
function epochNs(name: string, moment: Date | undefined): number | undefined {
  if (moment === undefined) return undefined;
  if (!(moment instanceof Date)) throw new UserError(`${name} must be a Date, not ${typeof moment}`);
  const ms = moment.getTime();
  if (Number.isNaN(ms)) throw new UserError(`${name} is an invalid Date`);
  return ms * 1e6;
}
