/**
 * The access logs' fast path: a compiled layout (access-log.ts) read straight from the bytes of a line, without
 * the line's string, the regex or the split strings, giving exactly the sample `AccessLogDecoder.line` gives.
 *
 * The layout's regex reads each field up to the first character of the literal after it (access-log.ts), so
 * one forward scan per field finds the same fields. The scan only takes the plain shape of each field and says
 * "unsure" for everything else, which the string path then decides:
 *
 *   - a quoted field of a server that escapes quotes (nginx, Apache) with a backslash in it;
 *   - a quoted field of one that does not (Envoy) with a quote in it: the scan stops at that quote, the literal
 *     after the field does not follow, and the regex reads on to the quote that literal follows;
 *   - a last field (the regex's `.*`) holding a character `.` does not match: \r, U+2028, U+2029 (bytes E2 …);
 *   - a latency or time that is not in the shape the byte readers (bytes.ts) read, or out of range;
 *   - a line that does not match at all (the string path rejects it, with its line number).
 *
 * Blank lines, comments and lines with NUL bytes never reach it (AccessLogDecoder.decodeBlock).
 */
import { MAX_LATENCY_NS } from "../base/units.js";
import { plainDecimalAt, QUOTE } from "./bytes.js";
import { TextCache } from "./text-cache.js";
import { startFromTime, type LogLayout, type TimeRole } from "./log-layout.js";
import type { Sample } from "../core/sample.js";
import { isFailed } from "../core/failure.js";

/** The `pattern` of a field written in brackets with no `]` inside, such as Apache's `%t`. */
export const BRACKETED_PATTERN = "\\[[^\\]\\n]*\\]";

const SPACE = 32;
const DASH = 45;
const COMMA = 44;
const COLON = 58;
const QUESTION = 63;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const CR = 13;
/** First byte of U+2028 and U+2029 (and of other characters, which only make the scan unsure). */
const E2 = 0xe2;

/** What one step of a layout reads. */
const LITERAL = 0;
/** A field up to the first byte of the literal after it. */
const FIELD = 1;
/** The same inside quotes, on a server that escapes quotes: a backslash makes the scan unsure. */
const QUOTED = 2;
/** A field in brackets: `[`, anything but `]`, `]`. */
const BRACKETED = 3;
/** The last field: the rest of the line. */
const REST = 4;

/** True for the bytes `String.prototype.trim` removes that are ASCII: \t \n \v \f \r and space. */
function isAsciiSpace(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13);
}

/**
 * An nginx list of times (`0.010, 0.002 : 0.004`) summed as access-log.ts `sumList` sums it: -1 when every
 * value is `-` (none), NaN when the string path must decide.
 */
function sumListAt(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  let seen = false;
  for (let from = start; ; ) {
    let to = from;
    while (to < end && bytes[to] !== COMMA && bytes[to] !== COLON) to++;
    let a = from;
    let b = to;
    while (a < b && isAsciiSpace(bytes[a]!)) a++;
    while (b > a && isAsciiSpace(bytes[b - 1]!)) b--;
    if (b - a !== 1 || bytes[a] !== DASH) {
      const value = plainDecimalAt(bytes, a, b);
      if (Number.isNaN(value)) return NaN;
      sum += value;
      seen = true;
    }
    if (to >= end) break;
    from = to + 1;
  }
  return seen ? sum : -1;
}

/** A byte string that is exactly `-`. */
function isDash(bytes: Uint8Array, start: number, end: number): boolean {
  return end - start === 1 && bytes[start] === DASH;
}

/** First `c` in `bytes[start, end)`, or -1. */
function find(bytes: Uint8Array, c: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (bytes[i] === c) return i;
  return -1;
}

/** Reads the lines of one compiled layout from bytes; `compile` says whether the layout can be read so. */
/** A failed request without a value of the metric (`-`): its status, for `SampleSink.untimedFailure`. */
export interface UntimedFailure {
  untimedStatus: number;
}

export class AccessLogBytes {
  private readonly kinds: Uint8Array;
  /** Per step: the byte a FIELD or QUOTED step stops at; the field index of a field step. */
  private readonly stops: Uint8Array;
  private readonly fieldOf: Int32Array;
  private readonly literals: Uint8Array[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly labels = new TextCache();
  private readonly keys = new TextCache();
  private readonly multi: boolean;
  private readonly nsPerUnit: number;
  /** The skip reason of a line without a value of the metric (`-`). */
  readonly noLatency: string;
  private readonly parseTime: ((bytes: Uint8Array, start: number, end: number) => number) | undefined;
  /** Start = time − latency (a log-write time finer than seconds). */
  private readonly timeRole: TimeRole | undefined;
  /** The last time field read and its value: lines written in the same second repeat it. */
  private readonly lastTime = new Uint8Array(48);
  private lastTimeLength = -1;
  private lastTimeNs = NaN;

  private constructor(
    private readonly layout: LogLayout,
    steps: { kind: number; stop: number; field: number; literal: Uint8Array }[],
  ) {
    this.kinds = Uint8Array.from(steps, (s) => s.kind);
    this.stops = Uint8Array.from(steps, (s) => s.stop);
    this.fieldOf = Int32Array.from(steps, (s) => s.field);
    this.literals = steps.map((s) => s.literal);
    this.starts = new Int32Array(layout.fields.length);
    this.ends = new Int32Array(layout.fields.length);
    const latency = layout.fields[layout.latency]!.role;
    if (latency.role !== "latency") throw new Error("the layout's latency field has no latency role");
    this.multi = latency.multi === true;
    this.nsPerUnit = latency.nsPerUnit;
    this.noLatency = `no ${latency.name} (-)`;
    const time = layout.time < 0 ? undefined : layout.fields[layout.time]!.role;
    this.parseTime = time?.role === "time" ? time.parseBytes : undefined;
    this.timeRole = time?.role === "time" ? time : undefined;
  }

  /** The byte reader of `layout`, or undefined when it has a part the reader does not know (the string path reads all). */
  static compile(layout: LogLayout): AccessLogBytes | undefined {
    const none = new Uint8Array(0);
    const steps: { kind: number; stop: number; field: number; literal: Uint8Array }[] = [];
    let field = 0;
    for (let i = 0; i < layout.tokens.length; i++) {
      const token = layout.tokens[i]!;
      if ("literal" in token) {
        // Only printable ASCII (and tab): its bytes then match exactly where the regex matches its characters.
        if (!/^[\t\x20-\x7e]+$/.test(token.literal)) return undefined;
        steps.push({ kind: LITERAL, stop: 0, field: -1, literal: Buffer.from(token.literal, "latin1") });
        continue;
      }
      const next = layout.tokens[i + 1];
      let kind: number;
      let stop = 0;
      if (token.field.pattern !== undefined) {
        if (token.field.pattern !== BRACKETED_PATTERN) return undefined;
        kind = BRACKETED;
      } else if (next === undefined) {
        kind = REST;
      } else if ("literal" in next) {
        stop = next.literal.charCodeAt(0);
        if (stop > 0x7e) return undefined;
        kind = layout.quoteEscapes && stop === QUOTE ? QUOTED : FIELD;
      } else {
        return undefined;
      }
      steps.push({ kind, stop, field: field++, literal: none });
    }
    if (field !== layout.fields.length) return undefined;
    const time = layout.time < 0 ? undefined : layout.fields[layout.time]!.role;
    if (time !== undefined && (time.role !== "time" || time.parseBytes === undefined)) return undefined;
    return new AccessLogBytes(layout, steps);
  }

  /**
   * Finds the fields of `bytes[start, end)` as the layout's regex would; false when it does not match or the
   * scan is unsure (see the header comment).
   */
  private match(bytes: Uint8Array, start: number, end: number): boolean {
    const { kinds, stops, fieldOf, literals, starts, ends } = this;
    let pos = start;
    for (let s = 0; s < kinds.length; s++) {
      const kind = kinds[s]!;
      if (kind === LITERAL) {
        const literal = literals[s]!;
        if (pos + literal.length > end) return false;
        for (let j = 0; j < literal.length; j++) if (bytes[pos + j] !== literal[j]) return false;
        pos += literal.length;
        continue;
      }
      const field = fieldOf[s]!;
      starts[field] = pos;
      if (kind === FIELD) {
        const stop = stops[s]!;
        while (pos < end && bytes[pos] !== stop) pos++;
        if (pos === end) return false;
      } else if (kind === QUOTED) {
        for (; pos < end; pos++) {
          const c = bytes[pos]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) return false;
        }
        if (pos === end) return false;
      } else if (kind === BRACKETED) {
        if (pos >= end || bytes[pos] !== OPEN_BRACKET) return false;
        pos++;
        while (pos < end && bytes[pos] !== CLOSE_BRACKET) pos++;
        if (pos === end) return false;
        pos++;
      } else {
        for (; pos < end; pos++) {
          const c = bytes[pos]!;
          if (c === CR || c === E2) return false;
        }
      }
      ends[field] = pos;
    }
    return pos === end;
  }

  /** The matched line's status, when it is one to three digits. */
  private status(bytes: Uint8Array): number | undefined {
    const field = this.layout.status;
    if (field < 0) return undefined;
    const s = this.starts[field]!;
    const e = this.ends[field]!;
    if (!(e > s && e - s <= 3)) return undefined;
    let status = 0;
    for (let i = s; i < e; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) return undefined;
      status = status * 10 + d;
    }
    return status;
  }

  /** A matched line without a value of the metric: a failed request of no latency, else skipped. */
  private withoutLatency(bytes: Uint8Array): string | UntimedFailure {
    const status = this.status(bytes);
    return status !== undefined && isFailed({ latencyNs: 0, status }) ? { untimedStatus: status } : this.noLatency;
  }

  /**
   * What `AccessLogDecoder.line` gives for the line `bytes[start, end)` (not blank, no comment, no NUL byte):
   * its sample, or the reason it is skipped for; undefined when the string path must decide.
   */
  read(bytes: Uint8Array, start: number, end: number): Sample | UntimedFailure | string | undefined {
    if (!this.match(bytes, start, end)) return undefined;
    const { layout, starts, ends } = this;
    const latencyStart = starts[layout.latency]!;
    const latencyEnd = ends[layout.latency]!;
    let value: number;
    if (this.multi) {
      value = sumListAt(bytes, latencyStart, latencyEnd);
      if (value === -1) return this.withoutLatency(bytes);
    } else {
      if (latencyEnd === latencyStart || isDash(bytes, latencyStart, latencyEnd)) return this.withoutLatency(bytes);
      value = plainDecimalAt(bytes, latencyStart, latencyEnd);
    }
    const latencyNs = Math.round(value * this.nsPerUnit);
    // NaN fails too: the string path says why.
    if (!(latencyNs <= MAX_LATENCY_NS)) return undefined;
    const sample: Sample = { latencyNs };
    const status = this.status(bytes);
    if (status !== undefined) sample.status = status;
    if (layout.time >= 0) {
      const s = starts[layout.time]!;
      const e = ends[layout.time]!;
      if (!isDash(bytes, s, e)) {
        const ns = this.time(bytes, s, e);
        if (Number.isNaN(ns)) return undefined;
        sample.startNs = startFromTime(this.timeRole!, ns, latencyNs);
      }
    }
    const label = this.label(bytes);
    if (label !== undefined) sample.label = label;
    if (layout.key >= 0) {
      const s = starts[layout.key]!;
      const e = ends[layout.key]!;
      if (e > s && !isDash(bytes, s, e)) sample.key = this.keys.text(bytes, s, e);
    }
    return sample;
  }

  /** The time field `bytes[start, end)` read by the time role's byte reader, or remembered from the last line. */
  private time(bytes: Uint8Array, start: number, end: number): number {
    const last = this.lastTime;
    const length = end - start;
    if (length === this.lastTimeLength) {
      let i = length - 1;
      // From the end: the seconds differ first.
      while (i >= 0 && bytes[start + i] === last[i]) i--;
      if (i < 0) return this.lastTimeNs;
    }
    const ns = this.parseTime!(bytes, start, end);
    if (length <= last.length) {
      last.set(bytes.subarray(start, end));
      this.lastTimeLength = length;
      this.lastTimeNs = ns;
    }
    return ns;
  }

  /** The request's label (access-log.ts `requestLabel`): method and path without its query. */
  private label(bytes: Uint8Array): string | undefined {
    const { layout, starts, ends } = this;
    // Absent parts are [-1, -1).
    let methodStart = -1;
    let methodEnd = -1;
    let pathStart = -1;
    let pathEnd = -1;
    if (layout.method >= 0) {
      methodStart = starts[layout.method]!;
      methodEnd = ends[layout.method]!;
    }
    if (layout.path >= 0) {
      pathStart = starts[layout.path]!;
      pathEnd = ends[layout.path]!;
    }
    if (layout.request >= 0) {
      // As request.split(" "): the method is the text before the first space, the path the text after it.
      const s = starts[layout.request]!;
      const e = ends[layout.request]!;
      const space = find(bytes, SPACE, s, e);
      if (layout.method < 0) {
        methodStart = s;
        methodEnd = space < 0 ? e : space;
      }
      if (layout.path < 0 && space >= 0) {
        pathStart = space + 1;
        const next = find(bytes, SPACE, pathStart, e);
        pathEnd = next < 0 ? e : next;
      }
    }
    const hasMethod = methodEnd > methodStart && !isDash(bytes, methodStart, methodEnd);
    let cleanEnd = -1;
    if (pathStart >= 0 && !isDash(bytes, pathStart, pathEnd)) {
      const query = find(bytes, QUESTION, pathStart, pathEnd);
      cleanEnd = query < 0 ? pathEnd : query;
    }
    const hasPath = cleanEnd > pathStart;
    if (hasMethod && hasPath) {
      // Method, one space and path side by side in the line are the label's bytes as they are.
      if (methodEnd + 1 === pathStart && bytes[methodEnd] === SPACE) return this.labels.text(bytes, methodStart, cleanEnd);
      return `${this.labels.text(bytes, methodStart, methodEnd)} ${this.labels.text(bytes, pathStart, cleanEnd)}`;
    }
    if (hasPath) return this.labels.text(bytes, pathStart, cleanEnd);
    if (hasMethod) return this.labels.text(bytes, methodStart, methodEnd);
    return undefined;
  }
}
