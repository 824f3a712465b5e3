/**
 * The one ISO-8601 reader: every start time, log time and `--since`/`--until` bound written as a date goes
 * through it, from text or from the bytes of a line, to epoch nanoseconds (a double: exact to about 0.25 µs for
 * current dates, plenty for start times).
 *
 *   iso     = date [ ("T" | "t" | " ") hh ":" mm [ ":" ss [ ("." | ",") 1*digit ] ] ] *ws [ zone ]
 *   date    = yyyy "-" mm "-" dd                  a real day of the proleptic Gregorian calendar (no 30 February)
 *   zone    = "Z" | "z" | ("+" | "-") hh [":"] mm  none: UTC
 *
 * hh 00–23, mm 00–59, ss 00–60 (a leap second counts as the next minute's first); fraction digits past the ninth
 * (nanoseconds) are dropped.
 */

const CHAR_0 = 48;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;
const UPPER_T = 84;
const LOWER_T = 116;
const UPPER_Z = 90;
const LOWER_Z = 122;

const POWERS_OF_TEN = Array.from({ length: 10 }, (_, i) => 10 ** i);

/** Value of the `count` decimal digits at `at` (all before `end`), or -1 when one of them is not a digit. */
export function digitsAt(bytes: Uint8Array, at: number, count: number, end = bytes.length): number {
  if (at + count > end) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = bytes[i]! - CHAR_0;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (month 1–12); any year, 0050 included. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether a time of day must follow the date: a start time is a moment, a `--since` bound may be a whole day. */
export type IsoForm = "date-or-date-time" | "date-time";

/**
 * Start times in a log share their date, hour and minute with the line before most of the time: the last such
 * prefix read (`yyyy-mm-ddThh:mm`, 16 bytes) is kept with its epoch ms, so that a time starting with the same
 * bytes is read from its seconds on. Only a prefix read whole and valid is kept, so its bytes alone give its value.
 */
const PREFIX_BYTES = 16;
const lastPrefix = new Uint8Array(PREFIX_BYTES);
/** Epoch ms of `lastPrefix`; NaN while none is kept. */
let lastPrefixMs = NaN;

/**
 * The ISO-8601 time filling `bytes[start, end)` exactly (see the file comment), as epoch nanoseconds; NaN when it
 * is not one — another shape, a field out of range, a day the month does not have, or a bare date for "date-time".
 */
export function isoNsAt(bytes: Uint8Array, start: number, end: number, form: IsoForm = "date-or-date-time"): number {
  if (end - start < 10 || bytes[start + 4] !== DASH || bytes[start + 7] !== DASH) return NaN;
  let i = start + 10;
  // Epoch ms at the start of the time's day, hour and minute.
  let minuteMs: number;
  if (end - start >= PREFIX_BYTES && isLastPrefix(bytes, start)) {
    minuteMs = lastPrefixMs;
    i += 6;
  } else {
    const year = digitsAt(bytes, start, 4, end);
    const month = digitsAt(bytes, start + 5, 2, end);
    const day = digitsAt(bytes, start + 8, 2, end);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
    minuteMs = daysFromCivil(year, month, day) * 86_400_000;
    const separator = bytes[i];
    if (i + 6 <= end && (separator === UPPER_T || separator === LOWER_T || separator === SPACE) && bytes[i + 3] === COLON) {
      const hour = digitsAt(bytes, i + 1, 2, end);
      const minute = digitsAt(bytes, i + 4, 2, end);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
      minuteMs += hour * 3_600_000 + minute * 60_000;
      i += 6;
      for (let k = 0; k < PREFIX_BYTES; k++) lastPrefix[k] = bytes[start + k]!;
      lastPrefixMs = minuteMs;
    } else if (form === "date-time") {
      return NaN;
    }
  }
  return secondsOnNs(bytes, i, end, minuteMs);
}

/** Whether the 16 bytes at `start` are the prefix kept in `lastPrefix`. */
function isLastPrefix(bytes: Uint8Array, start: number): boolean {
  if (Number.isNaN(lastPrefixMs)) return false;
  for (let k = 0; k < PREFIX_BYTES; k++) if (bytes[start + k] !== lastPrefix[k]) return false;
  return true;
}

/**
 * The rest of an ISO time from `i` to `end` — `[":" ss [fraction]]`, white space, a zone — added to `minuteMs`,
 * the epoch ms of the day, hour and minute before it, as epoch nanoseconds; NaN when it is not one.
 */
function secondsOnNs(bytes: Uint8Array, i: number, end: number, minuteMs: number): number {
  let second = 0;
  let fractionNs = 0;
  if (i < end && bytes[i] === COLON) {
    second = digitsAt(bytes, i + 1, 2, end);
    if (second < 0 || second > 60) return NaN;
    i += 3;
    if (i < end && (bytes[i] === DOT || bytes[i] === COMMA)) {
      let digits = 0;
      for (i++; i < end; i++, digits++) {
        const c = bytes[i]! - CHAR_0;
        if (c < 0 || c > 9) break;
        if (digits < 9) fractionNs = fractionNs * 10 + c;
      }
      if (digits === 0) return NaN;
      fractionNs *= POWERS_OF_TEN[9 - Math.min(digits, 9)]!;
    }
  }
  while (i < end && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
  let offsetMinutes = 0;
  if (i < end) {
    const zone = bytes[i];
    if (zone === UPPER_Z || zone === LOWER_Z) {
      i++;
    } else if (zone === PLUS || zone === DASH) {
      const colon = bytes[i + 3] === COLON ? 1 : 0;
      const hours = digitsAt(bytes, i + 1, 2, end);
      const minutes = digitsAt(bytes, i + 3 + colon, 2, end);
      if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
      offsetMinutes = (zone === PLUS ? 1 : -1) * (hours * 60 + minutes);
      i += 5 + colon;
    }
  }
  if (i !== end) return NaN;
  // Whole ms below 2^53 add exactly in any order.
  return (minuteMs + second * 1000 - offsetMinutes * 60_000) * 1e6 + fractionNs;
}

const encoder = new TextEncoder();
/** Room for any ISO time with a nanosecond fraction and a zone; longer text is encoded on its own. */
const scratch = new Uint8Array(64);

/** `isoNsAt` on text (surrounding white space ignored); undefined when it is not an ISO-8601 time. */
export function parseIsoNs(text: string, form: IsoForm = "date-or-date-time"): number | undefined {
  const trimmed = text.trim();
  let bytes = scratch;
  const { read, written } = encoder.encodeInto(trimmed, scratch);
  let length = written;
  if (read !== trimmed.length) {
    bytes = encoder.encode(trimmed);
    length = bytes.length;
  }
  const ns = isoNsAt(bytes, 0, length, form);
  return Number.isNaN(ns) ? undefined : ns;
}
