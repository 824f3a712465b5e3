/**
 * HAProxy's fast path: the fields of an HTTP or TCP log line (haproxy.ts) found by one forward scan of its bytes
 * instead of the line's string and the regexes, handed on as the same strings at the same capture indexes, so
 * that haproxy.ts books them with the same code either way.
 *
 * The scan takes only lines of printable ASCII (so `\s` is a space and `\S` any other byte of them) in the plain
 * shape of the grammar; for anything else it says "unsure" (undefined) and the string path decides:
 *
 *   - a byte outside 0x20–0x7E: tabs, \r, UTF-8 in a path or a captured header;
 *   - a line the regexes would read otherwise or not at all, whatever the reason;
 *   - a syslog prefix unless the line cannot match without it (its first space is not the one after `ip:port`,
 *     followed by `[`): the string path tries the whole line first, and the scan does the same.
 *
 * Blank lines and comments never reach it (their first byte is a space or `#`).
 */
import { TextCache } from "./text-cache.js";

const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The line's fields as haproxy.ts's regexes capture them (index 0 unused), and which regex would have matched. */
export interface HaproxyFields {
  kind: "http" | "tcp";
  m: readonly string[];
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;

/** Whether `bytes[start, end)` are 1 or more digits. */
function digits(bytes: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (!isDigit(bytes[i])) return false;
  return true;
}

/** The end of `-?\d+` (with `plus`, `\+?-?\d+`) starting at `at`, or -1. */
function signedEnd(bytes: Uint8Array, at: number, plus: boolean): number {
  let i = at;
  if (plus && bytes[i] === PLUS) i++;
  if (bytes[i] === DASH) i++;
  const first = i;
  while (isDigit(bytes[i])) i++;
  return i > first ? i : -1;
}

/** The next space at or after `at` before `end`, or `end`. */
function spaceFrom(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && bytes[i] !== SPACE) i++;
  return i;
}

/**
 * Reads HAProxy log lines from bytes. Strings come through caches: most fields repeat from line to line (frontend,
 * backend, server, timers, statuses), so they cost no new string.
 */
export class HaproxyBytes {
  private readonly texts = new TextCache(4096);
  private readonly requests = new TextCache(4096);

  /** The fields of the line `bytes[start, end)` (no line terminator), or undefined when unsure. */
  read(bytes: Uint8Array, start: number, end: number): HaproxyFields | undefined {
    let firstSpace = -1;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c < 0x20 || c > 0x7e) return undefined;
      if (c === SPACE && firstSpace < 0) firstSpace = i;
    }
    if (firstSpace < 0) return undefined;
    // The string path reads the whole line when it can, else what follows the first `]: ` (a syslog prefix).
    if (bytes[firstSpace + 1] === OPEN_BRACKET && this.clientEnd(bytes, start, firstSpace) > 0) return this.readAt(bytes, start, end);
    for (let i = start; i + 2 < end; i++) {
      if (bytes[i] === CLOSE_BRACKET && bytes[i + 1] === COLON && bytes[i + 2] === SPACE) return this.readAt(bytes, i + 3, end);
    }
    return undefined;
  }

  /** Where `(\S+):(\d+)` before the space at `space` puts its colon, or -1. */
  private clientEnd(bytes: Uint8Array, start: number, space: number): number {
    let colon = space - 1;
    while (colon > start && bytes[colon] !== COLON) colon--;
    return colon > start && digits(bytes, colon + 1, space) ? colon : -1;
  }

  private text(bytes: Uint8Array, start: number, end: number): string {
    return this.texts.text(bytes, start, end);
  }

  /** The fields of a line that starts at `at` with the client's address, or undefined. */
  private readAt(bytes: Uint8Array, at: number, end: number): HaproxyFields | undefined {
    const m: string[] = [""];
    // (\S+):(\d+) "["
    let space = spaceFrom(bytes, at, end);
    const colon = this.clientEnd(bytes, at, space);
    if (colon < 0 || space >= end) return undefined;
    m.push(this.text(bytes, at, colon), this.text(bytes, colon + 1, space));
    // "[" dd "/" Mon "/" yyyy ":" HH ":" MM ":" SS "." mmm "] "
    let i = space + 1;
    if (end - i < 27 || bytes[i] !== OPEN_BRACKET || bytes[i + 25] !== CLOSE_BRACKET || bytes[i + 26] !== SPACE) return undefined;
    const d = i + 1;
    const month = bytes[d + 3]!;
    if (!digits(bytes, d, d + 2) || bytes[d + 2] !== SLASH || month < 65 || month > 90 || bytes[d + 4]! < 97 || bytes[d + 4]! > 122 || bytes[d + 5]! < 97 || bytes[d + 5]! > 122) return undefined;
    if (bytes[d + 6] !== SLASH || !digits(bytes, d + 7, d + 11) || bytes[d + 11] !== COLON || !digits(bytes, d + 12, d + 14) || bytes[d + 14] !== COLON) return undefined;
    if (!digits(bytes, d + 15, d + 17) || bytes[d + 17] !== COLON || !digits(bytes, d + 18, d + 20) || bytes[d + 20] !== DOT || !digits(bytes, d + 21, d + 24)) return undefined;
    for (const [from, to] of [[0, 2], [3, 6], [7, 11], [12, 14], [15, 17], [18, 20], [21, 24]] as const) m.push(this.text(bytes, d + from, d + to));
    i += 27;
    // frontend " " backend "/" server " "
    space = spaceFrom(bytes, i, end);
    if (space === i || space >= end) return undefined;
    m.push(this.text(bytes, i, space));
    i = space + 1;
    space = spaceFrom(bytes, i, end);
    let slash = i;
    while (slash < space && bytes[slash] !== SLASH) slash++;
    if (slash === i || slash + 1 >= space || space >= end) return undefined;
    m.push(this.text(bytes, i, slash), this.text(bytes, slash + 1, space));
    // The timers: five make an HTTP line, three a TCP line.
    i = space + 1;
    space = spaceFrom(bytes, i, end);
    let slashes = 0;
    for (let j = i; j < space; j++) if (bytes[j] === SLASH) slashes++;
    const kind = slashes === 4 ? "http" : slashes === 2 ? "tcp" : undefined;
    if (kind === undefined || space >= end) return undefined;
    for (let t = 0; t <= slashes; t++) {
      const to = signedEnd(bytes, i, t === slashes);
      if (to < 0 || bytes[to] !== (t === slashes ? SPACE : SLASH)) return undefined;
      m.push(this.text(bytes, i, to));
      i = to + 1;
    }
    return kind === "http" ? this.httpRest(bytes, i, end, m) : this.tcpRest(bytes, i, end, m);
  }

  /** `(-?\d+) \+?\d+ \S+ \S+ (\S+) CONNECTIONS { " {" [^}]* "}" } " \"" (.*) "\""` to the line's end. */
  private httpRest(bytes: Uint8Array, at: number, end: number, m: string[]): HaproxyFields | undefined {
    const statusEnd = signedEnd(bytes, at, false);
    if (statusEnd < 0 || bytes[statusEnd] !== SPACE) return undefined;
    m.push(this.text(bytes, at, statusEnd));
    let i = this.bytesEnd(bytes, statusEnd + 1);
    if (i < 0) return undefined;
    // The two cookies, then the termination state.
    for (let k = 0; k < 3; k++) {
      const space = spaceFrom(bytes, i, end);
      if (space === i || space >= end) return undefined;
      if (k === 2) m.push(this.text(bytes, i, space));
      i = space + 1;
    }
    i = this.connectionsEnd(bytes, i);
    if (i < 0) return undefined;
    while (bytes[i] === SPACE && bytes[i + 1] === OPEN_BRACE) {
      let close = i + 2;
      while (close < end && bytes[close] !== CLOSE_BRACE) close++;
      if (close >= end) return undefined;
      i = close + 1;
    }
    if (bytes[i] !== SPACE || bytes[i + 1] !== QUOTE || end - 1 < i + 2 || bytes[end - 1] !== QUOTE) return undefined;
    m.push(this.requests.text(bytes, i + 2, end - 1));
    return { kind: "http", m };
  }

  /** `\+?\d+ (\S+) CONNECTIONS` to the line's end. */
  private tcpRest(bytes: Uint8Array, at: number, end: number, m: string[]): HaproxyFields | undefined {
    const i = this.bytesEnd(bytes, at);
    if (i < 0) return undefined;
    const space = spaceFrom(bytes, i, end);
    if (space === i || space >= end) return undefined;
    m.push(this.text(bytes, i, space));
    return this.connectionsEnd(bytes, space + 1) === end ? { kind: "tcp", m } : undefined;
  }

  /** After `\+?\d+ ` (the bytes count) starting at `at`, or -1. */
  private bytesEnd(bytes: Uint8Array, at: number): number {
    let i = at;
    if (bytes[i] === PLUS) i++;
    const first = i;
    while (isDigit(bytes[i])) i++;
    return i > first && bytes[i] === SPACE ? i + 1 : -1;
  }

  /** After `\d+/\d+/\d+/\d+/\+?\d+ \d+/\d+` starting at `at` (the connection counts and queues), or -1. */
  private connectionsEnd(bytes: Uint8Array, at: number): number {
    let i = at;
    const separators = [SLASH, SLASH, SLASH, SLASH, SPACE, SLASH];
    for (let k = 0; k < 7; k++) {
      if (k === 4 && bytes[i] === PLUS) i++;
      const first = i;
      while (isDigit(bytes[i])) i++;
      if (i === first) return -1;
      if (k < 6) {
        if (bytes[i] !== separators[k]) return -1;
        i++;
      }
    }
    return i;
  }
}
