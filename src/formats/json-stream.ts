/**
 * A streaming reader of JSON text, for inputs that are one large document (a trace export, a load tester's report)
 * or several documents one after another (JSON lines, or values simply concatenated). Bytes arrive in chunks of any
 * size and split anywhere; the values at the paths a handler chooses come out parsed, one at a time; everything
 * else is checked against the JSON grammar (RFC 8259) and let go. Memory holds the path and one chosen value,
 * never the document.
 *
 *   text  = ws { value ws }          several top-level values are read one after another
 *   path  = keys and array indexes from a top-level value down, e.g. ["data", 0, "spans", 17]
 *
 * At the start of each value the handler's `select(path, kind)` says what to do with it:
 *
 *   "capture"  parse it whole (JSON.parse of its bytes) and hand it to `value`. Integers of 16 digits or more come
 *              as their decimal text (a string): 64-bit nanosecond times keep every digit, which a double would not.
 *   "enter"    go inside an object or array: `select` is asked about each member, and `leave` is told when the
 *              container ends. A scalar is skipped.
 *   "skip"     check it and let it go.
 *
 * `select` is only asked inside entered containers. A captured value longer than MAX_CAPTURE_BYTES is not kept:
 * `oversized` is told instead. Grammar errors throw a JsonSyntaxError naming their line. Lines count from 1; a
 * UTF-8 byte-order mark at the start is skipped.
 *
 * Documents one per line (the first document ends on the line it starts on, as JSON lines and the OpenTelemetry
 * Collector's file exporter write them): a line break inside a document means it was cut short there (a writer
 * that crashed mid-line, then wrote on), when the handler has `cut`: it is told, and reading goes on with the
 * next line as a new document, where it would otherwise be a syntax error on a later line.
 */
import { startsWithBom } from "../sources/lines.js";

export type PathKey = string | number;
export type ValueKind = "object" | "array" | "string" | "number" | "literal";
export type Selection = "capture" | "enter" | "skip";

export interface JsonStreamHandler {
  select(path: readonly PathKey[], kind: ValueKind): Selection;
  /** A captured value, parsed; `lineNo` is the line it starts on. */
  value(path: readonly PathKey[], value: unknown, lineNo: number): void;
  /** A value chosen for capture that was longer than MAX_CAPTURE_BYTES, not parsed. */
  oversized(path: readonly PathKey[], lineNo: number): void;
  /** An entered object or array ended. */
  leave(path: readonly PathKey[], kind: "object" | "array"): void;
  /**
   * A document one per line was cut short at the end of a line (see the header): `lineNo` is the line of the value
   * being captured, else the line it was cut on. No `leave` is told for the containers left open.
   */
  cut?(lineNo: number): void;
}

/** Text that is not JSON, at `lineNo`. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly lineNo: number,
    message: string,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** Largest value captured: a span or a trace's process table is far smaller; more is damage or not a record. */
export const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;
/** Deepest nesting accepted. */
const MAX_DEPTH = 512;
/** Longest number or literal (they may be split across chunks and are carried over whole). */
const MAX_TOKEN_BYTES = 4096;
/** Integers with at least this many digits are captured as text (2^53 has 16). */
const EXACT_DIGITS = 16;

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const OBJECT = 1;
const ARRAY = 2;

const enum State {
  /** Between top-level values: whitespace, another value, or the end. */
  Top,
  /** A value must come (after `:`, or after `,` in an array). */
  Value,
  /** After `[`: a value or `]`. */
  FirstValue,
  /** After `{`: a key or `}`. */
  FirstKey,
  /** After `,` in an object: a key. */
  Key,
  Colon,
  /** After a value inside a container: `,` or its closer. */
  After,
  /** Inside a string (key or value). */
  String,
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
/** Bytes a number or literal may hold; the token ends at the first other byte. */
const isTokenByte = (c: number) => isDigit(c) || (c >= 97 && c <= 122) || c === 45 || c === 43 || c === 46 || c === 69;
const LITERALS = ["true", "false", "null"];

function describe(c: number | undefined): string {
  if (c === undefined) return "the end of the input";
  return c >= 33 && c <= 126 ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, "0")}`;
}

export class JsonStream {
  private state = State.Top;
  /** OBJECT or ARRAY per open container. */
  private readonly stack: number[] = [];
  /** One entry per entered container (they are the bottom of the stack): the current member's key or index. */
  private readonly path: PathKey[] = [];
  private line = 1;
  private atStart = true;
  /** The line the current top-level value starts on, and whether documents are one per line (the first ended on it). */
  private documentLine = 0;
  private layout: "unknown" | "lines" | "pretty" = "unknown";
  /** A number or literal, or the start of a byte-order mark, cut off at the end of the last chunk. */
  private carried: Uint8Array | undefined;

  /** Set while skipping or capturing a value: the stack depth it started at. */
  private regionBase = -1;
  private capturing = false;
  private captureLine = 0;
  private capture = Buffer.allocUnsafe(64 * 1024);
  private captureLength = 0;
  private captureOversized = false;
  /** Start of the bytes of the current chunk not yet copied into `capture`. */
  private captureFrom = 0;

  /** The string being read is a key; of an entered object (`keyWanted`): its text is kept. */
  private stringIsKey = false;
  private keyWanted = false;
  /** Where the current chunk's part of a wanted key starts. */
  private keyFrom = 0;
  private keyParts: Buffer[] = [];
  private keyEscaped = false;
  /** 0 outside an escape; 1 after a backslash; 2–5 while reading the hex digits of `\u`. */
  private escape = 0;

  constructor(private readonly handler: JsonStreamHandler) {}

  /** The line the reader is on. */
  get lineNo(): number {
    return this.line;
  }

  /** True while inside a top-level value (the input would be cut off if it ended now). */
  get inValue(): boolean {
    return this.state !== State.Top || this.carried !== undefined;
  }

  /** True while a value chosen for capture is being read (it would be lost if the input ended now). */
  get inCapture(): boolean {
    return this.capturing;
  }

  /** The line the value being captured starts on. */
  get captureLineNo(): number {
    return this.captureLine;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carried !== undefined) {
      bytes = Buffer.concat([this.carried, chunk]);
      this.carried = undefined;
    }
    let i = 0;
    if (this.atStart) {
      if (bytes.length < 3 && bytes.every((b, k) => b === [0xef, 0xbb, 0xbf][k])) {
        this.carried = Uint8Array.from(bytes);
        return;
      }
      this.atStart = false;
      if (startsWithBom(bytes, 0, bytes.length)) i = 3;
    }
    this.captureFrom = i;
    this.scan(bytes, i);
  }

  /** Reads what is left at the end of the input (a number carried over); then `inValue` tells whether it was cut. */
  end(): void {
    if (this.atStart && this.carried !== undefined) {
      // Fewer than three bytes that could start a byte-order mark: they are text after all.
      const bytes = this.carried;
      this.carried = undefined;
      this.atStart = false;
      this.captureFrom = 0;
      this.scan(bytes, 0);
    }
    if (this.carried !== undefined) {
      const bytes = this.carried;
      this.carried = undefined;
      this.captureFrom = 0;
      this.token(bytes, 0, bytes.length, true);
    }
  }

  private scan(bytes: Uint8Array, start: number): void {
    const end = bytes.length;
    let i = start;
    while (i < end) {
      if (this.state === State.String) {
        i = this.stringBody(bytes, i, end);
        continue;
      }
      const c = bytes[i]!;
      if (isSpace(c)) {
        if (c === LF) {
          if (this.cutsDocument(c)) this.cut();
          this.line++;
        }
        i++;
        continue;
      }
      switch (this.state) {
        case State.Top:
        case State.Value:
          i = this.valueStart(bytes, i, end);
          break;
        case State.FirstValue:
          if (c === 93) i = this.close(bytes, ARRAY, i);
          else i = this.valueStart(bytes, i, end);
          break;
        case State.FirstKey:
          if (c === 125) i = this.close(bytes, OBJECT, i);
          else i = this.keyStart(c, i);
          break;
        case State.Key:
          i = this.keyStart(c, i);
          break;
        case State.Colon:
          if (c !== 58) this.fail(c, "a colon after the key");
          this.state = State.Value;
          i++;
          break;
        case State.After: {
          const top = this.stack[this.stack.length - 1];
          if (c === 44) {
            this.state = top === OBJECT ? State.Key : State.Value;
            i++;
          } else if (c === 125 && top === OBJECT) i = this.close(bytes, OBJECT, i);
          else if (c === 93 && top === ARRAY) i = this.close(bytes, ARRAY, i);
          else this.fail(c, top === OBJECT ? 'a comma or "}"' : 'a comma or "]"');
          break;
        }
      }
      if (i < 0) return;
    }
    this.flushCapture(bytes, end);
    if (this.keyWanted && this.state === State.String) this.keyParts.push(Buffer.from(bytes.subarray(this.keyFrom, end)));
    this.keyFrom = 0;
  }

  /** A line break `c` ends the document being read, cut short (see the header). */
  private cutsDocument(c: number | undefined): boolean {
    return c === LF && this.layout === "lines" && this.state !== State.Top && this.handler.cut !== undefined;
  }

  /** Forgets the document cut short and tells the handler; the line break after it is read as between documents. */
  private cut(): void {
    const lineNo = this.capturing ? this.captureLine : this.line;
    this.state = State.Top;
    this.stack.length = 0;
    this.path.length = 0;
    this.regionBase = -1;
    this.capturing = false;
    this.captureOversized = false;
    this.keyWanted = false;
    this.keyParts = [];
    this.escape = 0;
    this.handler.cut!(lineNo);
  }

  private fail(c: number | undefined, expected: string): never {
    throw new JsonSyntaxError(this.line, `invalid JSON: ${describe(c)} where ${expected} should be`);
  }

  private keyStart(c: number, i: number): number {
    if (c !== QUOTE) this.fail(c, "a key in quotes");
    this.keyWanted = this.regionBase < 0;
    this.keyParts = [];
    this.keyEscaped = false;
    this.keyFrom = i + 1;
    this.stringIsKey = true;
    this.state = State.String;
    return i + 1;
  }

  private valueStart(bytes: Uint8Array, i: number, end: number): number {
    const c = bytes[i]!;
    const kind: ValueKind | undefined =
      c === 123 ? "object" : c === 91 ? "array" : c === QUOTE ? "string" : c === 45 || isDigit(c) ? "number" : c === 116 || c === 102 || c === 110 ? "literal" : undefined;
    if (kind === undefined) this.fail(c, "a value");
    if (this.stack.length === 0) this.documentLine = this.line;
    if (this.regionBase < 0) {
      const depth = this.stack.length;
      // A member of an entered array: its index.
      if (depth > 0 && this.stack[depth - 1] === ARRAY) this.path[depth - 1] = (this.path[depth - 1] as number) + 1;
      const selection = this.handler.select(this.path, kind);
      if (selection === "capture") {
        this.capturing = true;
        this.captureLine = this.line;
        this.captureLength = 0;
        this.captureOversized = false;
        this.captureFrom = i;
        this.regionBase = depth;
      } else if (selection === "skip" || kind !== "object" && kind !== "array") {
        this.regionBase = depth;
      }
    }
    if (kind === "object" || kind === "array") {
      if (this.stack.length >= MAX_DEPTH) throw new JsonSyntaxError(this.line, `invalid JSON: nested deeper than ${MAX_DEPTH} levels`);
      const entered = this.regionBase < 0;
      this.stack.push(kind === "object" ? OBJECT : ARRAY);
      if (entered) this.path.push(kind === "object" ? "" : -1);
      this.state = kind === "object" ? State.FirstKey : State.FirstValue;
      return i + 1;
    }
    if (kind === "string") {
      this.stringIsKey = false;
      this.keyWanted = false;
      this.state = State.String;
      return i + 1;
    }
    return this.token(bytes, i, end, false);
  }

  /** A number or literal starting at `i`; at the end of a chunk it is carried over, unless `final`. */
  private token(bytes: Uint8Array, i: number, end: number, final: boolean): number {
    let e = i;
    while (e < end && isTokenByte(bytes[e]!)) e++;
    if (e === end && !final) {
      if (e - i > MAX_TOKEN_BYTES) throw new JsonSyntaxError(this.line, "invalid JSON: a number or literal too long");
      this.flushCapture(bytes, i);
      this.carried = Uint8Array.from(bytes.subarray(i, e));
      return -1;
    }
    const c = bytes[i]!;
    try {
      if (c === 45 || isDigit(c)) {
        const integerDigits = this.number(bytes, i, e);
        if (this.capturing && integerDigits >= EXACT_DIGITS) this.captureAsText(bytes, i, e);
      } else if (!LITERALS.some((word) => word.length === e - i && [...word].every((ch, k) => bytes[i + k] === ch.charCodeAt(0)))) {
        this.fail(c, "a value");
      }
    } catch (error) {
      // A number or literal cut short by the end of its line (`tr`, `1.`).
      if (!(error instanceof JsonSyntaxError) || !this.cutsDocument(bytes[e])) throw error;
      this.cut();
      return e;
    }
    this.valueEnd(bytes, e);
    return e;
  }

  /**
   * Checks `-? (0 | [1-9] digits) (. digits)? ([eE] [+-]? digits)?` over `bytes[i, e)`; returns the number of digits
   * when it is an integer, else 0.
   */
  private number(bytes: Uint8Array, i: number, e: number): number {
    let k = i;
    if (bytes[k] === 45) k++;
    const digitsFrom = k;
    if (k >= e || !isDigit(bytes[k]!)) this.fail(bytes[k], "a digit");
    if (bytes[k] === 48) k++;
    else while (k < e && isDigit(bytes[k]!)) k++;
    const digits = k - digitsFrom;
    let integer = true;
    if (k < e && bytes[k] === 46) {
      integer = false;
      k++;
      if (k >= e || !isDigit(bytes[k]!)) this.fail(bytes[k], "a digit");
      while (k < e && isDigit(bytes[k]!)) k++;
    }
    if (k < e && (bytes[k] === 101 || bytes[k] === 69)) {
      integer = false;
      k++;
      if (k < e && (bytes[k] === 43 || bytes[k] === 45)) k++;
      if (k >= e || !isDigit(bytes[k]!)) this.fail(bytes[k], "a digit");
      while (k < e && isDigit(bytes[k]!)) k++;
    }
    if (k !== e) this.fail(bytes[k], "the end of a number");
    return integer ? digits : 0;
  }

  /** Copies the captured bytes up to `i`, the integer `bytes[i, e)` in quotes, and goes on after it. */
  private captureAsText(bytes: Uint8Array, i: number, e: number): void {
    this.flushCapture(bytes, i);
    this.append([QUOTE]);
    this.captureFrom = i;
    this.flushCapture(bytes, e);
    this.append([QUOTE]);
  }

  /** Reads string bytes from `i`; returns where it stopped (after the closing quote, or the end of the chunk). */
  private stringBody(bytes: Uint8Array, i: number, end: number): number {
    while (i < end) {
      if (this.escape === 0) {
        let c = bytes[i]!;
        while (c !== QUOTE && c !== BACKSLASH && c >= 32) {
          if (++i === end) return i;
          c = bytes[i]!;
        }
        if (this.cutsDocument(c)) {
          this.cut();
          return i;
        }
        if (c < 32) throw new JsonSyntaxError(this.line, `invalid JSON: ${c === LF ? "a line break" : describe(c)} inside a string`);
        if (c === QUOTE) return this.stringEnd(bytes, i);
        this.escape = 1;
        if (this.stringIsKey) this.keyEscaped = true;
        i++;
      } else if (this.cutsDocument(bytes[i])) {
        this.cut();
        return i;
      } else if (this.escape === 1) {
        const c = bytes[i]!;
        if (c === 117) this.escape = 2;
        else if (c === QUOTE || c === BACKSLASH || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) this.escape = 0;
        else this.fail(c, "an escape (one of \" \\ / b f n r t u)");
        i++;
      } else {
        if (!isHex(bytes[i]!)) this.fail(bytes[i], "a hex digit of \\u");
        this.escape = this.escape === 5 ? 0 : this.escape + 1;
        i++;
      }
    }
    return i;
  }

  /** The closing quote of a string is at `i`. */
  private stringEnd(bytes: Uint8Array, i: number): number {
    if (!this.stringIsKey) {
      this.valueEnd(bytes, i + 1);
      return i + 1;
    }
    if (this.keyWanted) {
      this.keyParts.push(Buffer.from(bytes.subarray(this.keyFrom, i)));
      const raw = Buffer.concat(this.keyParts).toString("utf8");
      this.keyParts = [];
      this.path[this.path.length - 1] = this.keyEscaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      this.keyWanted = false;
    }
    this.state = State.Colon;
    return i + 1;
  }

  private close(bytes: Uint8Array, kind: number, i: number): number {
    this.stack.pop();
    if (this.regionBase < 0) {
      this.path.pop();
      this.handler.leave(this.path, kind === OBJECT ? "object" : "array");
    }
    this.valueEnd(bytes, i + 1);
    return i + 1;
  }

  /** A value ended just before `e`: a skipped or captured one may be over. */
  private valueEnd(bytes: Uint8Array, e: number): void {
    if (this.regionBase === this.stack.length) {
      if (this.capturing) this.finishCapture(bytes, e);
      this.regionBase = -1;
    }
    this.state = this.stack.length === 0 ? State.Top : State.After;
    if (this.state === State.Top && this.layout === "unknown") this.layout = this.line === this.documentLine ? "lines" : "pretty";
  }

  private finishCapture(bytes: Uint8Array, e: number): void {
    this.flushCapture(bytes, e);
    this.capturing = false;
    if (this.captureOversized) {
      this.captureOversized = false;
      this.handler.oversized(this.path, this.captureLine);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(this.capture.toString("utf8", 0, this.captureLength));
    } catch (error) {
      throw new JsonSyntaxError(this.captureLine, `invalid JSON: ${(error as Error).message}`);
    }
    // Let a buffer that grew for one large value go.
    if (this.capture.length > 1024 * 1024) this.capture = Buffer.allocUnsafe(64 * 1024);
    this.handler.value(this.path, value, this.captureLine);
  }

  /** Copies the bytes of the current chunk before `to` into the capture. */
  private flushCapture(bytes: Uint8Array, to: number): void {
    if (!this.capturing) return;
    if (to > this.captureFrom) this.append(bytes.subarray(this.captureFrom, to));
    this.captureFrom = to;
  }

  private append(part: ArrayLike<number>): void {
    if (this.captureOversized) return;
    const needed = this.captureLength + part.length;
    if (needed > MAX_CAPTURE_BYTES) {
      this.captureOversized = true;
      this.capture = Buffer.allocUnsafe(64 * 1024);
      return;
    }
    if (needed > this.capture.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.capture.length * 2));
      this.capture.copy(grown, 0, 0, this.captureLength);
      this.capture = grown;
    }
    this.capture.set(part, this.captureLength);
    this.captureLength = needed;
  }
}
