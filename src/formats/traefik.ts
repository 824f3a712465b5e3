/**
 * `traefik`: Traefik's access logs, JSON (`accessLog.format: json`) or the default common log format.
 *
 *   line = json | clf | blank
 *   json = { "ClientAddr", "ClientHost", "ClientPort", "Duration", "OriginDuration", "Overhead", "DownstreamStatus",
 *            "OriginStatus", "RequestMethod", "RequestPath", "RequestHost", "RouterName", "ServiceName",
 *            "ServiceURL", "StartUTC", "StartLocal", "entryPointName"… }
 *   clf  = remote_ip " - " user " [" date "] \"" method " " path " " protocol "\" " status " " size " \"" referrer
 *          "\" \"" user_agent "\" " request_count " \"" router_name "\" \"" server_url "\" " duration "ms"
 *
 * Traefik documentation, "Access Logs" (the Common Log Format line and the JSON field names). JSON: Duration is
 * the whole request in nanoseconds (the latency; `--metric OriginDuration|Overhead` picks the upstream's share or
 * Traefik's own; a record without OriginDuration asked no origin: a failed request of no latency, else skipped as
 * one with no origin time), StartUTC (RFC 3339, ns) its start, DownstreamStatus the status the client got; label =
 * RequestMethod + RequestPath without the query; host = RequestHost; key = ClientAddr (the connection);
 * `--group-by` any field (RouterName, ServiceName, entryPointName…) or path. CLF: the trailing whole milliseconds,
 * the date is the start (to the second); `--group-by` RouterName, ServiceURL, path.
 */
import { NS_PER_UNIT, toNanoseconds } from "../base/units.js";
import { UserError } from "../base/errors.js";
import { REQUEST_FIELDS } from "../core/group-key.js";
import { nestsTooDeep, parseJsonObject, textOf, valueAt } from "./jsonl.js";
import { checkGroupBy, requestLabel, splitTarget } from "./request-fields.js";
import { parseClfNs } from "./time-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { DecodeOptions, Format, LineDecoder, SampleSink, UnitChoice } from "./types.js";
import type { Sample } from "../core/sample.js";
import { SenderField } from "./latency-names.js";
import { isFailed } from "../core/failure.js";

/**
 * A quoted CLF field whose closing quote is the first one followed by `after` (a pattern without groups). Traefik
 * wrote quotes inside values as they are (a User-Agent `"foo " bar"`, traefik/traefik#11722) until #13180 (2026)
 * escaped them: a quote alone does not end the field, a quote and what must come after it does.
 */
const quotedUntil = (after: string) => String.raw`"((?:[^"\\]|\\.|"(?!${after}))*)"`;
const CLF = new RegExp(
  String.raw`^(\S+) \S+ \S+ \[([^\]]+)\] ${quotedUntil(String.raw` (?:\d{1,3}|-) `)} (\d{1,3}|-) \S+ ${quotedUntil(' "')} ${quotedUntil(String.raw` \d+ "`)} \d+ ${quotedUntil(' "')} ${quotedUntil(String.raw` \d+ms$`)} (\d+)ms$`,
);
const METRICS = ["Duration", "OriginDuration", "Overhead"];
const CLF_FIELDS = ["RouterName", "ServiceURL", "path"];


const isAccessRecord = (record: Record<string, unknown>) => "Duration" in record && ("DownstreamStatus" in record || "RouterName" in record || "RequestMethod" in record);

class TraefikDecoder implements LineDecoder {
  private readonly metric: string;
  private readonly groupBy: readonly string[];
  private clfChecked = false;

  private readonly sender: SenderField;

  constructor(options: DecodeOptions) {
    this.sender = new SenderField("the client address and port (ClientAddr)", options.key !== undefined);
    this.metric = options.metric ?? "Duration";
    if (!METRICS.includes(this.metric)) throw new UserError(`--metric ${this.metric}: not a timing of Traefik logs`, `they have: ${METRICS.join(", ")}`);
    this.groupBy = options.groupBy ?? [];
  }

  line(text: string, sink: SampleSink): void {
    const trimmed = text.trim();
    if (trimmed === "") return sink.skip();
    if (trimmed.startsWith("{")) return this.json(trimmed, sink);
    return this.clf(trimmed, sink);
  }

  private json(text: string, sink: SampleSink): void {
    const record = parseJsonObject(text);
    if (record === undefined) return sink.reject("not a JSON object");
    if (!isAccessRecord(record)) return sink.skip("not an access log entry");
    const value = valueAt(record, [this.metric]);
    if (value !== undefined && typeof value !== "number") return sink.reject(`bad ${this.metric}`);
    const parsed = value === undefined ? undefined : toNanoseconds(value, NS_PER_UNIT.ns);
    if (parsed?.ok === false) return sink.reject(parsed.reason);
    const sample: Sample = { latencyNs: parsed?.ns ?? 0 };
    const start = valueAt(record, ["StartUTC"]);
    if (start !== undefined) {
      const ns = typeof start === "string" ? parseIsoNs(start) : undefined;
      if (ns === undefined) return sink.reject("bad StartUTC");
      sample.startNs = ns;
    }
    const status = valueAt(record, ["DownstreamStatus"]);
    if (status !== undefined) {
      if (!Number.isInteger(status) || (status as number) < 0 || (status as number) > 999) return sink.reject("bad DownstreamStatus");
      sample.status = status as number;
    }
    const method = valueAt(record, ["RequestMethod"]);
    const target = valueAt(record, ["RequestPath"]);
    const path = typeof target === "string" ? splitTarget(target).path : undefined;
    if (typeof method === "string" && method !== "") sample.method = method;
    const label = requestLabel(sample.method, path);
    if (label !== undefined) sample.label = label;
    const host = valueAt(record, ["RequestHost"]);
    if (typeof host === "string" && host !== "") sample.host = host;
    const client = valueAt(record, ["ClientAddr"]);
    if (typeof client === "string" && client !== "") this.sender.set(sample, client);
    if (this.groupBy.length > 0) {
      const fields = this.groupBy.map((name) => (name === "path" || REQUEST_FIELDS.includes(name) ? undefined : valueAt(record, name.split("."))));
      if (fields.some(nestsTooDeep)) return sink.reject("value nested too deeply");
      sample.groupValues = this.groupBy.map((name, i) => (name === "path" ? (path ?? "") : REQUEST_FIELDS.includes(name) ? undefined : textOf(fields[i])));
    }
    if (parsed !== undefined) return sink.sample(sample);
    // Traefik leaves OriginDuration out when no origin answered (no router, a middleware's own answer): a failed
    // request still counts as failed, of no latency; another is a request with no origin time.
    if (!isFailed(sample)) return sink.skip(`no ${this.metric} (no origin asked)`, true);
    const { latencyNs: _none, ...request } = sample;
    sink.untimedFailure(request);
  }

  private clf(text: string, sink: SampleSink): void {
    if (!this.clfChecked) {
      checkGroupBy(this.groupBy, CLF_FIELDS, "Traefik's common-log-format lines");
      if (this.metric !== "Duration") throw new UserError(`--metric ${this.metric}: Traefik's common-log-format lines have only the duration`, "log in JSON for OriginDuration and Overhead");
      this.clfChecked = true;
    }
    const m = CLF.exec(text);
    if (m === null) return sink.reject("not a Traefik access log line");
    const parsed = toNanoseconds(Number(m[9]), NS_PER_UNIT.ms);
    if (!parsed.ok) return sink.reject(parsed.reason);
    const sample: Sample = { latencyNs: parsed.ns };
    const startNs = parseClfNs(m[2]!);
    if (startNs === undefined) return sink.reject("bad date");
    sample.startNs = startNs;
    if (m[4] !== "-") sample.status = Number(m[4]);
    const [method, target] = m[3]!.split(" ");
    const path = target === undefined ? undefined : splitTarget(target).path;
    if (method !== undefined && method !== "-" && path !== undefined) sample.method = method;
    const label = requestLabel(sample.method, path);
    if (label !== undefined) sample.label = label;
    if (this.groupBy.length > 0) {
      const own: Record<string, string> = { RouterName: m[7] === "-" ? "" : m[7]!, ServiceURL: m[8] === "-" ? "" : m[8]!, path: path ?? "" };
      sample.groupValues = this.groupBy.map((name) => own[name]);
    }
    sink.sample(sample);
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    return this.sender.takeNotices();
  }
}

export const traefikFormat: Format = {
  name: "traefik",
  description:
    "Traefik access log, JSON (latency Duration in ns, or --metric OriginDuration|Overhead; StartUTC, DownstreamStatus, RouterName…) or common log format (trailing …ms); --group-by RouterName, ServiceName, path…",
  example:
    '{"ClientAddr":"192.0.2.10:52118","ClientHost":"192.0.2.10","ClientPort":"52118","DownstreamContentSize":14,"DownstreamStatus":200,"Duration":4833879,"OriginDuration":4650112,"OriginStatus":200,"Overhead":183767,"RequestHost":"example.com","RequestMethod":"GET","RequestPath":"/api/users","RequestProtocol":"HTTP/1.1","RouterName":"api@docker","ServiceName":"api@docker","ServiceURL":"http://10.0.0.2:8080","StartUTC":"2026-11-02T09:00:00.000123456Z","entryPointName":"web","level":"info","msg":"","time":"2026-11-02T09:00:00Z"}',
  sniff: (lines) => {
    const content = lines.filter((l) => l.trim() !== "");
    if (content.length === 0) return { score: 0, why: "no content lines" };
    const matched = content.filter((l) => {
      const t = l.trim();
      if (!t.startsWith("{")) return CLF.test(t);
      const record = parseJsonObject(t);
      return record !== undefined && isAccessRecord(record);
    }).length;
    const share = matched / content.length;
    return { score: share >= 0.8 ? share : 0, why: `${matched} of ${content.length} lines are Traefik access log lines` };
  },
  createDecoder: (options) => new TraefikDecoder(options),
};
