/**
 * `jsonl`: one JSON object per line (NDJSON).
 *
 *   line   = object | blank | "#" comment
 *
 * The latency is the value at `--field a.b.c` (a dotted path into nested objects), or else the first top-level
 * key whose name looks like a latency (latency-names.ts). The value is a number in `--unit`, in the unit its key
 * name carries (`latency_ms`), or ms; or a string with a unit (`"12.5ms"`). A key named after one of nginx's
 * timings (`request_time`, `upstream_response_time`…: nginx's JSON access log names its fields after its
 * variables) is read in seconds and an upstream list summed, as nginx writes them (nginx-variables.ts), unless its
 * first value is a whole number, which nginx never writes.
 *
 * The start time is at `--time-field a.b` or else a top-level key named like one (timestamp, ts, time…), as an
 * epoch number or ISO-8601 text. With nginx's timing, the time is when nginx wrote the line (`msec`, `time_iso8601`,
 * `time_local` preferred, the finest first; CLF text read too): the start is that less the latency, as the text
 * log's reader has it (log-layout.ts startFromTime). The connection or worker is at `--per a.b`. `--group-by a.b`
 * and `--session a.b` name further fields whose values travel with the sample: text as is, numbers and booleans as written, other
 * values as JSON; "" when absent or null. Failed requests are told by `--status-field a.b`, or else a top-level
 * key named like a status or a success flag (see formats/failure-fields.ts; dropped with a notice if its first
 * value is not one; `--status-field none`: no field).
 */
import { quoted, UserError } from "../base/errors.js";
import { MAX_LATENCY_NS, parseLatency, toNanoseconds, NS_PER_UNIT, unitFromName } from "../base/units.js";
import { clfNsAt, contentEndOf, decimalAt, epochOrNaN, lineEndOf, timestampNsAt } from "./bytes.js";
import { JsonKind, JsonLineScanner } from "./json-scan.js";
import { ValueBatch } from "./value-batch.js";
import { epochNumberToNs } from "../base/epoch.js";
import { parseClfNs, parseStartTime } from "./time-fields.js";
import { NGINX_TIME_VARIABLES, NGINX_TIMINGS, sumUpstreamTimes, writtenAsNginxTiming, writtenToTheSecond } from "./nginx-variables.js";
import { startFromTime } from "./log-layout.js";
import { pickLatencyName, pickSenderName, pickStartTimeName, senderNotice } from "./latency-names.js";
import { badFailureReason, type FailureKind, failureKindOf, failureNotice, pickFailureName, readFailure, unguessNotice } from "./failure-fields.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { isFailed } from "../core/failure.js";

/** Values handed to the sink per call on the fast path. */

interface FieldChoice {
  path: string[];
  unit: UnitChoice;
  /** nginx's timing (nginx-variables.ts): the record's time is when its line was written, the request's end. */
  nginx?: boolean;
  /** nginx's list of one time per upstream tried (`"0.100, 0.200 : 0.050"`): summed, `-` left out. */
  upstreamList?: boolean;
}

/** A line's JSON object; undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the value at a dotted path, looking only at own properties. */
export function valueAt(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const key of path) value = own(value, key);
  return value;
}

/**
 * A field's value as a `--per` key, group or session name: "" when absent or null, JSON for objects and arrays
 * (`String()` would call a `toString` the input itself may define: `{"toString": 1}` makes it throw).
 */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** How deep an object or array may nest to be a key, group or session name (JSON.stringify recurses). */
export const MAX_TEXT_DEPTH = 64;

/**
 * Whether `value` nests objects or arrays more than MAX_TEXT_DEPTH deep: its line is rejected rather than let
 * textOf's JSON.stringify overflow the stack (JSON.parse itself takes any depth). Walks without recursion.
 */
export function nestsTooDeep(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TEXT_DEPTH) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child as object, depth + 1]);
  }
  return false;
}

/** Own (not inherited) property lookup, so keys like `__proto__` or `constructor` are plain data. */
export function own(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** A record without a latency: its field absent or null, or an empty string. */
const MISSING_FIELD = { ok: false, reason: "missing field" } as const;
const MISSING_VALUE = { ok: false, reason: "missing value" } as const;

/**
 * A value as the line writes it: a string's text, a number's digits as written (`0.000`, which JSON.parse makes
 * 0); undefined for anything else.
 */
function writtenText(line: string, path: readonly string[], value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "number") return undefined;
  const scanner = new JsonLineScanner([path]);
  const bytes = Buffer.from(line);
  return scanner.scan(bytes, 0, bytes.length) && scanner.kinds[0] === JsonKind.Number ? bytes.toString("latin1", scanner.starts[0], scanner.ends[0]) : String(value);
}

class JsonLinesDecoder implements LineDecoder {
  private field: FieldChoice | undefined;
  /** Start-time path; `timeGuessed` while it was picked by name and no value has confirmed it. */
  private timePath: string[] | undefined;
  private timeGuessed = false;
  private sawRecord = false;
  private keyPath: string[] | undefined;
  private readonly groupPaths: string[][];
  private readonly sessionPath: string[] | undefined;
  /** The field that tells failed requests; `guessed` while it was picked by name and no value has confirmed it. */
  private status: { path: string[]; kind: FailureKind; guessed: boolean } | undefined;
  private notices: string[] = [];
  /** The fast path's scanner, for the paths it was made for (they are settled by the first record). */
  private scanner: { scanner: JsonLineScanner; field: FieldChoice; time: string[] | undefined; status: string[] | undefined } | undefined;
  private readonly batch = new ValueBatch();

  constructor(private readonly options: DecodeOptions) {
    if (options.field !== undefined) this.field = this.choose(options.field.split("."));
    if (options.time !== undefined) this.timePath = options.time.split(".");
    this.keyPath = options.key?.split(".");
    this.groupPaths = (options.groupBy ?? []).map((name) => name.split("."));
    this.sessionPath = options.session?.split(".");
    if (options.statusColumn !== undefined && !options.noStatusColumn) {
      const path = options.statusColumn.split(".");
      this.status = { path, kind: failureKindOf(path[path.length - 1]!), guessed: false };
    }
  }

  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return sink.skip();
    let record: unknown;
    try {
      record = JSON.parse(trimmed);
    } catch {
      return sink.reject("invalid JSON");
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) return sink.reject("not a JSON object");
    if (this.field === undefined || !this.sawRecord) {
      this.field ??= this.autoPick(record);
      this.field = this.nginxTiming(record, trimmed, this.field);
      if (this.options.time === undefined) this.guessTime(record, this.field);
      if (this.options.key === undefined && !this.options.noSenderColumn) this.guessSender(record);
      if (this.options.statusColumn === undefined && !this.options.noStatusColumn) this.guessStatus(record);
      this.sawRecord = true;
    }
    const field = this.field;
    const value = valueAt(record, field.path);
    // No latency at all (missing, null, "") may be a request that failed before it had one (a timeout): its status
    // says (below).
    const listed = typeof value === "string" && value.trim() !== "" && field.upstreamList === true;
    const summed = listed ? sumUpstreamTimes(value) : value;
    if (listed && summed === null) return sink.reject("not a number");
    // A list of upstreams none of which was asked (`-`, or "" as escape=json writes an unset variable) is no value.
    const given = listed && summed === undefined ? "" : summed;
    const missing = given === undefined || given === null ? MISSING_FIELD : typeof given === "string" && given.trim() === "" ? MISSING_VALUE : undefined;
    // No upstream was asked (a static file, a redirect): nginx writes `-`, or "" with escape=json. Still a request,
    // as the text reader counts it, and a failed one counts as failed (below).
    const noUpstream = field.upstreamList === true && typeof value === "string" && missing !== undefined ? `no ${field.path.join(".")} (${value.trim() === "" ? '""' : value.trim()})` : undefined;
    if (missing !== undefined && this.status === undefined) return noUpstream !== undefined ? sink.skip(noUpstream, true) : sink.reject(missing.reason);
    const parsed =
      missing !== undefined
        ? missing
        : typeof given === "number"
        ? toNanoseconds(given, NS_PER_UNIT[field.unit.unit])
        : typeof given === "string"
          ? parseLatency(given, field.unit.unit)
          : ({ ok: false, reason: "not a number" } as const);
    if (!parsed.ok && missing === undefined) return sink.reject(parsed.reason);
    if (parsed.ok && this.timePath === undefined && this.keyPath === undefined && this.groupPaths.length === 0 && this.sessionPath === undefined && this.status === undefined) {
      return sink.value(parsed.ns);
    }
    const sample: Sample = { latencyNs: parsed.ok ? parsed.ns : 0 };
    const status = this.status;
    if (status !== undefined) {
      const told = readFailure(status.kind, valueAt(record, status.path));
      if (told === undefined && status.guessed) {
        this.notices.push(unguessNotice(`field "${status.path.join(".")}"`, status.kind, "--status-field"));
        this.status = undefined;
      } else if (told === undefined) {
        return sink.reject(badFailureReason(status.kind));
      } else {
        Object.assign(sample, told);
        status.guessed = false;
      }
    }
    const start = this.timePath === undefined ? undefined : valueAt(record, this.timePath);
    // A request without a latency need not have a start time either, nor need a failed one (refused before it was
    // timed): an absent or empty start says nothing of the field, and a time line counts the failure in no window.
    if (this.timePath !== undefined && !((missing !== undefined || isFailed(sample)) && (start === undefined || start === null || start === ""))) {
      const startNs = this.startTime(start);
      if (startNs === undefined && this.timeGuessed) {
        this.notices.push(`field "${this.timePath.join(".")}" does not hold times; start times ignored (name one with --time-field)`);
        this.timePath = undefined;
      } else if (startNs === undefined) {
        return sink.reject("bad start time");
      } else {
        const toTheSecond = typeof start === "string" && writtenToTheSecond(Buffer.from(start), 0, Buffer.byteLength(start), startNs);
        sample.startNs = field.nginx === true ? startFromTime({ end: true, seconds: toTheSecond }, startNs, sample.latencyNs) : startNs;
      }
      this.timeGuessed = false;
    }
    const key = this.keyPath === undefined ? undefined : valueAt(record, this.keyPath);
    const groups = this.groupPaths.map((path) => valueAt(record, path));
    const session = this.sessionPath === undefined ? undefined : valueAt(record, this.sessionPath);
    if (nestsTooDeep(key) || groups.some(nestsTooDeep) || nestsTooDeep(session)) return sink.reject("value nested too deeply");
    if (this.keyPath !== undefined) sample.key = textOf(key);
    if (groups.length > 0) sample.groupValues = groups.map(textOf);
    if (this.sessionPath !== undefined) sample.session = textOf(session);
    if (parsed.ok) return sink.sample(sample);
    // Without a latency: a failed request is counted as failed, of no latency; any other is rejected (or skipped,
    // when it asked no upstream).
    if (!isFailed(sample)) return noUpstream !== undefined ? sink.skip(noUpstream, true) : sink.reject(missing!.reason);
    const { latencyNs: _none, ...request } = sample;
    sink.untimedFailure(request);
  }

  /**
   * Fast path: once the first record has settled which fields to read, a line that is a JSON object with a plain
   * decimal latency (an epoch or ISO start time, and text for the key, group and session fields) is read by
   * scanning its bytes, without JSON.parse or any string; every other line goes to `line`.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    const out = this.batch.to(sink);
    const plain = () => this.timePath === undefined && this.keyPath === undefined && this.groupPaths.length === 0 && this.sessionPath === undefined && this.status === undefined;
    let lineNo = firstLineNo;
    for (let lineStart = start; lineStart < end; lineNo++) {
      const newline = lineEndOf(bytes, lineStart, end);
      const contentEnd = contentEndOf(bytes, lineStart, newline);
      const sample = this.sawRecord && !this.timeGuessed && !this.status?.guessed ? this.scan(bytes, lineStart, contentEnd) : undefined;
      if (sample === undefined) out.slowLine(bytes, lineStart, contentEnd, lineNo);
      else if (plain()) out.value(sample.latencyNs);
      else out.sample(sample);
      lineStart = newline + 1;
    }
    out.flush();
    return lineNo - firstLineNo;
  }

  /** The sample `line` would make of `bytes[start, end)`, when the scanner can tell; else undefined. */
  private scan(bytes: Uint8Array, start: number, end: number): Sample | undefined {
    const scanner = this.scannerFor(this.field!);
    if (!scanner.scan(bytes, start, end)) return undefined;
    const { kinds, starts, ends } = scanner;
    const text = (p: number) => (kinds[p] === JsonKind.String ? Buffer.from(bytes.buffer, bytes.byteOffset + starts[p]!, ends[p]! - starts[p]!).toString("utf8") : undefined);
    if (kinds[0] !== JsonKind.Number) return undefined;
    const latencyNs = Math.round(decimalAt(bytes, starts[0]!, ends[0]!) * NS_PER_UNIT[this.field!.unit.unit]);
    if (!(latencyNs <= MAX_LATENCY_NS)) return undefined;
    const sample: Sample = { latencyNs };
    if (this.timePath !== undefined) {
      const kind = kinds[1];
      const nginx = this.field!.nginx === true;
      let startNs = kind === JsonKind.Number || kind === JsonKind.String ? timestampNsAt(bytes, starts[1]!, ends[1]!, this.options.timeUnit) : NaN;
      if (Number.isNaN(startNs) && nginx && kind === JsonKind.String) startNs = epochOrNaN(clfNsAt(bytes, starts[1]!, ends[1]!));
      if (Number.isNaN(startNs)) return undefined;
      const toTheSecond = kind === JsonKind.String && writtenToTheSecond(bytes, starts[1]!, ends[1]!, startNs);
      sample.startNs = nginx ? startFromTime({ end: true, seconds: toTheSecond }, startNs, latencyNs) : startNs;
    }
    // Text fields only when they are JSON strings without escapes; numbers, null and the rest take the string path.
    if (this.keyPath !== undefined && (sample.key = text(2)) === undefined) return undefined;
    if (this.groupPaths.length > 0) {
      const groupValues = this.groupPaths.map((_, i) => text(4 + i));
      if (groupValues.some((value) => value === undefined)) return undefined;
      sample.groupValues = groupValues as string[];
    }
    if (this.sessionPath !== undefined && (sample.session = text(3)) === undefined) return undefined;
    if (this.status !== undefined) {
      // A number or a string without escapes; true, false, null and the rest take the string path.
      const p = 4 + this.groupPaths.length;
      const kind = kinds[p];
      const raw = kind === JsonKind.Number ? Number(Buffer.from(bytes.buffer, bytes.byteOffset + starts[p]!, ends[p]! - starts[p]!).toString("latin1")) : text(p);
      if (kind !== JsonKind.Missing && raw === undefined) return undefined;
      const told = readFailure(this.status.kind, raw);
      if (told === undefined) return undefined;
      Object.assign(sample, told);
    }
    return sample;
  }

  /** A scanner for the latency, start-time, key, session, group and status paths, in that order (a missing path matches nothing). */
  private scannerFor(field: FieldChoice): JsonLineScanner {
    const status = this.status?.path;
    if (this.scanner?.field !== field || this.scanner.time !== this.timePath || this.scanner.status !== status) {
      const paths = [field.path, this.timePath ?? [], this.keyPath ?? [], this.sessionPath ?? [], ...this.groupPaths, status ?? []];
      this.scanner = { scanner: new JsonLineScanner(paths), field, time: this.timePath, status };
    }
    return this.scanner.scanner;
  }

  midRecord(): boolean {
    return false;
  }

  private startTime(value: unknown): number | undefined {
    if (typeof value === "number") return epochNumberToNs(value, this.options.timeUnit);
    if (typeof value !== "string") return undefined;
    // nginx's $time_local is in the Common Log Format.
    return parseStartTime(value, this.options.timeUnit) ?? (this.field?.nginx === true ? parseClfNs(value) : undefined);
  }

  private choose(path: string[]): FieldChoice {
    const nameUnit = unitFromName(path[path.length - 1]!);
    const unit: UnitChoice = this.options.unit
      ? { unit: this.options.unit, source: "--unit" }
      : nameUnit
        ? { unit: nameUnit, source: "field name" }
        : { unit: "ms", source: "default" };
    if (this.options.unit && nameUnit && nameUnit !== this.options.unit) {
      this.notices.push(`warning: --unit ${this.options.unit} contradicts the field name "${path.join(".")}" (${nameUnit}): read as ${this.options.unit}, as --unit says`);
    }
    return { path, unit };
  }

  private autoPick(record: object): FieldChoice {
    const keys = Object.keys(record);
    const index = pickLatencyName(keys);
    if (index < 0) {
      throw new UserError(`no field looks like a latency (${quoted(keys.join(", "))})`, "choose one with --field a.b.c");
    }
    this.notices.push(`using field "${keys[index]}" as the latency; choose another with --field`);
    return this.choose([keys[index]!]);
  }

  /**
   * nginx's JSON access log (log_format escape=json) names its fields after its variables: a field named like one
   * of its timings is read in seconds, as nginx writes it, unless --unit says otherwise — and unless the first
   * record's value is a whole number, which nginx never writes (see writtenAsNginxTiming): then the name is
   * another program's, whose unit is not known.
   */
  private nginxTiming(record: object, line: string, field: FieldChoice): FieldChoice {
    const key = field.path[field.path.length - 1]!;
    if (!NGINX_TIMINGS.has(key) || field.unit.source === "field name") return field;
    const written = writtenText(line, field.path, valueAt(record, field.path));
    const name = field.path.join(".");
    if (written !== undefined && !writtenAsNginxTiming(written)) {
      if (field.unit.source === "default") {
        this.notices.push(`field "${name}" holds a whole number (${written.trim()}), and nginx writes $${key} with three decimals: not read as nginx's seconds`);
      }
      return field;
    }
    const nginx = { nginx: true, upstreamList: key !== "request_time" };
    if (field.unit.source === "--unit") return { ...field, ...nginx };
    this.notices.push(`field "${name}" is nginx's $${key}: read in seconds, as nginx writes it (--unit overrides)`);
    return { path: field.path, unit: { unit: "s", source: "field name" }, ...nginx };
  }

  /** Picks a start-time key by name from the first record, unless --time-field named one. */
  private guessTime(record: object, latency: FieldChoice): void {
    const keys = Object.keys(record);
    // nginx's own time variables first, the finest first, as its text log's reader prefers them.
    const nginxTime = latency.nginx === true ? (NGINX_TIME_VARIABLES.map((name) => keys.indexOf(name)).find((i) => i >= 0) ?? -1) : -1;
    const time = nginxTime >= 0 ? nginxTime : pickStartTimeName(keys, latency.path.length === 1 ? keys.indexOf(latency.path[0]!) : -1);
    if (time < 0) return;
    this.timePath = [keys[time]!];
    this.timeGuessed = true;
    this.notices.push(
      latency.nginx === true
        ? `using field "${keys[time]}" as the time nginx wrote each line, the request's end: its start is that less the latency; choose another with --time-field`
        : `using field "${keys[time]}" as the request start time; choose another with --time-field`,
    );
  }

  /** A top-level field named like a sender (connection, worker, vu…) is the key, as `--per` would name it. */
  private guessSender(record: object): void {
    const keys = Object.keys(record);
    const taken = [this.field!.path, this.timePath ?? []].filter((path) => path.length === 1).map((path) => keys.indexOf(path[0]!));
    const sender = pickSenderName(keys, taken);
    if (sender < 0) return;
    this.keyPath = [keys[sender]!];
    this.notices.push(senderNotice(`field "${keys[sender]}"`));
  }

  /** A top-level field named like a status or a success flag tells failed requests, as `--status-field` would. */
  private guessStatus(record: object): void {
    const keys = Object.keys(record);
    const taken = [this.field!.path, this.timePath ?? [], this.keyPath ?? []].filter((path) => path.length === 1).map((path) => keys.indexOf(path[0]!));
    const index = pickFailureName(keys, taken);
    if (index < 0) return;
    const kind = failureKindOf(keys[index]!);
    this.status = { path: [keys[index]!], kind, guessed: true };
    this.notices.push(failureNotice(`field "${keys[index]}"`, kind, "--status-field"));
  }

  unitChoice(): UnitChoice | undefined {
    return this.field?.unit;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

function sniff(lines: readonly string[]): SniffResult {
  const content = lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (content.length === 0) return { score: 0, why: "no content lines" };
  const objects = content.filter((l) => {
    if (!l.startsWith("{")) return false;
    try {
      const parsed: unknown = JSON.parse(l);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }).length;
  const share = objects / content.length;
  return { score: share >= 0.8 ? 0.7 * share : 0, why: `${objects} of ${content.length} lines are JSON objects` };
}

export const jsonLinesFormat: Format = {
  name: "jsonl",
  description: "one JSON object per line; latency at --field a.b.c or a latency-like key; unit from --unit, the key name, or ms",
  example: '{"ts":"2024-05-01T10:00:00Z","path":"/api/users","latency_ms":12.5}',
  sniff,
  createDecoder: (options) => new JsonLinesDecoder(options),
};
