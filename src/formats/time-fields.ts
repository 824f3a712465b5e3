/**
 * Wall-clock times as the formats write them, turned into epoch nanoseconds. ISO-8601 is read by
 * base/iso-time.ts; this file adds what the formats need besides:
 *
 *   start   = epoch | iso with a time of day        a start-time column or field of the generic formats (csv, jsonl)
 *   epoch   = [sign] number                         s, ms, µs or ns by magnitude (base/epoch.ts) unless the unit is given
 *   clf     = dd "/" Mon "/" yyyy ":" hh ":" mm ":" ss " " ("+"|"-") hhmm    (Common Log Format, e.g. nginx $time_local)
 *   fixed   = digits ["." digits]                   an epoch in a unit the format names
 */
import { epochNumberToNs } from "../base/epoch.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { TimeUnit } from "../base/units.js";

// Written so that no digit run can be split two ways (see NUMBER_WITH_UNIT in base/units.ts): linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A start time of a generic format's column or field: an epoch number (in `unit`, else by magnitude) or an
 * ISO-8601 date-time (a bare date is no moment); undefined when the text is neither.
 */
export function parseStartTime(text: string, unit?: TimeUnit): number | undefined {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return epochNumberToNs(Number(trimmed), unit);
  return parseIsoNs(trimmed, "date-time");
}

const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s+([+-]\d{4}))?$/;
const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Common Log Format time (`10/Oct/2000:13:55:36 -0700`, brackets removed) to epoch ns. */
export function parseClfNs(text: string): number | undefined {
  const m = CLF.exec(text.trim());
  if (m === null) return undefined;
  const [, d, mon, y, h, mi, s, zone] = m;
  const month = MONTHS[mon!.toLowerCase()];
  const day = Number(d);
  const second = Number(s);
  if (month === undefined || day < 1 || Number(h) > 23 || Number(mi) > 59 || second > 60) return undefined;
  const ms = Date.UTC(Number(y), month, day, Number(h), Number(mi), second);
  if (new Date(ms).getUTCDate() !== day && second !== 60) return undefined;
  const offsetMinutes = zone === undefined ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)));
  return (ms - offsetMinutes * 60_000) * 1e6;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** A non-negative decimal number of `nsPerUnit` since the epoch (or since a run's start) to ns. */
export function parseEpochNs(text: string, nsPerUnit: number): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  return Math.round(Number(t) * nsPerUnit);
}

/**
 * An integer epoch time whose unit is told by its size, as k6 CSV writes it under its time formats: seconds
 * (10 digits), milliseconds (13), microseconds (16), nanoseconds (19) — base/epoch.ts's magnitudes.
 */
export function parseEpochBySizeNs(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,20}$/.test(t) ? epochNumberToNs(Number(t)) : undefined;
}
