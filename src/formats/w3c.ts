/**
 * `w3c`: the W3C extended log format (W3C Working Draft WD-logfile-960323), as IIS writes it by default.
 *
 *   log       = { directive | entry | blank }                       (w3c-log.ts reads them)
 *   directive = "#Software: " text | "#Version: 1.0" | "#Date: " date " " time | "#Fields: " name { " " name }
 *   entry     = value { " " value }                                 spaces inside a value written as "+"; "-" = none
 *
 * IIS's default fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
 * cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken (date and time in UTC, at the end
 * of the request). time-taken is in milliseconds for IIS (#Software: Microsoft Internet Information Services);
 * the W3C draft writes seconds: for another #Software a value with a decimal point is read as seconds, else as
 * milliseconds (said on stderr; --unit decides). Any field named in #Fields can be a `--group-by` name
 * (cs-uri-stem, sc-status, s-sitename, cs(User-Agent)…).
 */
import { entryFit, W3cDecoder, type W3cDialect } from "./w3c-log.js";
import type { Format } from "./types.js";

const IIS = /Internet Information Services/i;

const DIALECT: W3cDialect = {
  what: "W3C logs",
  separator: /[ \t]+/,
  hostField: "cs-host",
  unit: (software, first) => {
    if (software !== undefined && IIS.test(software)) return { unit: "ms" };
    return first.includes(".")
      ? { unit: "s", notice: "time-taken has decimals: read as seconds, as the W3C draft writes it (--unit ms if not)" }
      : { unit: "ms", notice: "time-taken read as milliseconds, as IIS writes it (--unit s if your server writes seconds)" };
  },
};

export const w3cFormat: Format = {
  name: "w3c",
  description: "W3C extended log (IIS): #Fields names the columns; latency time-taken (IIS: ms); start date + time − time-taken; sc-status; --group-by any #Fields name",
  example: "2026-11-02 09:00:00 10.0.0.5 GET /api/users - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15",
  sniff: (lines) => {
    const { fields, entries, fit } = entryFit(lines, (l) => l.trim().split(/[ \t]+/).length);
    if (fields === undefined || !fields.includes("time-taken")) return { score: 0, why: "no #Fields directive with time-taken" };
    if (fields.includes("x-edge-location")) return { score: 0.5, why: "#Fields of a CloudFront log" };
    const iis = lines.some((l) => /^#Software:.*Internet Information Services/i.test(l));
    if (entries > 0 && fit / entries < 0.8) return { score: 0, why: `${fit} of ${entries} entries have the fields their #Fields names` };
    return { score: iis ? 1 : 0.95, why: `#Fields with time-taken${iis ? ", #Software IIS" : ""}; ${fit} of ${entries} entries fit` };
  },
  createDecoder: (options) => new W3cDecoder(DIALECT, options),
};
