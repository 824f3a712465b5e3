/**
 * A validating byte scanner for one line of JSON, for the jsonl fast path: it checks that the line is a JSON object
 * (RFC 8259 grammar) and finds where the values at a few dotted paths are, without building any object.
 *
 * It gives up (returns false) rather than guess wherever `JSON.parse` plus own-property lookup could see
 * something else: an escaped key, a key on a wanted path given twice (JSON.parse keeps the last), nesting deeper
 * than MAX_DEPTH, whitespace other than space, tab and CR, or anything that is not valid JSON.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const CHAR_0 = 48;
const CHAR_9 = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const LOWER_U = 117;
const MAX_DEPTH = 64;
/** What may follow a backslash in a JSON string (besides `u` and four hex digits). */
const SIMPLE_ESCAPES = new Set([QUOTE, BACKSLASH, 47, 98, 102, 110, 114, 116]);
const LITERALS = ["true", "false", "null"].map((word) => Buffer.from(word));

/**
 * The kind of value found at a path: Number (`start, end` span its text), String (they span its content, which
 * has no escapes), Object, Other (a string with escapes, true/false/null or an array) or Missing.
 */
export const JsonKind = { Missing: 0, Number: 1, String: 2, Other: 3, Object: 4 } as const;

const isDigit = (c: number) => c >= CHAR_0 && c <= CHAR_9;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

export class JsonLineScanner {
  /** Per path, after a successful scan: what was found there and where. */
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private readonly segments: Buffer[][];
  /** The paths to look for (an empty path matches nothing). */
  private readonly mask: number;
  /** Keys seen on each path at each depth: more than one means a duplicate key, which JSON.parse resolves. */
  private readonly seen: Uint8Array;
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  /** Whether the last string scanned had an escape. */
  private escaped = false;

  /** @param paths dotted paths split into keys, at most 30 of them */
  constructor(paths: readonly (readonly string[])[]) {
    this.segments = paths.map((path) => path.map((key) => Buffer.from(key)));
    this.mask = paths.reduce((mask, path, p) => (path.length > 0 ? mask | (1 << p) : mask), 0);
    this.kinds = new Uint8Array(paths.length);
    this.starts = new Int32Array(paths.length);
    this.ends = new Int32Array(paths.length);
    this.seen = new Uint8Array(paths.length * MAX_DEPTH);
  }

  /** Scans `bytes[start, end)`: true when it is a JSON object and every path's value was looked for unambiguously. */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    this.kinds.fill(0);
    this.seen.fill(0);
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.skipSpace();
    if (this.pos >= end || bytes[this.pos] !== OPEN_BRACE) return false;
    if (!this.object(0, this.mask)) return false;
    this.skipSpace();
    return this.pos === end;
  }

  private skipSpace(): void {
    const bytes = this.bytes;
    while (this.pos < this.end) {
      const c = bytes[this.pos];
      if (c !== 32 && c !== 9 && c !== 13) return;
      this.pos++;
    }
  }

  /** An object at `depth` whose own path is a prefix of the paths in `mask`. */
  private object(depth: number, mask: number): boolean {
    if (depth >= MAX_DEPTH) return false;
    const bytes = this.bytes;
    this.pos++;
    this.skipSpace();
    if (this.pos < this.end && bytes[this.pos] === CLOSE_BRACE) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (this.pos >= this.end || bytes[this.pos] !== QUOTE) return false;
      const keyStart = this.pos + 1;
      if (!this.string()) return false;
      const keyEnd = this.pos - 1;
      let childMask = 0;
      let leafMask = 0;
      if (mask !== 0) {
        if (this.escaped) return false;
        for (let p = 0; p < this.segments.length; p++) {
          if ((mask & (1 << p)) === 0 || !this.keyIs(this.segments[p]![depth]!, keyStart, keyEnd)) continue;
          if (++this.seen[p * MAX_DEPTH + depth]! > 1) return false;
          if (depth === this.segments[p]!.length - 1) leafMask |= 1 << p;
          else childMask |= 1 << p;
        }
      }
      this.skipSpace();
      if (this.pos >= this.end || bytes[this.pos] !== COLON) return false;
      this.pos++;
      this.skipSpace();
      if (!this.value(depth + 1, childMask, leafMask)) return false;
      this.skipSpace();
      if (this.pos >= this.end) return false;
      const c = bytes[this.pos++];
      if (c === CLOSE_BRACE) return true;
      if (c !== COMMA) return false;
      this.skipSpace();
    }
  }

  private keyIs(segment: Buffer, start: number, end: number): boolean {
    if (segment.length !== end - start) return false;
    for (let i = 0; i < segment.length; i++) if (segment[i] !== this.bytes[start + i]) return false;
    return true;
  }

  /** A value; `childMask` are the paths that continue inside it, `leafMask` the paths that end at it. */
  private value(depth: number, childMask: number, leafMask: number): boolean {
    if (this.pos >= this.end) return false;
    const bytes = this.bytes;
    const start = this.pos;
    const c = bytes[start]!;
    let kind: number = JsonKind.Other;
    let ok: boolean;
    if (c === OPEN_BRACE) {
      ok = this.object(depth, childMask);
      kind = JsonKind.Object;
    } else if (c === OPEN_BRACKET) ok = this.array(depth);
    else if (c === QUOTE) {
      ok = this.string();
      if (!this.escaped) kind = JsonKind.String;
    } else if (c === MINUS || isDigit(c)) {
      ok = this.number();
      kind = JsonKind.Number;
    } else ok = this.literal();
    if (!ok || leafMask === 0) return ok;
    const quoted = kind === JsonKind.String ? 1 : 0;
    for (let p = 0; p < this.segments.length; p++) {
      if ((leafMask & (1 << p)) === 0) continue;
      this.kinds[p] = kind;
      this.starts[p] = start + quoted;
      this.ends[p] = this.pos - quoted;
    }
    return true;
  }

  private array(depth: number): boolean {
    if (depth >= MAX_DEPTH) return false;
    const bytes = this.bytes;
    this.pos++;
    this.skipSpace();
    if (this.pos < this.end && bytes[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (!this.value(depth + 1, 0, 0)) return false;
      this.skipSpace();
      if (this.pos >= this.end) return false;
      const c = bytes[this.pos++];
      if (c === CLOSE_BRACKET) return true;
      if (c !== COMMA) return false;
      this.skipSpace();
    }
  }

  /** A string starting at the quote under `pos`; leaves `pos` after the closing quote. */
  private string(): boolean {
    const bytes = this.bytes;
    let i = this.pos + 1;
    this.escaped = false;
    while (i < this.end) {
      const c = bytes[i]!;
      if (c === QUOTE) {
        this.pos = i + 1;
        return true;
      }
      if (c < 32) return false;
      if (c === BACKSLASH) {
        this.escaped = true;
        const e = bytes[i + 1]!;
        if (e === LOWER_U) {
          if (i + 6 > this.end || !isHex(bytes[i + 2]!) || !isHex(bytes[i + 3]!) || !isHex(bytes[i + 4]!) || !isHex(bytes[i + 5]!)) return false;
          i += 6;
        } else if (i + 2 <= this.end && SIMPLE_ESCAPES.has(e)) {
          i += 2;
        } else {
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  }

  /** `-? (0 | [1-9] digits) (. digits)? ([eE] [+-]? digits)?` */
  private number(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    let i = this.pos;
    if (bytes[i] === MINUS) i++;
    if (i >= end || !isDigit(bytes[i]!)) return false;
    if (bytes[i] === CHAR_0) i++;
    else while (i < end && isDigit(bytes[i]!)) i++;
    if (i < end && bytes[i] === DOT) {
      i++;
      if (i >= end || !isDigit(bytes[i]!)) return false;
      while (i < end && isDigit(bytes[i]!)) i++;
    }
    if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
      i++;
      if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
      if (i >= end || !isDigit(bytes[i]!)) return false;
      while (i < end && isDigit(bytes[i]!)) i++;
    }
    this.pos = i;
    return true;
  }

  private literal(): boolean {
    for (const word of LITERALS) {
      if (this.pos + word.length <= this.end && this.keyIs(word, this.pos, this.pos + word.length)) {
        this.pos += word.length;
        return true;
      }
    }
    return false;
  }
}
