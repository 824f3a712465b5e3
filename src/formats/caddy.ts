/**
 * `caddy`: Caddy's JSON access logs (the `log` directive with `format json`, Caddy's default for files).
 *
 *   line   = JSON object | blank
 *   access = { "level", "ts", "logger": "http.log.access[.NAME]", "msg": "handled request",
 *              "request": { "remote_ip", "remote_port", "proto", "method", "host", "uri", "headers"… },
 *              "duration", "size", "status", "resp_headers"… }
 *
 * Caddy documentation, "log" directive and "JSON" encoder; HTTP access logs are written when the response
 * ended. duration = the whole request in seconds (a float; with `duration_format nano` integer nanoseconds, with
 * `string` Go's text, e.g. "4.8ms": both read too; `ms` writes floats of milliseconds, which need --unit ms); ts = when the line was written, epoch seconds (or, by its
 * `time_format`, epoch ms or ns told by magnitude, or text: ISO 8601 / RFC 3339, wall, common_log):
 * start = ts − duration. Status = status; label = request.method + request.uri without the query; host =
 * request.host; key = request.remote_ip:remote_port (the connection). Caddy's other log lines (logger not
 * http.log.access…) are skipped. `--group-by` path, or any field by its dotted path (request.proto, logger…).
 */
import { NS_PER_UNIT, parseLatency, toNanoseconds, type ParsedLatency, type TimeUnit } from "../base/units.js";
import { epochNumberToNs } from "../base/epoch.js";
import { UserError } from "../base/errors.js";
import { nestsTooDeep, parseJsonObject, textOf, valueAt } from "./jsonl.js";
import { requestLabel, splitTarget } from "./request-fields.js";
import { REQUEST_FIELDS } from "../core/group-key.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { DecodeOptions, Format, LineDecoder, SampleSink, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { SenderField } from "./latency-names.js";
import { parseClfNs } from "./time-fields.js";

/** Go's "wall" layouts Caddy names: `2006/01/02 15:04:05`, with `.000` (wall_milli) or `.000000000` (wall_nano). */
const WALL = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/;

/**
 * `ts` written as text by a `time_format` — iso8601, rfc3339[_nano], wall[_milli|_nano], common_log — as epoch
 * ns. A wall time has no zone: UTC, as Caddy writes it unless told `time_local`.
 */
function caddyTimeNs(text: string): number | undefined {
  const wall = WALL.exec(text);
  if (wall !== null) return parseIsoNs(`${wall[1]}-${wall[2]}-${wall[3]}T${wall[4]}Z`);
  return parseIsoNs(text) ?? parseClfNs(text);
}

/** Go's `Duration.String()` from a minute on: `1m2.5s`, `1h0m0.5s` (below, one number and unit: `4.8ms`). */
const GO_MINUTES_AND_MORE = /^(?:(\d+)h)?(\d+)m(\d+(?:\.\d+)?)s$/;

/** `duration_format string`: Go's text. */
function parseDurationText(text: string, defaultUnit: TimeUnit): ParsedLatency {
  const terms = GO_MINUTES_AND_MORE.exec(text.trim());
  if (terms === null) return parseLatency(text, defaultUnit);
  const [, hours = "0", minutes, seconds] = terms;
  return toNanoseconds((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds), 1e9);
}

const isAccess = (record: Record<string, unknown>) => {
  const logger = valueAt(record, ["logger"]);
  return typeof logger === "string" ? logger.startsWith("http.log.access") : valueAt(record, ["msg"]) === "handled request";
};

class CaddyDecoder implements LineDecoder {
  private readonly groupBy: readonly string[];

  private readonly sender: SenderField;

  /** The unit of durations written as numbers, settled by the first (see `durationUnit`). */
  private numberUnit: TimeUnit | undefined;

  constructor(private readonly options: DecodeOptions) {
    this.sender = new SenderField("the client address and port (request.remote_ip, remote_port)", options.key !== undefined);
    if (options.metric !== undefined && options.metric !== "duration") throw new UserError(`--metric ${options.metric}: Caddy logs have one timing, duration`, "drop --metric");
    this.groupBy = options.groupBy ?? [];
  }

  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (trimmed === "") return sink.skip();
    const record = parseJsonObject(trimmed);
    if (record === undefined) return sink.reject("not a JSON object");
    if (!isAccess(record)) return sink.skip("not an access log entry");
    const duration = valueAt(record, ["duration"]);
    const parsed =
      typeof duration === "number"
        ? toNanoseconds(duration, NS_PER_UNIT[this.durationUnit(duration)])
        : typeof duration === "string"
          ? parseDurationText(duration, this.options.unit ?? "s")
          : ({ ok: false, reason: "no duration" } as const);
    if (!parsed.ok) return sink.reject(parsed.reason);
    const sample: Sample = { latencyNs: parsed.ns };
    const ts = valueAt(record, ["ts"]);
    if (ts !== undefined) {
      const endNs = typeof ts === "number" ? (ts >= 0 ? epochNumberToNs(ts, this.options.timeUnit) : undefined) : typeof ts === "string" ? caddyTimeNs(ts) : undefined;
      if (endNs === undefined) return sink.reject("bad ts");
      sample.startNs = endNs - parsed.ns;
    }
    const status = valueAt(record, ["status"]);
    if (status !== undefined) {
      if (!Number.isInteger(status) || (status as number) < 0 || (status as number) > 999) return sink.reject("bad status");
      sample.status = status as number;
    }
    const method = valueAt(record, ["request", "method"]);
    const uri = valueAt(record, ["request", "uri"]);
    const path = typeof uri === "string" ? splitTarget(uri).path : undefined;
    if (typeof method === "string" && method !== "") sample.method = method;
    const label = requestLabel(sample.method, path);
    if (label !== undefined) sample.label = label;
    const host = valueAt(record, ["request", "host"]);
    if (typeof host === "string" && host !== "") sample.host = host;
    const ip = valueAt(record, ["request", "remote_ip"]);
    const port = valueAt(record, ["request", "remote_port"]);
    if (nestsTooDeep(port)) return sink.reject("value nested too deeply");
    if (typeof ip === "string" && port !== undefined) this.sender.set(sample, `${ip}:${textOf(port)}`);
    if (this.groupBy.length > 0) {
      const fields = this.groupBy.map((name) => (name === "path" || REQUEST_FIELDS.includes(name) ? undefined : valueAt(record, name.split("."))));
      if (fields.some(nestsTooDeep)) return sink.reject("value nested too deeply");
      sample.groupValues = this.groupBy.map((name, i) => (name === "path" ? (path ?? "") : REQUEST_FIELDS.includes(name) ? undefined : textOf(fields[i])));
    }
    sink.sample(sample);
  }

  /**
   * The unit of the durations written as numbers, settled by the first one: seconds (Caddy's default
   * `duration_format`, a float), or nanoseconds with `duration_format nano` — an integer, and never below 1,000 for
   * a request (1 µs), where a whole number of seconds that large (17 minutes, to the nanosecond) is not a request's
   * either. `duration_format ms` writes floats like seconds' and cannot be told from them: it needs --unit ms.
   */
  private durationUnit(duration: number): TimeUnit {
    this.numberUnit ??= this.options.unit ?? (Number.isInteger(duration) && duration >= 1000 ? "ns" : "s");
    return this.numberUnit;
  }

  unitChoice(): UnitChoice {
    return { unit: this.options.unit ?? this.numberUnit ?? "s", source: this.options.unit !== undefined ? "--unit" : "format" };
  }

  takeNotices(): string[] {
    return this.sender.takeNotices();
  }
}

export const caddyFormat: Format = {
  name: "caddy",
  description: "Caddy JSON access log: latency duration in s (integer ns with duration_format nano, Go text with string); start ts − duration (any time_format); status, request.method + request.uri as label; --group-by path or any dotted field",
  example:
    '{"level":"info","ts":1793610000.004834,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"41882","proto":"HTTP/1.1","method":"GET","host":"127.0.0.1:8080","uri":"/api/users"},"duration":0.004833879,"size":14,"status":200}',
  sniff: (lines) => {
    const content = lines.filter((l) => l.trim() !== "");
    if (content.length === 0) return { score: 0, why: "no content lines" };
    const access = content.filter((l) => {
      const record = l.trimStart().startsWith("{") ? parseJsonObject(l.trim()) : undefined;
      return record !== undefined && isAccess(record) && valueAt(record, ["duration"]) !== undefined && valueAt(record, ["request", "method"]) !== undefined;
    }).length;
    return { score: access > 0 && access >= 0.5 * content.length ? 1 : 0, why: `${access} of ${content.length} lines are Caddy access log entries` };
  },
  createDecoder: (options) => new CaddyDecoder(options),
};
