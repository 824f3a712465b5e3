/**
 * Byte-level readers for the decoders' fast paths (`decodeBlock`). Each reads only the common, simple shape of
 * its value and gives exactly what its string counterpart gives for it; for anything else it gives NaN, and the
 * decoder hands the line to its string path, which decides.
 */
import { NS_PER_UNIT, type TimeUnit } from "../base/units.js";
import { epochUnitByMagnitude } from "../base/timestamps.js";

export const LF = 10;
export const CR = 13;
export const QUOTE = 34;
export const HASH = 35;
const CHAR_0 = 48;
const CHAR_9 = 57;
const DOT = 46;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const COMMA = 44;
const SPACE = 32;
const SLASH = 47;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_Z = 122;

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

/**
 * The number written `digits ["." digits]` or `"." digits` (at most 15 digits in all) that fills
 * `bytes[start, end)` exactly, equal to `Number(text)`; NaN for anything else (signs, exponents, spaces, units).
 */
export function decimalAt(bytes: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= CHAR_0 && c <= CHAR_9) {
      mantissa = mantissa * 10 + (c - CHAR_0);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === DOT && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return NaN;
  // Dividing two exactly held integers rounds correctly, so this equals Number(text) bit for bit.
  return fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits]! : mantissa;
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

/** Value of the `count` decimal digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = bytes[i]! - CHAR_0;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date; days past the month's end roll over as in `Date.UTC`. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * `yyyy-mm-dd(T| )hh:mm[:ss[.f{1,9}]][Z|±hh[:]mm]` filling `bytes[start, end)` as epoch nanoseconds, equal to
 * core/timestamps.ts `parseTimestamp`; NaN for other shapes and for fields out of the usual ranges.
 */
function isoNsAt(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 16 || bytes[start + 4] !== DASH || bytes[start + 7] !== DASH || bytes[start + 13] !== COLON) return NaN;
  const separator = bytes[start + 10];
  if (separator !== UPPER_T && separator !== SPACE) return NaN;
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  const hour = digitsAt(bytes, start + 11, 2);
  const minute = digitsAt(bytes, start + 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let i = start + 16;
  let second = 0;
  let fractionNs = 0;
  if (i < end && bytes[i] === COLON) {
    if (i + 3 > end) return NaN;
    second = digitsAt(bytes, i + 1, 2);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (i < end && (bytes[i] === DOT || bytes[i] === COMMA)) {
      let digits = 0;
      for (i++; i < end && digits <= 9; i++, digits++) {
        const c = bytes[i]! - CHAR_0;
        if (c < 0 || c > 9) break;
        fractionNs = fractionNs * 10 + c;
      }
      if (digits === 0 || digits > 9) return NaN;
      fractionNs *= POWERS_OF_TEN[9 - digits]!;
    }
  }
  let offsetMinutes = 0;
  if (i < end) {
    const zone = bytes[i];
    if (zone === UPPER_Z || zone === LOWER_Z) {
      i++;
    } else if (zone === PLUS || zone === DASH) {
      const colon = bytes[i + 3] === COLON ? 1 : 0;
      if (i + 5 + colon > end) return NaN;
      const hours = digitsAt(bytes, i + 1, 2);
      const minutes = digitsAt(bytes, i + 3 + colon, 2);
      if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
      offsetMinutes = (zone === PLUS ? 1 : -1) * (hours * 60 + minutes);
      i += 5 + colon;
    }
  }
  if (i !== end) return NaN;
  const wholeSecondsMs = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 - offsetMinutes * 60_000;
  return wholeSecondsMs * 1e6 + fractionNs;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The shapes `isoNsAt` reads, for formats/timestamps.ts `parseIsoNs`, which refuses a day past the month's end
 * and reads years before 100 as 19xx (`Date.UTC`): NaN for those, so the string path decides.
 */
export function strictIsoNsAt(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 16) return NaN;
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  if (year < 100 || month < 1 || month > 12 || day > daysInMonth(year, month)) return NaN;
  return isoNsAt(bytes, start, end);
}

/**
 * A start time filling `bytes[start, end)` — an epoch number (in `unit`, else by magnitude) or ISO-8601 — as
 * epoch nanoseconds, equal to core/timestamps.ts `parseTimestamp`; NaN when the string path must decide.
 */
export function timestampNsAt(bytes: Uint8Array, start: number, end: number, unit: TimeUnit | undefined): number {
  const first = bytes[start]!;
  if (end - start >= 16 && bytes[start + 4] === DASH) return isoNsAt(bytes, start, end);
  if ((first < CHAR_0 || first > CHAR_9) && first !== DOT) return NaN;
  const value = decimalAt(bytes, start, end);
  return value * NS_PER_UNIT[unit ?? epochUnitByMagnitude(value)];
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

/** A non-negative decimal number of `nsPerUnit` since the epoch, as formats/timestamps.ts `parseEpochNs`; else NaN. */
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
 * equal to formats/timestamps.ts `parseClfNs`; NaN for other shapes (other spacing, a leap second, a day past
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
