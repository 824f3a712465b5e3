/**
 * `alb`: AWS Application Load Balancer access logs (the `.log.gz` files ALB writes to S3, read as they come).
 *
 * AWS documentation, "Access logs for your Application Load Balancer", "Access log entries" — one entry a line,
 * fields separated by spaces, fields that may hold spaces in double quotes (`\"` inside), `-` for none:
 *
 *   entry = type time elb client:port target:port request_processing_time target_processing_time
 *           response_processing_time elb_status_code target_status_code received_bytes sent_bytes
 *           "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
 *           "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed" "redirect_url"
 *           "error_reason" "target:port_list" "target_status_code_list" "classification"
 *           "classification_reason" conn_trace_id { field }           fields AWS adds later are ignored
 *   type  = "http" | "https" | "h2" | "grpcs" | "ws" | "wss"
 *
 * The three processing times are in seconds (microsecond resolution); -1 when the load balancer could not dispatch
 * the request or the target closed the connection. Latency = their sum (`--metric total`, the default), or one of
 * them (`--metric request|target|response`); -1 in any of them makes the request failed, and one with -1 in what
 * the metric needs has no latency. Start = request_creation_time (when the load balancer received the request),
 * else time − latency. Status = elb_status_code; label = method and path without the query; host = the URL's
 * host:port; key = client:port. `--group-by` target, target_group (the name in the ARN), elb_status, target_status,
 * path, elb, domain_name.
 *
 * Entries are read from their bytes where they can be (alb-bytes.ts, the fast path), else by `albFields`; either
 * way the same fields are booked by the same code.
 */
import { NS_PER_UNIT, toNanoseconds } from "../base/units.js";
import { UserError } from "../base/errors.js";
import { checkGroupBy, groupValuesOf, requestLabel, splitTarget } from "./request-fields.js";
import { parseIsoNs } from "../base/iso-time.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, UnitChoice } from "./types.js";
import { decodeFieldLines } from "./bytes.js";
import { AlbBytes } from "./alb-bytes.js";
import type { Sample } from "../core/sample.js";

const TYPES = new Set(["http", "https", "h2", "grpcs", "ws", "wss"]);
const METRICS = ["request", "target", "response", "total"];
const OWN_FIELDS = ["target", "target_group", "elb_status", "target_status", "path", "elb", "domain_name"];
/** Fields up to the request line: fewer and the line is not an ALB entry. */
const MIN_FIELDS = 13;
const SECONDS = /^(?:\d+(?:\.\d+)?|-1)$/;
const STATUS = /^(?:\d{3}|-)$/;

/** Splits an entry into its fields: runs of non-spaces, or double-quoted text (quotes removed, `\x` kept as x). */
function albFields(text: string): string[] | undefined {
  const fields: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (text[at] === '"') {
      let value = "";
      let i = at + 1;
      for (; i < text.length && text[i] !== '"'; i++) value += text[i] === "\\" && i + 1 < text.length ? text[++i] : text[i];
      if (i >= text.length) return undefined;
      fields.push(value);
      at = i + 1;
    } else {
      const space = text.indexOf(" ", at);
      fields.push(text.slice(at, space < 0 ? undefined : space));
      at = space < 0 ? text.length : space;
    }
    if (at < text.length && text[at] !== " ") return undefined;
    at++;
  }
  return fields;
}

/** True when the fields start like an ALB entry. */
function looksLikeEntry(f: readonly string[]): boolean {
  return f.length >= MIN_FIELDS && TYPES.has(f[0]!) && SECONDS.test(f[5]!) && SECONDS.test(f[6]!) && SECONDS.test(f[7]!) && STATUS.test(f[8]!) && STATUS.test(f[9]!);
}

const none = (value: string | undefined) => (value === undefined || value === "-" ? "" : value);

class AlbDecoder implements LineDecoder {
  private readonly fast = new AlbBytes();
  private readonly metric: string;
  private readonly groupBy: readonly string[];

  constructor(options: DecodeOptions) {
    this.metric = options.metric ?? "total";
    if (!METRICS.includes(this.metric)) throw new UserError(`--metric ${this.metric}: not a timing of ALB logs`, `they have: ${METRICS.join(", ")}`);
    checkGroupBy(options.groupBy, OWN_FIELDS, "ALB logs");
    this.groupBy = options.groupBy ?? [];
  }

  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    const withGroups = this.groupBy.length > 0;
    return decodeFieldLines(
      bytes,
      start,
      end,
      firstLineNo,
      sink,
      (b, lineStart, contentEnd) => {
        const fields = this.fast.read(b, lineStart, contentEnd, withGroups);
        return fields !== undefined && looksLikeEntry(fields) ? fields : undefined;
      },
      (fields, blockSink) => this.book(fields, blockSink),
    );
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "" || text.startsWith("#")) return sink.skip();
    const f = albFields(text);
    if (f === undefined || !looksLikeEntry(f)) return sink.reject("not an ALB access log entry");
    this.book(f, sink);
  }

  /** Books an entry from its fields, however they were found (`albFields`, or the bytes: alb-bytes.ts). */
  private book(f: readonly string[], sink: SampleSink): void {
    const times = [f[5]!, f[6]!, f[7]!];
    const request: Omit<Sample, "latencyNs"> = {};
    if (f[8] !== "-") request.status = Number(f[8]);
    if (times.includes("-1")) request.ok = false;
    if (f[3] !== "-") request.key = f[3];
    const [method, target] = f[12]!.split(" ");
    const url = target === undefined || target === "-" ? undefined : splitTarget(target);
    if (method !== undefined && method !== "-" && url !== undefined) request.method = method;
    if (url?.host !== undefined) request.host = url.host;
    const label = requestLabel(request.method, url?.path);
    if (label !== undefined) request.label = label;
    let startNs: number | undefined;
    if (f[21] !== undefined && f[21] !== "-") {
      startNs = parseIsoNs(f[21]);
      if (startNs === undefined) return sink.reject("bad request_creation_time");
      request.startNs = startNs;
    }
    if (this.groupBy.length > 0) {
      const own: Record<string, string> = {
        target: none(f[4]),
        target_group: none(f[16]).replace(/^arn:.*:targetgroup\/([^/]+)\/.*$/, "$1"),
        elb_status: none(f[8]),
        target_status: none(f[9]),
        path: url?.path ?? "",
        elb: f[2]!,
        domain_name: none(f[18]),
      };
      request.groupValues = groupValuesOf(this.groupBy, (name) => own[name]);
    }
    const parts = this.metric === "total" ? times : [times[METRICS.indexOf(this.metric)]!];
    if (parts.includes("-1")) return sink.untimedFailure(request);
    // Summed in microseconds, the resolution ALB writes: no binary fractions added up.
    const micros = parts.reduce((sum, t) => sum + Math.round(Number(t) * 1e6), 0);
    const parsed = toNanoseconds(micros, NS_PER_UNIT.us);
    if (!parsed.ok) return sink.reject(parsed.reason);
    if (startNs === undefined) {
      const endNs = parseIsoNs(f[1]!);
      if (endNs === undefined) return sink.reject("bad time");
      request.startNs = endNs - parsed.ns;
    }
    sink.sample({ latencyNs: parsed.ns, ...request });
  }

  unitChoice(): UnitChoice {
    return { unit: "s", source: "format" };
  }

  takeNotices(): string[] {
    return [];
  }
}

export const albFormat: Format = {
  name: "alb",
  description:
    "AWS Application Load Balancer access log: latency = request + target + response processing time in s (or --metric request|target|response), -1 = failed; start request_creation_time; --group-by target, target_group, elb_status, target_status, path",
  example:
    'https 2026-11-02T09:00:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.004 0.000 200 200 34 366 "GET https://www.example.com:443/api/users HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2026-11-02T09:00:00.182000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90',
  sniff: (lines) => {
    const content = lines.filter((l) => l.trim() !== "" && !l.startsWith("#"));
    if (content.length === 0) return { score: 0, why: "no content lines" };
    const matched = content.filter((l) => {
      const f = albFields(l);
      return f !== undefined && looksLikeEntry(f);
    }).length;
    const share = matched / content.length;
    return { score: share >= 0.8 ? 0.95 * share : 0, why: `${matched} of ${content.length} lines are ALB access log entries` };
  },
  createDecoder: (options) => new AlbDecoder(options),
};
