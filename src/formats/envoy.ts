/**
 * `envoy`: an Envoy HTTP access log in its default text format (or in a format string given with --log-format).
 *
 *   line      = fields laid out by the format (access-log.ts builds the reader) | blank | "#" comment
 *   format    = { text | "%" COMMAND ["(" argument ")"] [":" max-length] "%" }
 *
 * The default format (Envoy's documentation, "Default format string"):
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *   %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 *
 * (one line). Envoy writes `-` for a value it does not have; a line whose latency is `-` is skipped.
 *
 * Commands read:
 *   %DURATION%                               latency in ms (default): request start to last byte out
 *   %REQUEST_DURATION%, %RESPONSE_DURATION%, latency in ms with --metric NAME
 *   %RESPONSE_TX_DURATION%, %REQUEST_TX_DURATION%,
 *   %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%    (the upstream's own time, --metric X-ENVOY-UPSTREAM-SERVICE-TIME)
 *   %RESPONSE_CODE%                          status (0: no response was sent)
 *   %START_TIME%                             start (ISO-8601 with ms, UTC); %START_TIME(%s)% epoch seconds
 *   %REQ(:METHOD)%, %REQ(…PATH)%             label (method and path without the query)
 *   %CONNECTION_ID%                          key
 */
import { NS_PER_UNIT } from "../base/units.js";
import { AccessLogDecoder, compileLayout, sniffAccessLog } from "./access-log.js";
import { type FieldRole, type LogLayout, type LogToken } from "./log-layout.js";
import { epochNsAt } from "./bytes.js";
import { isoNsAt, parseIsoNs } from "../base/iso-time.js";
import { parseEpochNs } from "./time-fields.js";
import type { Format } from "./types.js";

const ms = (name: string): FieldRole => ({ role: "latency", name, unit: "ms", nsPerUnit: NS_PER_UNIT.ms });

const DURATIONS = new Set(["DURATION", "REQUEST_DURATION", "RESPONSE_DURATION", "RESPONSE_TX_DURATION", "REQUEST_TX_DURATION"]);

function role(command: string, argument: string | undefined): FieldRole {
  if (DURATIONS.has(command)) return ms(command);
  const arg = argument?.toUpperCase();
  switch (command) {
    case "RESPONSE_CODE":
      return { role: "status" };
    case "START_TIME":
      if (argument === undefined) return { role: "time", parse: parseIsoNs, parseBytes: isoNsAt, end: false };
      return argument === "%s" ? { role: "time", parse: (t) => parseEpochNs(t, 1e9), parseBytes: (b, s, e) => epochNsAt(b, s, e, 1e9), end: false } : { role: "other" };
    case "CONNECTION_ID":
      return { role: "key" };
    case "RESP":
      return arg === "X-ENVOY-UPSTREAM-SERVICE-TIME" ? ms("X-ENVOY-UPSTREAM-SERVICE-TIME") : { role: "other" };
    case "REQ":
      if (arg === ":METHOD") return { role: "method" };
      if (arg !== undefined && /(^|[?:])(:PATH|X-ENVOY-ORIGINAL-PATH)($|\?)/.test(arg)) return { role: "path" };
      return { role: "other" };
    default:
      return { role: "other" };
  }
}

/** Splits an Envoy format string into literals and commands; a trailing newline (`\n`, typed or real) is dropped. */
function tokenizeEnvoy(format: string): LogToken[] {
  const text = format.replace(/(\\n|\n)+$/, "");
  const tokens: LogToken[] = [];
  const re = /%([A-Z_0-9]+)(?:\(([^)]*)\))?(?::\d+)?%/g;
  const seen = new Set<string>();
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) tokens.push({ literal: text.slice(last, m.index) });
    last = m.index + m[0].length;
    let r = role(m[1]!, m[2]);
    if (r.role !== "other" && r.role !== "latency") {
      if (seen.has(r.role)) r = { role: "other" };
      else seen.add(r.role);
    }
    tokens.push({ field: { directive: m[0], role: r } });
  }
  if (last < text.length) tokens.push({ literal: text.slice(last) });
  return tokens;
}

const ENVOY_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\\n';

function layout(format: string, metric?: string): LogLayout {
  return compileLayout(format.replace(/(\\n|\n)+$/, ""), tokenizeEnvoy(format), false, metric, ["DURATION"]);
}

const DEFAULT_LAYOUT = layout(ENVOY_DEFAULT_FORMAT);

export const envoyFormat: Format = {
  name: "envoy",
  description:
    "Envoy access log, default format (or --log-format '<format string>'); latency %DURATION% in ms (or --metric RESPONSE_DURATION, X-ENVOY-UPSTREAM-SERVICE-TIME…), %RESPONSE_CODE%, %START_TIME%, method + path as label",
  example:
    '[2026-11-02T09:00:00.123Z] "GET /api/users HTTP/1.1" 200 - 0 24 5 4 "-" "hey/0.0.1" "6c1c2a2e-8f1e-4e7a-9a55-3f0f5b0f6a01" "127.0.0.1:10000" "127.0.0.1:8080"',
  // A request Envoy could not time (reset before the response) writes `-` for %DURATION%: still an Envoy line.
  sniff: (lines) => sniffAccessLog(lines, [DEFAULT_LAYOUT], (t) => /^\d+$/.test(t) || t === "-", 0.95, "Envoy default-format lines"),
  createDecoder: (options) =>
    new AccessLogDecoder(layout(options.logFormat ?? ENVOY_DEFAULT_FORMAT, options.metric), [], "Envoy", [], options.metric, options.key !== undefined),
};
