/**
 * `nginx`: an nginx access log with a request time.
 *
 *   line     = fields laid out by the log_format (access-log.ts builds the reader) | blank | "#" comment
 *   format   = { text | "$" name | "${" name "}" }        as in nginx's `log_format NAME [escape=…] 'string' …;`
 *
 * Without --log-format the lines are matched against "combined" followed by `$request_time` (the usual way to
 * add timing to nginx's default format), with or without `"$http_x_forwarded_for"` (nginx's "main" example) and
 * with or without `$upstream_response_time` after or before it (which, the lines' times tell: see timesFit). `--log-format` takes the log_format string, pasted with or
 * without the `log_format name` directive and its quotes.
 *
 * Variables read (nginx documents all times in seconds with millisecond resolution):
 *   $request_time            latency (default): from the first byte read from the client to the log write
 *   $upstream_response_time  latency with --metric upstream_response_time; also $upstream_connect_time and
 *   $upstream_header_time    several values (`0.010, 0.002 : 0.004`, one per upstream tried) are summed, `-` skipped;
 *                            a line whose value is only `-` (no upstream) is skipped
 *   $status                  status
 *   $msec                    the time the line was written (ms), i.e. the request's end: start = time − latency
 *   $time_iso8601,           the same in whole seconds: start = that second less the latency rounded to whole seconds
 *   $time_local              (see startFromTime)
 *   $request                 label (method and path, without the query); also $request_method + $request_uri/$uri
 *   $connection              key
 */
import { NS_PER_UNIT } from "../base/units.js";
import { AccessLogDecoder, compileDefaults, compileLayout, sniffAccessLog } from "./access-log.js";
import { type FieldRole, type LogLayout, type LogToken } from "./log-layout.js";
import { clfNsAt, epochNsAt } from "./bytes.js";
import { isoNsAt, parseIsoNs } from "../base/iso-time.js";
import { parseClfNs, parseEpochNs } from "./time-fields.js";
import type { Format } from "./types.js";
import { NGINX_TIME_VARIABLES, sumUpstreamTimes } from "./nginx-variables.js";

const seconds = (name: string, multi = false): FieldRole => ({ role: "latency", name, unit: "s", nsPerUnit: NS_PER_UNIT.s, multi });

const VARIABLES: Readonly<Record<string, FieldRole>> = {
  request_time: seconds("request_time"),
  upstream_response_time: seconds("upstream_response_time", true),
  upstream_connect_time: seconds("upstream_connect_time", true),
  upstream_header_time: seconds("upstream_header_time", true),
  status: { role: "status" },
  msec: { role: "time", parse: (t) => parseEpochNs(t, 1e9), parseBytes: (b, s, e) => epochNsAt(b, s, e, 1e9), end: true },
  time_iso8601: { role: "time", parse: parseIsoNs, parseBytes: isoNsAt, end: true, seconds: true },
  time_local: { role: "time", parse: parseClfNs, parseBytes: clfNsAt, end: true, seconds: true },
  request: { role: "request" },
  request_method: { role: "method" },
  request_uri: { role: "path" },
  uri: { role: "path" },
  connection: { role: "key" },
};

/** Preference among the time fields when a format has several: the finest resolution first. */
const TIME_PREFERENCE = NGINX_TIME_VARIABLES;

const LATENCY_PREFERENCE = ["request_time", "upstream_response_time", "upstream_header_time", "upstream_connect_time"];

/** Strips what may surround a pasted log_format: the directive, its name, `escape=`, quotes and the `;`. */
export function unwrapNginxLogFormat(text: string): string {
  let t = text.trim().replace(/;\s*$/, "");
  const directive = /^log_format\s+\S+\s+(?:escape=\S+\s+)?/.exec(t);
  if (directive) t = t.slice(directive[0].length);
  const parts = t.match(/'[^']*'|"[^"]*"/g);
  if (parts !== null && parts.join("").length > 0 && t.replace(/'[^']*'|"[^"]*"/g, "").trim() === "") {
    return parts.map((p) => p.slice(1, -1)).join("");
  }
  return t;
}

/** Splits an nginx log_format string into literals and variables. */
export function tokenizeNginx(format: string): LogToken[] {
  const tokens: LogToken[] = [];
  const re = /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g;
  let last = 0;
  let seenTime = false;
  const timeIndex = Math.min(...TIME_PREFERENCE.map((n) => (new RegExp(`\\$\\{?${n}\\b`).test(format) ? TIME_PREFERENCE.indexOf(n) : Infinity)));
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    if (m.index > last) tokens.push({ literal: format.slice(last, m.index) });
    const name = (m[1] ?? m[2])!;
    let role = VARIABLES[name] ?? { role: "other" as const };
    // Only one time field is read: the finest one.
    if (role.role === "time") {
      if (seenTime || TIME_PREFERENCE.indexOf(name) !== timeIndex) role = { role: "other" };
      else seenTime = true;
    }
    tokens.push({ field: { directive: m[0], role } });
    last = m.index + m[0].length;
  }
  if (last < format.length) tokens.push({ literal: format.slice(last) });
  return withListPatterns(tokens);
}

/**
 * A list of upstream values (`0.000, 0.007`, or `0.010, 0.002 : 0.015` across internal redirects) holds spaces:
 * where a space ends the field (it is neither quoted nor last), the field is matched as such a list, not up to its
 * first space. Each time is checked where the list is summed.
 */
const UPSTREAM_LIST = "[^ ,]*(?:(?:, | : )[^ ,]*)*";
/** nginx's variables that hold one value per upstream tried: times, statuses (`502, 200`), addresses, sizes. */
const UPSTREAM_LISTS = new Set([
  "upstream_addr",
  "upstream_status",
  "upstream_response_time",
  "upstream_connect_time",
  "upstream_header_time",
  "upstream_response_length",
  "upstream_bytes_received",
  "upstream_bytes_sent",
]);

function withListPatterns(tokens: LogToken[]): LogToken[] {
  return tokens.map((token, i) => {
    const next = tokens[i + 1];
    if (!("field" in token) || !UPSTREAM_LISTS.has(token.field.directive.replace(/^\$\{?|\}$/g, ""))) return token;
    return next !== undefined && "literal" in next && next.literal.startsWith(" ") ? { field: { ...token.field, pattern: UPSTREAM_LIST } } : token;
  });
}

function layout(format: string, metric?: string): LogLayout {
  return compileLayout(format, tokenizeNginx(format), true, metric, LATENCY_PREFERENCE);
}

const COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/**
 * The layouts tried when no --log-format is given, most specific first. The two times come in either order; the
 * lines tell which (timesFit), and on a tie the first order is assumed.
 */
const DEFAULT_FORMATS: readonly { name: string; format: string }[] = [
  { name: "main + $request_time $upstream_response_time", format: `${COMBINED} "$http_x_forwarded_for" $request_time $upstream_response_time` },
  { name: "main + $upstream_response_time $request_time", format: `${COMBINED} "$http_x_forwarded_for" $upstream_response_time $request_time` },
  { name: "main + $request_time", format: `${COMBINED} "$http_x_forwarded_for" $request_time` },
  { name: "combined + $request_time $upstream_response_time", format: `${COMBINED} $request_time $upstream_response_time` },
  { name: "combined + $upstream_response_time $request_time", format: `${COMBINED} $upstream_response_time $request_time` },
  { name: "combined + $request_time", format: `${COMBINED} $request_time` },
];

const SINGLE_TIME = /^\d+\.\d+$/;

/**
 * A difference of the two times that tells their order: nginx measures them apart, each to the millisecond, and a
 * real capture has the upstream's a millisecond or two past the request's as often as below it (33 and 46 lines of
 * 200): only a difference beyond that, and beyond a tenth of the larger, votes.
 */
const TELLING_DIFFERENCE_S = 0.002;
const TELLING_SHARE = 0.1;

/**
 * What a line's two times say of a default layout's order (a LayoutEvidence): $request_time is never `-` nor a
 * list, and never less than $upstream_response_time, which it includes. A `-` or a list settles it; otherwise a
 * clearly larger time votes for the layout that reads it as $request_time (times about equal cannot tell).
 */
function timesFit(layout: LogLayout, match: RegExpExecArray): number {
  const text = (name: string) => {
    const index = layout.fields.findIndex((f) => f.role.role === "latency" && f.role.name === name);
    return index < 0 ? undefined : match[index + 1];
  };
  const request = text("request_time");
  const upstream = text("upstream_response_time");
  if (request === undefined || upstream === undefined) return 0;
  if (!SINGLE_TIME.test(request)) return -Infinity;
  if (!SINGLE_TIME.test(upstream)) return sumUpstreamTimes(upstream) === null ? -Infinity : Infinity;
  const [requestS, upstreamS] = [Number(request), Number(upstream)];
  if (Math.abs(requestS - upstreamS) <= Math.max(TELLING_DIFFERENCE_S, TELLING_SHARE * Math.max(requestS, upstreamS))) return 0;
  return Math.sign(requestS - upstreamS);
}

/** The default layouts that have the latency `metric` asks for (all of them without one). */
function defaults(metric?: string) {
  return compileDefaults(DEFAULT_FORMATS, (format) => layout(format, metric));
}

const ALL_DEFAULTS = defaults();
const DEFAULT_LAYOUTS = ALL_DEFAULTS.map((d) => d.layout);

/** nginx prints every time with a decimal point and three decimals. */
const NGINX_SECONDS = /^\d+\.\d{3}$/;

export const nginxFormat: Format = {
  name: "nginx",
  description:
    "nginx access log; latency $request_time in s (or --metric upstream_response_time, summed over retries); $status, $msec (log-write time: start = time − latency) or $time_local/$time_iso8601 (log-write time to the second: start = that second − the latency rounded to whole seconds) as start, $request as label; default layout combined + $request_time (and $upstream_response_time after or before it), else --log-format '<log_format string>'",
  example: '127.0.0.1 - - [02/Nov/2026:09:00:00 +0000] "GET /api/users HTTP/1.1" 200 612 "-" "hey/0.0.1" 0.004',
  sniff: (lines) => sniffAccessLog(lines, DEFAULT_LAYOUTS, (t) => NGINX_SECONDS.test(t), 0.95, "nginx combined + $request_time (another layout needs --log-format)"),
  createDecoder: (options) => {
    if (options.logFormat !== undefined) {
      const format = unwrapNginxLogFormat(options.logFormat);
      return new AccessLogDecoder(layout(format, options.metric), [], "nginx", [], options.metric, options.key !== undefined);
    }
    return new AccessLogDecoder(undefined, defaults(options.metric), "nginx", ALL_DEFAULTS, options.metric, options.key !== undefined, timesFit);
  },
};
