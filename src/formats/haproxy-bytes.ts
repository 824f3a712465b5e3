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
 *     followed by `[`): the string path tries the whole line first, and the scan does the same; RFC 5424's header
 *     only with HAProxy's `-` for structured data.
 *
 * Blank lines and comments never reach it (their first byte is a space or `#`).
 */
import { TextCache } from "./text-cache.js";
import { digitsAt } from "../base/iso-time.js";

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
const LESS_THAN = 60;
const GREATER_THAN = 62;
const ONE = 49;

export const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** The date in epoch ms (read as UTC); undefined when it is not a date. The string path's too (haproxy.ts). */
export function haproxyDateMs(day: number, month: number | undefined, year: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (month === undefined || day < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  const epochMs = Date.UTC(year, month, day, h, mi, s, ms);
  if (new Date(epochMs).getUTCDate() !== day && s !== 60) return undefined;
  return epochMs;
}

/**
 * A line's fields: which regex of haproxy.ts would have matched, the strings it captures from the frontend on (`m`,
 * at the regex's indexes: the fast path leaves the client's and the date's empty), the date in epoch ns (undefined
 * when it is no date) and the client's `ip:port` (empty when not asked for).
 */
export interface HaproxyFields {
  kind: "http" | "tcp";
  m: readonly string[];
  startNs: number | undefined;
  client: string;
}

/** Month names in their exact case, packed as three bytes, to the month's index. */
const MONTH_CODES: ReadonlyMap<number, number> = new Map(Object.entries(MONTHS).map(([name, i]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), i]));
/** Bytes of `dd/Mon/yyyy:HH:MM:SS`, the part of the date that lines of the same second share. */
const SECOND_BYTES = 20;

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

/** `bytes[start, end)` as text, byte for character (for printable ASCII, what UTF-8 decoding gives). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
}

/**
 * Where the request line's closing quote is when `option httpslog`'s TLS fields end the line (haproxy.ts): two
 * words without spaces, of 4 and 2 slashes, after the quote. -1 when they do not.
 */
function quoteBeforeTlsFields(bytes: Uint8Array, from: number, end: number): number {
  let slashes = 0;
  let spaces = 0;
  for (let i = end - 1; i > from; i--) {
    if (bytes[i] === SLASH) slashes++;
    if (bytes[i] !== SPACE) continue;
    spaces++;
    if (spaces === 1 && slashes !== 2) return -1;
    if (spaces === 2) return slashes === 6 && bytes[i - 1] === QUOTE ? i - 1 : -1;
  }
  return -1;
}

/**
 * Where the message starts after RFC 5424's header `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - ` (the
 * structured data as HAProxy writes it by default; `[…]` elements are left to the string path), or -1.
 */
function rfc5424MessageStart(bytes: Uint8Array, start: number, end: number): number {
  let i = start + 1;
  while (isDigit(bytes[i]) && i - start <= 3) i++;
  if (i === start + 1 || bytes[i] !== GREATER_THAN || bytes[i + 1] !== ONE || bytes[i + 2] !== SPACE) return -1;
  i += 3;
  // TIMESTAMP, HOSTNAME, APP-NAME, PROCID and MSGID, each a word and a space.
  for (let word = 0; word < 5; word++) {
    const space = spaceFrom(bytes, i, end);
    if (space === i || space >= end) return -1;
    i = space + 1;
  }
  return bytes[i] === DASH && bytes[i + 1] === SPACE ? i + 2 : -1;
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
  /** Frontends, backends, servers, termination states. */
  private readonly names = new TextCache(256);
  /** Timers and statuses. */
  private readonly numbers = new TextCache(1024);
  /** The last date's second (its bytes) and its epoch ms (NaN: no date). */
  private readonly lastSecond = new Uint8Array(SECOND_BYTES);
  private lastSecondMs: number | undefined = NaN;
  private wantClient = false;

  /**
   * The fields of the line `bytes[start, end)` (no line terminator), or undefined when unsure; `client`: the
   * client's address is wanted.
   */
  read(bytes: Uint8Array, start: number, end: number, client: boolean): HaproxyFields | undefined {
    this.wantClient = client;
    let firstSpace = -1;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c < 0x20 || c > 0x7e) return undefined;
      if (c === SPACE && firstSpace < 0) firstSpace = i;
    }
    if (firstSpace < 0) return undefined;
    // The string path reads the whole line when it can, else what follows a syslog prefix: RFC 5424's header, or
    // up to the first `]: `.
    if (bytes[firstSpace + 1] === OPEN_BRACKET && this.clientEnd(bytes, start, firstSpace) > 0) return this.readAt(bytes, start, end);
    if (bytes[start] === LESS_THAN) {
      const message = rfc5424MessageStart(bytes, start, end);
      return message < 0 ? undefined : this.readAt(bytes, message, end);
    }
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

  /** The epoch ms of the date whose second starts at `d`, plus `ms`; undefined when it is no date. */
  private dateMs(bytes: Uint8Array, d: number, ms: number): number | undefined {
    let same = !Number.isNaN(this.lastSecondMs);
    for (let i = 0; same && i < SECOND_BYTES; i++) same = this.lastSecond[i] === bytes[d + i];
    if (!same) {
      const month = MONTH_CODES.get((bytes[d + 3]! << 16) | (bytes[d + 4]! << 8) | bytes[d + 5]!);
      // Date.UTC(…, ms) is Date.UTC(…, 0) + ms for ms below 1000, and the date's validity does not depend on it.
      this.lastSecondMs = haproxyDateMs(digitsAt(bytes, d, 2), month, digitsAt(bytes, d + 7, 4), digitsAt(bytes, d + 12, 2), digitsAt(bytes, d + 15, 2), digitsAt(bytes, d + 18, 2), 0);
      this.lastSecond.set(bytes.subarray(d, d + SECOND_BYTES));
    }
    return this.lastSecondMs === undefined ? undefined : this.lastSecondMs + ms;
  }

  /** The fields of a line that starts at `at` with the client's address, or undefined. */
  private readAt(bytes: Uint8Array, at: number, end: number): HaproxyFields | undefined {
    // The client's and the date's strings are not read: `client` and `startNs` hold what they say.
    const m: string[] = ["", "", "", "", "", "", "", "", "", ""];
    // (\S+):(\d+) "["
    let space = spaceFrom(bytes, at, end);
    const colon = this.clientEnd(bytes, at, space);
    if (colon < 0 || space >= end) return undefined;
    const client = this.wantClient ? latin1(bytes, at, space) : "";
    // "[" dd "/" Mon "/" yyyy ":" HH ":" MM ":" SS "." mmm "] "
    let i = space + 1;
    if (end - i < 27 || bytes[i] !== OPEN_BRACKET || bytes[i + 25] !== CLOSE_BRACKET || bytes[i + 26] !== SPACE) return undefined;
    const d = i + 1;
    const month = bytes[d + 3]!;
    if (!digits(bytes, d, d + 2) || bytes[d + 2] !== SLASH || month < 65 || month > 90 || bytes[d + 4]! < 97 || bytes[d + 4]! > 122 || bytes[d + 5]! < 97 || bytes[d + 5]! > 122) return undefined;
    if (bytes[d + 6] !== SLASH || !digits(bytes, d + 7, d + 11) || bytes[d + 11] !== COLON || !digits(bytes, d + 12, d + 14) || bytes[d + 14] !== COLON) return undefined;
    if (!digits(bytes, d + 15, d + 17) || bytes[d + 17] !== COLON || !digits(bytes, d + 18, d + 20) || bytes[d + 20] !== DOT || !digits(bytes, d + 21, d + 24)) return undefined;
    const epochMs = this.dateMs(bytes, d, digitsAt(bytes, d + 21, 3));
    const startNs = epochMs === undefined ? undefined : epochMs * 1e6;
    i += 27;
    // frontend " " backend "/" server " "
    space = spaceFrom(bytes, i, end);
    if (space === i || space >= end) return undefined;
    m.push(this.names.text(bytes, i, space));
    i = space + 1;
    space = spaceFrom(bytes, i, end);
    let slash = i;
    while (slash < space && bytes[slash] !== SLASH) slash++;
    if (slash === i || slash + 1 >= space || space >= end) return undefined;
    m.push(this.names.text(bytes, i, slash), this.names.text(bytes, slash + 1, space));
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
      m.push(this.numbers.text(bytes, i, to));
      i = to + 1;
    }
    const found = kind === "http" ? this.httpRest(bytes, i, end, m) : this.tcpRest(bytes, i, end, m);
    return found ? { kind, m, startNs, client } : undefined;
  }

  /** `(-?\d+) \+?\d+ \S+ \S+ (\S+) CONNECTIONS { " {" [^}]* "}" } " \"" (.*) "\""` to the line's end. */
  private httpRest(bytes: Uint8Array, at: number, end: number, m: string[]): boolean {
    const statusEnd = signedEnd(bytes, at, false);
    if (statusEnd < 0 || bytes[statusEnd] !== SPACE) return false;
    m.push(this.numbers.text(bytes, at, statusEnd));
    let i = this.bytesEnd(bytes, statusEnd + 1);
    if (i < 0) return false;
    // The two cookies, then the termination state.
    for (let k = 0; k < 3; k++) {
      const space = spaceFrom(bytes, i, end);
      if (space === i || space >= end) return false;
      if (k === 2) m.push(this.names.text(bytes, i, space));
      i = space + 1;
    }
    i = this.connectionsEnd(bytes, i);
    if (i < 0) return false;
    while (bytes[i] === SPACE && bytes[i + 1] === OPEN_BRACE) {
      let close = i + 2;
      while (close < end && bytes[close] !== CLOSE_BRACE) close++;
      if (close >= end) return false;
      i = close + 1;
    }
    const closingQuote = bytes[end - 1] === QUOTE ? end - 1 : quoteBeforeTlsFields(bytes, i, end);
    if (bytes[i] !== SPACE || bytes[i + 1] !== QUOTE || closingQuote < i + 2) return false;
    // Request lines repeat less (paths with ids): decoded as they are, printable ASCII.
    m.push(latin1(bytes, i + 2, closingQuote));
    return true;
  }

  /** `\+?\d+ (\S+) CONNECTIONS` to the line's end. */
  private tcpRest(bytes: Uint8Array, at: number, end: number, m: string[]): boolean {
    const i = this.bytesEnd(bytes, at);
    if (i < 0) return false;
    const space = spaceFrom(bytes, i, end);
    if (space === i || space >= end) return false;
    m.push(this.names.text(bytes, i, space));
    return this.connectionsEnd(bytes, space + 1) === end;
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
