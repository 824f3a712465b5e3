/**
 * `apache`: an Apache httpd access log (mod_log_config) with the time taken to serve each request.
 *
 *   line       = fields laid out by the LogFormat (access-log.ts builds the reader) | blank | "#" comment
 *   format     = { text | "%%" | directive }
 *   directive  = "%" ["<" | ">"] ["!"] [codes] ["{" argument "}"] letter            codes = digits and commas
 *
 * Without --log-format the lines are matched against "combined", "common" and "vhost_combined" followed by
 * `%D` (the usual way to add timing to Apache's stock formats). `--log-format` takes the LogFormat string, pasted
 * with or without `LogFormat "…" nickname` and its backslash escapes.
 *
 * Directives read (Apache escapes quotes in values as \", which the reader allows for):
 *   %D                 latency in µs (default)
 *   %T, %{s|ms|us}T    latency in s (whole seconds: coarse), ms or µs; chosen when there is no %D, or with --metric T
 *   %>s (else %s)      status
 *   %t                 the time the request was received (its start); also %{sec|msec|usec}t and
 *                      %{begin:sec|msec|usec}t; %{end:…}t is the end: start = time − latency. Other strftime
 *                      forms of %{…}t are not read
 *   %r                 label (method and path, without the query); also %m + %U
 */
import { NS_PER_UNIT, type TimeUnit } from "../base/units.js";
import { AccessLogDecoder, BRACKETED_PATTERN, compileDefaults, compileLayout, sniffAccessLog } from "./access-log.js";
import { type FieldRole, type LogLayout, type LogToken } from "./log-layout.js";
import { clfNsAt, epochNsAt } from "./bytes.js";
import { parseClfNs, parseEpochNs } from "./time-fields.js";
import type { Format } from "./types.js";

const latency = (name: string, unit: TimeUnit): FieldRole => ({ role: "latency", name, unit, nsPerUnit: NS_PER_UNIT[unit] });

const EPOCH_UNITS: Readonly<Record<string, number>> = { sec: 1e9, msec: 1e6, usec: 1e3 };

/** What a directive means, from its letter, its `{argument}` and whether it had the `>` modifier. */
function role(letter: string, argument: string | undefined): FieldRole {
  switch (letter) {
    case "D":
      return latency("D", "us");
    case "T": {
      const unit = argument === undefined || argument === "s" ? "s" : argument === "ms" ? "ms" : argument === "us" ? "us" : undefined;
      return unit === undefined ? { role: "other" } : latency("T", unit);
    }
    case "s":
      return { role: "status" };
    case "t": {
      if (argument === undefined) {
        return { role: "time", parse: (t) => parseClfNs(t.slice(1, -1)), parseBytes: (b, s, e) => clfNsAt(b, s + 1, e - 1), end: false, seconds: true };
      }
      const m = /^(?:(begin|end):)?(sec|msec|usec)$/.exec(argument);
      if (m === null) return { role: "other" };
      const nsPerUnit = EPOCH_UNITS[m[2]!]!;
      return { role: "time", parse: (t) => parseEpochNs(t, nsPerUnit), parseBytes: (b, s, e) => epochNsAt(b, s, e, nsPerUnit), end: m[1] === "end", seconds: m[2] === "sec" };
    }
    case "r":
      return { role: "request" };
    case "m":
      return { role: "method" };
    case "U":
      return { role: "path" };
    default:
      return { role: "other" };
  }
}

/** Takes the format string out of a pasted `LogFormat "…" nickname` and undoes its backslash escapes. */
export function unwrapApacheLogFormat(text: string): string {
  const t = text.trim();
  const quoted = /^(?:(?:LogFormat|CustomLog\s+\S+)\s+)?"((?:[^"\\]|\\.)*)"(?:\s+\S+)?$/.exec(t);
  if (quoted === null) return t;
  return quoted[1]!.replace(/\\(.)/g, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c));
}

/** Splits an Apache LogFormat string into literals and directives. */
export function tokenizeApache(format: string): LogToken[] {
  const tokens: LogToken[] = [];
  const re = /%%|%([<>]?)!?[\d,]*(?:\{([^}]*)\})?([<>]?)(\^t[io]|[a-zA-Z])/g;
  let last = 0;
  const hasFinalStatus = /%>[!\d,]*s/.test(format);
  const seen = new Set<string>();
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    if (m.index > last) tokens.push({ literal: format.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[0] === "%%") {
      tokens.push({ literal: "%" });
      continue;
    }
    const letter = m[4]!;
    const final = m[1] === ">" || m[3] === ">";
    let r = role(letter, m[2]);
    const bracketed = letter === "t" && m[2] === undefined;
    // Read one field per role: %>s over %s, and the first of anything else.
    if (r.role === "status" && hasFinalStatus && !final) r = { role: "other" };
    if (r.role !== "other" && r.role !== "latency") {
      if (seen.has(r.role)) r = { role: "other" };
      else seen.add(r.role);
    }
    // A plain %t is written in brackets with a space inside: it delimits itself.
    tokens.push({ field: { directive: m[0], role: r, ...(bracketed ? { pattern: BRACKETED_PATTERN } : {}) } });
  }
  if (last < format.length) tokens.push({ literal: format.slice(last) });
  return tokens;
}

function layout(format: string, metric?: string): LogLayout {
  return compileLayout(format, tokenizeApache(format), true, metric, ["D", "T"]);
}

const DEFAULT_FORMATS: readonly { name: string; format: string }[] = [
  { name: "combined + %D", format: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D' },
  { name: "vhost_combined + %D", format: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D' },
  { name: "common + %D", format: '%h %l %u %t "%r" %>s %b %D' },
];

function defaults(metric?: string) {
  return compileDefaults(DEFAULT_FORMATS, (format) => layout(format, metric));
}

const ALL_DEFAULTS = defaults();
const DEFAULT_LAYOUTS = ALL_DEFAULTS.map((d) => d.layout);

export const apacheFormat: Format = {
  name: "apache",
  description:
    "Apache httpd access log; latency %D in µs (or %T s, %{ms}T ms); %>s, %t (start), %r as label; default layout combined/common + %D, else --log-format '<LogFormat string>'",
  example: '127.0.0.1 - - [02/Nov/2026:09:00:00 +0000] "GET /api/users HTTP/1.1" 200 2 "-" "ApacheBench/2.3" 4180',
  sniff: (lines) => sniffAccessLog(lines, DEFAULT_LAYOUTS, (t) => /^\d+$/.test(t), 0.9, "Apache combined/common + %D (another layout needs --log-format)"),
  createDecoder: (options) => {
    if (options.logFormat !== undefined) {
      return new AccessLogDecoder(layout(unwrapApacheLogFormat(options.logFormat), options.metric), [], "Apache", [], options.metric, options.key !== undefined);
    }
    return new AccessLogDecoder(undefined, defaults(options.metric), "Apache", ALL_DEFAULTS, options.metric, options.key !== undefined);
  },
};
