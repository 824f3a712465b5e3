/**
 * Wall-clock times as the formats write them, turned into epoch nanoseconds (a double: exact to about 0.25 µs
 * for current dates, which is plenty for start times).
 *
 *   iso     = date ("T" | " ") hh ":" mm [":" ss ["." fraction]] [zone]     zone = "Z" | ("+"|"-") hh [":"] mm
 *   date    = yyyy "-" mm "-" dd
 *   clf     = dd "/" Mon "/" yyyy ":" hh ":" mm ":" ss " " ("+"|"-") hhmm    (Common Log Format, e.g. nginx $time_local)
 *   epoch   = digits ["." digits]                                             in a unit the format names
 *
 * core/timestamps.ts reads the start-time columns of the generic formats; this file adds what the tool formats
 * need besides: strict ISO-8601 (dates alone, no 30 February), the Common Log Format and fixed-unit epochs.
 */
import { epochNumberToNs } from "../base/timestamps.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s+([+-]\d{4}))?$/;
const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

function utcNs(year: number, month: number, day: number, h: number, m: number, s: number, fractionNs: number, offsetMinutes: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || h > 23 || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, month, day, h, m, s);
  if (new Date(ms).getUTCDate() !== day && s !== 60) return undefined;
  return (ms - offsetMinutes * 60_000) * 1e6 + fractionNs;
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** ISO-8601 date or date-time to epoch ns; a time without a zone is taken as UTC. */
export function parseIsoNs(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = m;
  return utcNs(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.padEnd(9, "0")), zoneMinutes(zone));
}

/** Common Log Format time (`10/Oct/2000:13:55:36 -0700`, brackets removed) to epoch ns. */
export function parseClfNs(text: string): number | undefined {
  const m = CLF.exec(text.trim());
  if (m === null) return undefined;
  const [, d, mon, y, h, mi, s, zone] = m;
  const month = MONTHS[mon!.toLowerCase()];
  if (month === undefined) return undefined;
  return utcNs(Number(y), month, Number(d), Number(h), Number(mi), Number(s), 0, zoneMinutes(zone));
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
 * (10 digits), milliseconds (13), microseconds (16), nanoseconds (19) — core/timestamps.ts's magnitudes.
 */
export function parseEpochBySizeNs(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,20}$/.test(t) ? epochNumberToNs(Number(t)) : undefined;
}
