/**
 * Byte-level readers for the decoders' fast paths (`decodeBlock`). Each reads only the common, simple shape of
 * its value and gives exactly what its string counterpart gives for it; for anything else it gives NaN, and the
 * decoder hands the line to its string path, which decides.
 */
import { NS_PER_UNIT, type TimeUnit } from "../base/units.js";
import { epochUnitByMagnitude, isEpochNs } from "../base/epoch.js";
import { daysFromCivil, daysInMonth, digitsAt, isoNsAt } from "../base/iso-time.js";
import type { BlockSink } from "./types.js";
import type { ByteSpan } from "../core/sample.js";

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const HASH = 35;
const CHAR_0 = 48;
const CHAR_9 = 57;
const DOT = 46;
const COMMA = 44;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const SPACE = 32;
const SLASH = 47;
const TILDE = 126;

/** Digits a double holds exactly; longer numbers go through the string path. */
export const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** End of the line that starts at `from` (the position of its `\n`, or `end` when there is none before it). */
export function lineEndOf(bytes: Uint8Array, from: number, end: number): number {
  const found = bytes.indexOf(LF, from);
  return found < 0 || found > end ? end : found;
}

/** The line's content end: `newline`, or one before it when the line ends in `\r\n`. */
export function contentEndOf(bytes: Uint8Array, lineStart: number, newline: number): number {
  return newline > lineStart && bytes[newline - 1] === CR ? newline - 1 : newline;
}

/** Whether `bytes[start, end)` are the bytes of `expected`. */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

/** Longest span `utf8At` builds character by character; past it a Buffer's decoder is the cheaper. */
const MAX_CHARS_BY_HAND = 32;

/**
 * `bytes[start, end)` decoded as UTF-8, as Buffer's `toString` decodes it. A short span of printable ASCII (ids,
 * user names: a `--session` column's value on every row) is built without the Buffer view, whose making costs
 * more than the decoding.
 */
export function utf8At(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= MAX_CHARS_BY_HAND) {
    let text = "";
    for (let i = start; i < end; i++) {
      const code = bytes[i]!;
      if (code < 0x20 || code > 0x7e) return utf8Decoded(bytes, start, end);
      text += String.fromCharCode(code);
    }
    return text;
  }
  return utf8Decoded(bytes, start, end);
}

/**
 * `bytes[start, end)` without the spaces at either end, when every byte is printable ASCII: its bytes, a character
 * each, are then the text `utf8At(bytes, start, end).trim()` gives, with no string made. Undefined for anything
 * else (tabs, control characters, UTF-8), where that text decides.
 */
export function printableSpan(bytes: Uint8Array, start: number, end: number): ByteSpan | undefined {
  for (let i = start; i < end; i++) {
    const code = bytes[i]!;
    if (code < SPACE || code > TILDE) return undefined;
  }
  while (start < end && bytes[start] === SPACE) start++;
  while (end > start && bytes[end - 1] === SPACE) end--;
  return { bytes, start, end };
}

function utf8Decoded(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
}

/**
 * The number written `digits ["." digits]` or `"." digits` (at most 15 digits in all) that fills
 * `bytes[start, end)` exactly, equal to `Number(text)`; NaN for anything else (signs, exponents, spaces, units).
 * `point` is the decimal mark (a comma in some CSVs: see `decimalCommaAt`).
 */
export function decimalAt(bytes: Uint8Array, start: number, end: number, point = DOT): number {
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= CHAR_0 && c <= CHAR_9) {
      mantissa = mantissa * 10 + (c - CHAR_0);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === point && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return NaN;
  // Dividing two exactly held integers rounds correctly, so this equals Number(text) bit for bit.
  return fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
}

/** The number written `digits ["," digits]` that fills `bytes[start, end)`, as `decimalAt` reads `digits ["." digits]`. */
export function decimalCommaAt(bytes: Uint8Array, start: number, end: number): number {
  if (bytes[start] === COMMA || bytes[end - 1] === COMMA) return NaN;
  return decimalAt(bytes, start, end, COMMA);
}

/** The integer written as 1 to 15 digits that fill `bytes[start, end)` exactly, equal to `Number(text)`; else NaN. */
export function integerAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > MAX_FAST_DIGITS) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]! - CHAR_0;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

/**
 * A start time filling `bytes[start, end)` — an epoch number (in `unit`, else by magnitude) or an ISO-8601
 * date-time — as epoch nanoseconds, equal to formats/time-fields.ts `parseStartTime`; NaN when the string path
 * must decide.
 */
export function timestampNsAt(bytes: Uint8Array, start: number, end: number, unit: TimeUnit | undefined, decimalComma = false): number {
  const first = bytes[start]!;
  if (end - start >= 10 && bytes[start + 4] === DASH) return epochOrNaN(isoNsAt(bytes, start, end, "date-time"));
  if ((first < CHAR_0 || first > CHAR_9) && (first !== DOT || decimalComma)) return NaN;
  const value = decimalComma ? decimalCommaAt(bytes, start, end) : decimalAt(bytes, start, end);
  return epochOrNaN(value * NS_PER_UNIT[unit ?? epochUnitByMagnitude(value)]);
}

/**
 * `ns` when it can be a start time, else NaN: the string path then takes the line, and rejects it with its number
 * (a fast path books samples without telling the booker their lines).
 */
export function epochOrNaN(ns: number): number {
  return isEpochNs(ns) ? ns : NaN;
}

/**
 * The number written `digits ["." digits]` (at most 15 digits) that fills `bytes[start, end)` exactly, equal to
 * `Number(text)` where the access-log readers' `/^\d+(?:\.\d+)?$/` accepts `text`; NaN for anything else
 * (`.5` and `5.` included, which that pattern refuses).
 */
export function plainDecimalAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start) return NaN;
  const first = bytes[start]! - CHAR_0;
  const last = bytes[end - 1]! - CHAR_0;
  if (first < 0 || first > 9 || last < 0 || last > 9) return NaN;
  return decimalAt(bytes, start, end);
}

/** A non-negative decimal number of `nsPerUnit` since the epoch, as formats/time-fields.ts `parseEpochNs`; else NaN. */
export function epochNsAt(bytes: Uint8Array, start: number, end: number, nsPerUnit: number): number {
  return Math.round(plainDecimalAt(bytes, start, end) * nsPerUnit);
}

/** `jan` … `dec` as three lower-case letters packed in an integer, to the month's index (0 … 11). */
const MONTH_CODES: ReadonlyMap<number, number> = new Map(
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map((m, i) => [(m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i]),
);
const LOWER = 0x20;

/**
 * Common Log Format time `d[d]/Mon/yyyy:hh:mm:ss[ ±hhmm]` filling `bytes[start, end)` as epoch nanoseconds,
 * equal to formats/time-fields.ts `parseClfNs`; NaN for other shapes (other spacing, a leap second, a day past
 * the month's end, years before 100), which the string path decides.
 */
export function clfNsAt(bytes: Uint8Array, start: number, end: number): number {
  const dayDigits = bytes[start + 1] === SLASH ? 1 : 2;
  let i = start + dayDigits;
  if (end - i !== 18 && end - i !== 24) return NaN;
  if (bytes[i] !== SLASH || bytes[i + 4] !== SLASH || bytes[i + 9] !== COLON || bytes[i + 12] !== COLON || bytes[i + 15] !== COLON) return NaN;
  // `| LOWER` turns A-Z into a-z and nothing else into a-z, so only the month's letters in either case match.
  const code = ((bytes[i + 1]! | LOWER) << 16) | ((bytes[i + 2]! | LOWER) << 8) | (bytes[i + 3]! | LOWER);
  const month = MONTH_CODES.get(code);
  const day = digitsAt(bytes, start, dayDigits);
  const year = digitsAt(bytes, i + 5, 4);
  const hour = digitsAt(bytes, i + 10, 2);
  const minute = digitsAt(bytes, i + 13, 2);
  const second = digitsAt(bytes, i + 16, 2);
  if (month === undefined || year < 100 || day < 1 || day > daysInMonth(year, month + 1)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  i += 18;
  let offsetMinutes = 0;
  if (i < end) {
    const sign = bytes[i + 1];
    if (bytes[i] !== SPACE || (sign !== PLUS && sign !== DASH)) return NaN;
    const hours = digitsAt(bytes, i + 2, 2);
    const minutes = digitsAt(bytes, i + 4, 2);
    if (hours < 0 || minutes < 0) return NaN;
    // As parseClfNs: the zone's digits are taken as they are, without a range check.
    offsetMinutes = (sign === DASH ? -1 : 1) * (hours * 60 + minutes);
  }
  const ms = daysFromCivil(year, month + 1, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
  return (ms - offsetMinutes * 60_000) * 1e6 + 0;
}

/**
 * The block loop of a format whose byte reader finds a line's fields (alb-bytes.ts, haproxy-bytes.ts): a line whose
 * first byte is printable ASCII but `#` (neither blank, which trims, nor a comment) goes to `read`; a line it does not
 * read — and every other line — goes to the string path (`sink.slowLine`). `book` takes what `read` found. Returns
 * the lines decoded.
 */
export function decodeFieldLines<T>(
  bytes: Uint8Array,
  start: number,
  end: number,
  firstLineNo: number,
  sink: BlockSink,
  read: (bytes: Uint8Array, lineStart: number, contentEnd: number) => T | undefined,
  book: (fields: T, sink: BlockSink) => void,
): number {
  let lineNo = firstLineNo;
  for (let lineStart = start; lineStart < end; lineNo++) {
    const newline = lineEndOf(bytes, lineStart, end);
    const contentEnd = contentEndOf(bytes, lineStart, newline);
    const first = bytes[lineStart]!;
    const fields = contentEnd > lineStart && first > 0x20 && first < 0x7f && first !== HASH ? read(bytes, lineStart, contentEnd) : undefined;
    if (fields === undefined) sink.slowLine(bytes, lineStart, contentEnd, lineNo);
    else {
      // A rejection names this line.
      sink.at?.(lineNo);
      book(fields, sink);
    }
    lineStart = newline + 1;
  }
  return lineNo - firstLineNo;
}
