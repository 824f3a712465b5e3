/**
 * What nginx, Apache and Envoy access logs share: a log-format string (in each server's own syntax, tokenised by
 * nginx.ts, apache.ts and envoy.ts) becomes a list of literals and fields, and that list one anchored regular
 * expression that reads a line in linear time.
 *
 *   layout  = { literal | field }          no two fields side by side: something must tell where one ends
 *   field   = capture of "any characters but the first character of the literal after it", or of the field's
 *             own self-delimiting pattern (Apache's `[…]` time)
 *             (inside quotes on servers that escape quotes as \" or \x22: "any character but \ and the quote,
 *             or \ and any character"; inside quotes on a server that does not escape them, Envoy: "any character
 *             but a quote followed by the rest of the literal after it", or by the line's end when that literal
 *             ends the line); the last field of a line takes the rest of it.
 *
 * Every field stops at the first place the literal after it can start, so the engine never has two ways to split a
 * line: each field is scanned once and a line that does not match fails after at most one scan per field. Nothing
 * nests, nothing repeats a group that can match the empty string. Envoy writes a quote inside a value as it is
 * (envoyproxy/envoy#4191): `"weird "quote" agent"` is one User-Agent, since its inner quotes are not followed by
 * the `" "` that ends the field; a value holding that whole separator cannot be told from two fields.
 *
 * The same property lets access-log-bytes.ts read a layout straight from a line's bytes (the decoder's fast path),
 * finding the same fields as the regex.
 */
import { UserError } from "../base/errors.js";
import { toNanoseconds } from "../base/units.js";
import { startFromTime, type FieldRole, type LogField, type LogLayout, type LogToken } from "./log-layout.js";
import { AccessLogBytes, BRACKETED_PATTERN } from "./access-log-bytes.js";
import { contentEndOf, HASH, lineEndOf } from "./bytes.js";
import { isEpochNs } from "../base/epoch.js";
import type { BlockSink, LineDecoder, RecordSink, SampleSink, SniffResult, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { isFailed } from "../core/failure.js";
import { sumUpstreamTimes } from "./nginx-variables.js";

export { BRACKETED_PATTERN };

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, "\\$&");
}

/** A character class body matching anything but `c`, and never a line break. */
function notChar(c: string): string {
  return `[^${escapeRegex(c)}\\n]`;
}

/**
 * What follows the closing quote of a field inside quotes on a server that does not escape quotes (Envoy): the
 * rest of the literal after the field, or the line's end when that literal is a lone quote ending the line. The
 * field's quote is the first one so followed. Undefined when the field is not inside quotes, or when nothing after
 * its quote tells (a lone `"` before another field): the field then stops at the first quote.
 */
function closingQuoteAhead(before: LogToken | undefined, after: { literal: string }, endsLine: boolean): string | undefined {
  if (before === undefined || !("literal" in before) || !before.literal.endsWith('"') || !after.literal.startsWith('"')) return undefined;
  if (after.literal.length > 1) return escapeRegex(after.literal.slice(1));
  return endsLine ? "$" : undefined;
}

/**
 * Compiles a tokenised log format. `quoteEscapes`: the server escapes quotes inside values (`\"` or `\x22`), so a
 * quote-delimited field may hold backslash pairs. `metric` picks the latency among several (by role name);
 * `preference` lists latency names in the order they are chosen when `metric` is not given.
 */
export function compileLayout(source: string, tokens: readonly LogToken[], quoteEscapes: boolean, metric: string | undefined, preference: readonly string[]): LogLayout {
  // Merge adjacent literals so every field is followed by one literal or by the end of the line.
  const merged: LogToken[] = [];
  for (const token of tokens) {
    const last = merged[merged.length - 1];
    if ("literal" in token && last !== undefined && "literal" in last) merged[merged.length - 1] = { literal: last.literal + token.literal };
    else if (!("literal" in token) || token.literal !== "") merged.push(token);
  }
  let pattern = "^";
  const fields: LogField[] = [];
  for (let i = 0; i < merged.length; i++) {
    const token = merged[i]!;
    if ("literal" in token) {
      pattern += escapeRegex(token.literal);
      continue;
    }
    const next = merged[i + 1];
    if (token.field.pattern !== undefined) {
      pattern += `(${token.field.pattern})`;
      fields.push(token.field);
      continue;
    }
    if (next !== undefined && !("literal" in next)) {
      throw new UserError(
        `--log-format: ${token.field.directive} and ${next.field.directive} have nothing between them`,
        "latstat needs a separator to tell where one field ends",
      );
    }
    const stop = next === undefined ? undefined : next.literal[0]!;
    const closing = next === undefined || quoteEscapes ? undefined : closingQuoteAhead(merged[i - 1], next, i + 2 === merged.length);
    if (stop === undefined) pattern += "(.*)";
    else if (quoteEscapes && stop === '"') pattern += `((?:[^"\\\\\\n]|\\\\.)*)`;
    else if (closing !== undefined) pattern += `((?:[^"\\n]|"(?!${closing}))*)`;
    else pattern += `(${notChar(stop)}*)`;
    fields.push(token.field);
  }
  pattern += "$";
  const find = (role: FieldRole["role"]) => fields.findIndex((f) => f.role.role === role);
  const latencies = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.role.role === "latency");
  let latency = -1;
  if (metric !== undefined) {
    const wanted = metric.replace(/^[$%]/, "").replace(/%$/, "").toLowerCase();
    latency = latencies.find(({ f }) => f.role.role === "latency" && f.role.name.toLowerCase() === wanted)?.i ?? -1;
    if (latency < 0) {
      const names = latencies.map(({ f }) => (f.role.role === "latency" ? f.role.name : "")).join(", ");
      throw new UserError(`--metric ${metric}: not a timing of this log format`, names ? `it has: ${names}` : "the format has no timing field");
    }
  } else {
    for (const name of preference) {
      latency = latencies.find(({ f }) => f.role.role === "latency" && f.role.name === name)?.i ?? -1;
      if (latency >= 0) break;
    }
    if (latency < 0) latency = latencies[0]?.i ?? -1;
  }
  if (latency < 0) {
    throw new UserError(`the log format has no request-time field: ${source}`, `add one (${preference.join(", ")}) to the server's log format and to --log-format`);
  }
  return {
    source,
    regex: new RegExp(pattern),
    tokens: merged,
    quoteEscapes,
    fields,
    latency,
    status: find("status"),
    time: find("time"),
    request: find("request"),
    method: find("method"),
    path: find("path"),
    key: find("key"),
  };
}

/**
 * Compiles the default layouts of a server, leaving out those without the latency `--metric` asks for; when
 * none has it, the first one's error is thrown.
 */
export function compileDefaults(
  defaults: readonly { name: string; format: string }[],
  compile: (format: string) => LogLayout,
): { name: string; layout: LogLayout }[] {
  const compiled: { name: string; layout: LogLayout }[] = [];
  let firstError: unknown;
  for (const d of defaults) {
    try {
      compiled.push({ name: d.name, layout: compile(d.format) });
    } catch (error) {
      firstError ??= error;
    }
  }
  if (compiled.length === 0) throw firstError;
  return compiled;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;
const STATUS = /^\d{1,3}$/;

/** The label of a request: method and path without the query (`GET /api/users`). */
function requestLabel(method: string | undefined, path: string | undefined): string | undefined {
  const cleanPath = path?.split("?")[0];
  if (method && cleanPath) return `${method} ${cleanPath}`;
  return cleanPath || method || undefined;
}

/** The latency field's number; undefined for `-` (none); null when it is not a number. */
function readLatency(layout: LogLayout, text: string): number | undefined | null {
  const role = layout.fields[layout.latency]!.role;
  if (role.role === "latency" && role.multi) return sumUpstreamTimes(text);
  if (text === "-" || text === "") return undefined;
  return DECIMAL.test(text) ? Number(text) : null;
}

/**
 * How well a line's values fit a default layout, for defaults that read the same line alike but for which field is
 * which (nginx's two times in either order): +Infinity or -Infinity when the line settles it (a value the field is
 * never written as), else a vote (+1 fits, -1 does not, 0 cannot tell).
 */
export type LayoutEvidence = (layout: LogLayout, match: RegExpExecArray) => number;

/** Lines held while the first ones do not tell such defaults apart; the lead in votes that settles it sooner. */
const MAX_HELD_LINES = 100;
const DECISIVE_LEAD = 5;

/** Reads the lines of one access log with a layout given by the user or the default layout that fits its lines. */
export class AccessLogDecoder implements LineDecoder {
  private layout: LogLayout | undefined;
  /** While two defaults fit: the lines read so far and each default's votes (see LayoutEvidence). */
  private held: { text: string; lineNo: number }[] = [];
  private readonly votes = new Map<string, number>();
  private notices: string[] = [];
  private saidSender = false;
  /** The layout's byte reader, once the layout is known (null: it has none). */
  private fast: AccessLogBytes | null | undefined;

  /**
   * `fixed`: the user's layout; `candidates`: defaults tried on the first content line; `all`: every default
   * layout, to explain why none of the candidates (those with the --metric asked for) fits.
   */
  constructor(
    fixed: LogLayout | undefined,
    private readonly candidates: readonly { name: string; layout: LogLayout }[],
    private readonly server: string,
    private readonly all: readonly { name: string; layout: LogLayout }[] = candidates,
    private readonly metric?: string,
    /**
     * Whether the connection field (`$connection`…) names each request's sender: only when `--per` asks, since a
     * client may spread its requests over the connections of a pool, and a server's clients are not its senders.
     */
    private readonly connectionIsSender = false,
    private readonly evidence?: LayoutEvidence,
  ) {
    this.layout = fixed;
  }

  /**
   * Fast path: once the layout is known (given, or chosen on the first content line by `line`), each line is
   * read from its bytes (access-log-bytes.ts); blank lines, comments, lines with a NUL byte and whatever the
   * byte reader is unsure of go to `line`.
   */
  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    let lineNo = firstLineNo;
    // The next NUL at or after the current line (`end` when there is none).
    let nextNul = -1;
    for (let lineStart = start; lineStart < end; lineNo++) {
      const newline = lineEndOf(bytes, lineStart, end);
      const contentEnd = contentEndOf(bytes, lineStart, newline);
      if (nextNul < lineStart) {
        const found = bytes.subarray(lineStart, end).indexOf(0);
        nextNul = found < 0 ? end : lineStart + found;
      }
      if (this.fast === undefined && this.layout !== undefined) this.fast = AccessLogBytes.compile(this.layout) ?? null;
      const fast = this.fast;
      const first = bytes[lineStart]!;
      // A first byte that is printable ASCII but `#`: neither blank (trim) nor a comment.
      const outcome = fast && contentEnd > lineStart && first > 0x20 && first < 0x7f && first !== HASH && nextNul >= contentEnd ? fast.read(bytes, lineStart, contentEnd) : undefined;
      if (outcome === undefined) {
        sink.slowLine(bytes, lineStart, contentEnd, lineNo);
      } else if (outcome === fast!.noLatency) {
        sink.skip(outcome, true);
      } else if (typeof outcome === "string") {
        sink.skip(outcome);
      } else if ("untimedStatus" in outcome) {
        sink.untimedFailure({ status: outcome.untimedStatus });
      } else if (outcome.startNs !== undefined && !isEpochNs(outcome.startNs)) {
        // A start time that is none (year 9999): the string path rejects the line, with its number.
        sink.slowLine(bytes, lineStart, contentEnd, lineNo);
      } else {
        // The byte reader reads the connection field as the key: the same policy as `line`'s.
        const connection = outcome.key;
        if (connection !== undefined) {
          delete outcome.key;
          this.setSender(outcome, connection);
        }
        sink.sample(outcome);
      }
      lineStart = newline + 1;
    }
    return lineNo - firstLineNo;
  }

  line(text: string, sink: SampleSink, lineNo = 0): void {
    if (text.trim() === "" || text.startsWith("#")) return sink.skip();
    if (this.layout === undefined) {
      const fitting = this.fittingDefaults(text);
      if (fitting.length === 0) {
        const other = this.all.find((d) => !this.candidates.some((c) => c.name === d.name) && d.layout.regex.test(text));
        if (other !== undefined) {
          throw new UserError(`--metric ${this.metric}: the log is in the "${other.name}" layout, which has no ${this.metric}`, "give the layout that has it with --log-format");
        }
        return sink.reject("does not match the log format");
      }
      const settled = fitting.find((f) => f.evidence === Infinity);
      if (fitting.length > 1 && settled === undefined) {
        // Held, its outcome booked once a later line (or the end) tells which default it is in.
        this.held.push({ text, lineNo });
        for (const f of fitting) this.votes.set(f.name, (this.votes.get(f.name) ?? 0) + f.evidence);
        const [best, second] = fitting.map((f) => this.votes.get(f.name)!).sort((a, b) => b - a);
        if (this.held.length >= MAX_HELD_LINES || best! - second! >= DECISIVE_LEAD) this.settle(sink, lineNo);
        return;
      }
      this.choose(settled ?? fitting[0]!, "");
      this.replayHeld(sink, lineNo);
    }
    const layout = this.layout!;
    const match = layout.regex.exec(text);
    if (match === null) return sink.reject("does not match the log format");
    const group = (index: number) => (index < 0 ? undefined : match![index + 1]);
    const latencyField = layout.fields[layout.latency]!.role;
    if (latencyField.role !== "latency") return sink.reject("no latency");
    const value = readLatency(layout, group(layout.latency)!);
    if (value === null) return sink.reject(`bad ${latencyField.name}`);
    const statusText = group(layout.status);
    const status = statusText !== undefined && STATUS.test(statusText) ? Number(statusText) : undefined;
    if (value === undefined) {
      // No value of this metric (no upstream was asked): still a request, and a failed one counts as failed.
      if (status !== undefined && isFailed({ latencyNs: 0, status })) return sink.untimedFailure({ status });
      return sink.skip(`no ${latencyField.name} (-)`, true);
    }
    const parsed = toNanoseconds(value, latencyField.nsPerUnit);
    if (!parsed.ok) return sink.reject(parsed.reason);
    const sample: Sample = { latencyNs: parsed.ns };
    if (status !== undefined) sample.status = status;
    if (layout.time >= 0) {
      const timeRole = layout.fields[layout.time]!.role;
      const timeText = group(layout.time)!;
      if (timeRole.role === "time" && timeText !== "-") {
        const ns = timeRole.parse(timeText);
        if (ns === undefined) return sink.reject("bad time");
        sample.startNs = startFromTime(timeRole, ns, parsed.ns);
      }
    }
    let method = group(layout.method);
    let path = group(layout.path);
    const request = group(layout.request);
    if (request !== undefined) {
      const parts = request.split(" ");
      method ??= parts[0];
      path ??= parts[1];
    }
    const label = requestLabel(method === "-" ? undefined : method, path === "-" ? undefined : path);
    if (label !== undefined) sample.label = label;
    const key = group(layout.key);
    if (key !== undefined && key !== "-" && key !== "") this.setSender(sample, key);
    sink.sample(sample);
  }

  /** The defaults (in order) that read the line, with what its values say of each. */
  private fittingDefaults(text: string): { name: string; layout: LogLayout; evidence: number }[] {
    const fitting: { name: string; layout: LogLayout; evidence: number }[] = [];
    for (const candidate of this.candidates) {
      const match = candidate.layout.regex.exec(text);
      const latencyText = match?.[candidate.layout.latency + 1];
      if (latencyText === undefined || readLatency(candidate.layout, latencyText) === null) continue;
      const evidence = this.evidence?.(candidate.layout, match!) ?? 0;
      if (evidence !== -Infinity) fitting.push({ ...candidate, evidence });
    }
    return fitting;
  }

  private choose(candidate: { name: string; layout: LogLayout }, why: string): void {
    this.layout = candidate.layout;
    this.notices.push(`reading the ${this.server} log as "${candidate.name}": ${candidate.layout.source} (${why}give yours with --log-format)`);
  }

  /** Chooses the default with the most votes among the held lines (the first on a tie, said to be assumed) and books them. */
  private settle(sink: SampleSink, lineNo: number): void {
    const votes = [...this.votes.entries()];
    const most = Math.max(...votes.map(([, v]) => v));
    const best = votes.filter(([, v]) => v === most);
    const chosen = this.candidates.find((c) => c.name === best[0]![0])!;
    this.choose(chosen, best.length > 1 ? `assumed: its first ${this.held.length} lines do not tell which field is which; ` : "");
    this.replayHeld(sink, lineNo);
  }

  /** Books the held lines, each as its own, in the chosen layout; then outcomes are the current line's again. */
  private replayHeld(sink: SampleSink, lineNo: number): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const line of held) {
      sink.at?.(line.lineNo);
      this.line(line.text, sink, line.lineNo);
    }
    sink.at?.(lineNo);
  }

  /** Lines still held at the end of the input are booked in the default the votes favour. */
  end(sink: RecordSink): void {
    if (this.held.length > 0) this.settle(sink, this.held[this.held.length - 1]!.lineNo);
  }

  /** A line over the length limit is rejected after the held lines before it. */
  lineTooLong(lineNo: number, sink: SampleSink): void {
    if (this.held.length > 0) this.settle(sink, lineNo);
  }

  /** The connection is the request's sender (see `connectionIsSender`), said the first time. */
  setSender(sample: Sample, connection: string): void {
    if (!this.connectionIsSender) return;
    sample.key = connection;
    if (this.saidSender) return;
    this.saidSender = true;
    this.notices.push(`using the ${this.server} log's connection field as the sender of each request, as --per asks`);
  }

  unitChoice(): UnitChoice | undefined {
    const role = this.layout?.fields[this.layout.latency]?.role;
    return role?.role === "latency" ? { unit: role.unit, source: "format" } : undefined;
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }
}

/** Share of content lines matching one of the layouts whose latency field `looksRight`, as a sniff score. */
export function sniffAccessLog(
  lines: readonly string[],
  layouts: readonly LogLayout[],
  looksRight: (latency: string) => boolean,
  weight: number,
  what: string,
): SniffResult {
  const content = lines.filter((l) => l.trim() !== "" && !l.startsWith("#"));
  if (content.length === 0) return { score: 0, why: "no content lines" };
  let matched = 0;
  for (const line of content) {
    for (const layout of layouts) {
      const m = layout.regex.exec(line);
      if (m !== null && looksRight(m[layout.latency + 1]!)) {
        matched++;
        break;
      }
    }
  }
  const share = matched / content.length;
  return { score: share >= 0.8 ? weight * share : 0, why: `${matched} of ${content.length} lines are ${what}` };
}

/** The server whose syntax a `--log-format` string is written in: `$var` nginx, `%VAR%` Envoy, `%x` Apache. */
export function formatForLogFormat(logFormat: string): "nginx" | "apache" | "envoy" {
  if (/%[A-Z_]+(\([^)]*\))?(:\d+)?%/.test(logFormat)) return "envoy";
  if (/\$[a-z_{]/i.test(logFormat)) return "nginx";
  return "apache";
}
