/**
 * `haproxy`: HAProxy's HTTP log (`option httplog`, and `option httpslog`: the same with TLS fields after the request
 * line) and TCP log (`option tcplog`), as HAProxy writes them to stdout or a file (`format raw`) or as syslog
 * stores them (any prefix ending in `name[pid]: `, or RFC 5424's header: `log … format rfc5424`).
 *
 * The HAProxy configuration manual, 8.2.3 "HTTP log format" (HAProxy 1.9+ names the timers TR/Tw/Tc/Tr/Ta):
 *
 *   http-line = [prefix "]: "] client_ip ":" client_port " [" date "] " frontend " " backend "/" server " "
 *               TR "/" Tw "/" Tc "/" Tr "/" ["+"] Ta " " status " " ["+"] bytes " " req_cookie " " resp_cookie " "
 *               termination_state " " actconn "/" feconn "/" beconn "/" srv_conn "/" ["+"] retries " "
 *               srv_queue "/" backend_queue { " {" captured_headers "}" } " \"" request_line "\"" [tls]
 *   tls       = " " fc_err "/" ssl_fc_err "/" ssl_c_err "/" ssl_c_ca_err "/" ssl_fc_is_resumed " "
 *               ssl_fc_sni "/" sslv "/" sslc                       (`option httpslog`, HAProxy 2.5+: 8.2.4)
 *   tcp-line  = [prefix "]: "] client_ip ":" client_port " [" date "] " frontend " " backend "/" server " "
 *               Tw "/" Tc "/" ["+"] Tt " " ["+"] bytes " " termination_state " " actconn "/" feconn "/" beconn "/"
 *               srv_conn "/" ["+"] retries " " srv_queue "/" backend_queue                       (8.2.2 "TCP log format")
 *   date      = dd "/" Mon "/" yyyy ":" HH ":" MM ":" SS "." mmm          local time without a zone: read as UTC
 *
 * Timers are whole milliseconds. HTTP: TR (request headers received), Tw (queues), Tc (connect to the server),
 * Tr (server response headers), Ta (the whole request: first request byte to last response byte; the latency by
 * default, `--metric TR|Tw|Tc|Tr|Ta` picks another; HAProxy before 1.9 wrote Tq/Tw/Tc/Tr/Tt, read as the same).
 * TCP: Tw, Tc and Tt (the whole session; the latency by default). A timer of -1 means the request was aborted
 * before that step: the request failed (unless HAProxy answered it itself, termination state `L…`: redirects,
 * stats, deny, where the status decides); when it is the chosen timer the request has no latency (a failed one is
 * counted as failed, one HAProxy answered itself is skipped). A `+` before
 * Ta/Tt (`option logasap`) means the line was written before the end: such a line is skipped.
 *
 * Each line is read as HTTP or TCP by its own shape: one syslog file holds every frontend's lines, `option
 * httplog` and `option tcplog` mixed. Both kinds in one log is said once on stderr, since Ta (a request) and Tt (a
 * session) do not mean the same: `--group-by frontend` keeps them apart. Start = the date (for HTTP, when the
 * request began: the first byte of Ta). Label = method and path without the query; key = client ip:port (the
 * connection); `--group-by` frontend, backend, server, path.
 *
 * Lines are read from their bytes where they can be (haproxy-bytes.ts, the fast path), else by the regexes below;
 * either way the same fields are booked by the same code.
 */
import { MAX_LATENCY_NS, NS_PER_UNIT } from "../base/units.js";
import { UserError } from "../base/errors.js";
import { checkGroupBy, groupValuesOf, requestLabel, splitTarget } from "./request-fields.js";
import type { BlockSink, DecodeOptions, Format, LineDecoder, SampleSink, UnitChoice } from "./types.js";
import { decodeFieldLines } from "./bytes.js";
import { haproxyDateMs, HaproxyBytes, MONTHS, type HaproxyFields } from "./haproxy-bytes.js";
import type { Sample } from "../core/sample.js";
import { SenderField } from "./latency-names.js";
import { isFailed } from "../core/failure.js";

const HEAD = String.raw`(\S+):(\d+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})\.(\d{3})\] (\S+) ([^\s/]+)\/(\S+) `;
const CONNECTIONS = String.raw`\d+\/\d+\/\d+\/\d+\/\+?\d+ \d+\/\d+`;
/** What `option httpslog` writes after the request line: `fc_err/ssl_fc_err/ssl_c_err/ssl_c_ca_err/ssl_fc_is_resumed sni/sslv/sslc`. */
const TLS_FIELDS = String.raw`(?: [^\s/]*(?:\/[^\s/]*){4} [^\s/]*(?:\/[^\s/]*){2})?`;
const HTTP = new RegExp(`^${HEAD}(-?\\d+)\\/(-?\\d+)\\/(-?\\d+)\\/(-?\\d+)\\/(\\+?-?\\d+) (-?\\d+) \\+?\\d+ \\S+ \\S+ (\\S+) ${CONNECTIONS}(?: \\{[^}]*\\})* "(.*)"${TLS_FIELDS}$`);
const TCP = new RegExp(`^${HEAD}(-?\\d+)\\/(-?\\d+)\\/(\\+?-?\\d+) \\+?\\d+ (\\S+) ${CONNECTIONS}$`);
/** Capture groups of HEAD, then of the timers. */
const TIMERS_AT = 13;

const HTTP_TIMERS = ["TR", "Tw", "Tc", "Tr", "Ta"] as const;
const TCP_TIMERS = ["Tw", "Tc", "Tt"] as const;
/** The names HAProxy before 1.9 gave the HTTP timers. */
const OLD_NAMES: Readonly<Record<string, string>> = { Tq: "TR", Tt: "Ta" };
const OWN_FIELDS = ["frontend", "backend", "server", "path"];

type Kind = HaproxyFields["kind"];

/** The fields the regexes captured. */
function fieldsOf(kind: Kind, m: RegExpExecArray): HaproxyFields {
  const epochMs = haproxyDateMs(Number(m[3]), MONTHS[m[4]!], Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9]));
  return { kind, m, startNs: epochMs === undefined ? undefined : epochMs * 1e6, client: `${m[1]}:${m[2]}` };
}

function matchAt(text: string): HaproxyFields | undefined {
  const http = HTTP.exec(text);
  if (http !== null) return fieldsOf("http", http);
  const tcp = TCP.exec(text);
  return tcp === null ? undefined : fieldsOf("tcp", tcp);
}

/**
 * RFC 5424's header (`log … format rfc5424`): `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD `, where HAProxy
 * writes `-` for the MSGID and the structured data unless `log-format-sd` gives one or more `[…]` elements.
 */
const RFC5424_HEADER = /^<\d{1,3}>1 \S+ \S+ \S+ \S+ \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+) /;

/** Matches a line, after its syslog prefix (RFC 5424's header, or up to the RFC 3164 tag's `]: `) when it has one. */
function match(text: string): HaproxyFields | undefined {
  const found = matchAt(text);
  if (found !== undefined) return found;
  const header = RFC5424_HEADER.exec(text);
  if (header !== null) return matchAt(text.slice(header[0].length));
  const tag = text.indexOf("]: ");
  return tag < 0 ? undefined : matchAt(text.slice(tag + 3));
}

class HaproxyDecoder implements LineDecoder {
  /** The kind of the first line read, and whether a line of the other kind has been said. */
  private firstKind: Kind | undefined;
  private saidMixed = false;
  private notices: string[] = [];
  private readonly fast = new HaproxyBytes();
  private readonly groupBy: readonly string[];

  private readonly sender: SenderField;

  constructor(private readonly options: DecodeOptions) {
    this.sender = new SenderField("the client address and port", options.key !== undefined);
    const metric = options.metric;
    if (metric !== undefined && ![...HTTP_TIMERS, ...TCP_TIMERS, ...Object.keys(OLD_NAMES)].includes(metric)) {
      throw new UserError(`--metric ${metric}: not a timer of HAProxy logs`, "HTTP logs have TR, Tw, Tc, Tr, Ta; TCP logs Tw, Tc, Tt (case matters: TR is not Tr)");
    }
    checkGroupBy(options.groupBy, OWN_FIELDS, "HAProxy logs");
    this.groupBy = options.groupBy ?? [];
  }

  /** Index among the line's timers of the chosen one; -1 when lines of this kind do not have it. */
  private timerIndex(kind: Kind): number {
    const metric = this.options.metric;
    if (kind === "http") return metric === undefined ? 4 : HTTP_TIMERS.indexOf((OLD_NAMES[metric] ?? metric) as (typeof HTTP_TIMERS)[number]);
    return metric === undefined ? 2 : TCP_TIMERS.indexOf(metric as (typeof TCP_TIMERS)[number]);
  }

  decodeBlock(bytes: Uint8Array, start: number, end: number, firstLineNo: number, sink: BlockSink): number {
    const withClient = this.options.key !== undefined;
    return decodeFieldLines(
      bytes,
      start,
      end,
      firstLineNo,
      sink,
      (b, lineStart, contentEnd) => this.fast.read(b, lineStart, contentEnd, withClient),
      (fields, blockSink) => this.book(fields, blockSink),
    );
  }

  line(text: string, sink: SampleSink): void {
    if (text.trim() === "" || text.startsWith("#")) return sink.skip();
    const found = match(text);
    if (found === undefined) return sink.reject("not an HAProxy HTTP or TCP log line");
    this.book(found, sink);
  }

  /** Books a line from its fields, however they were found (the regexes, or the bytes: haproxy-bytes.ts). */
  private book({ kind, m, startNs, client }: HaproxyFields, sink: SampleSink): void {
    this.firstKind ??= kind;
    if (kind !== this.firstKind && !this.saidMixed) this.sayMixed();
    if (startNs === undefined) return sink.reject("bad date");
    const names = kind === "http" ? HTTP_TIMERS : TCP_TIMERS;
    const timers = names.map((_, i) => m[TIMERS_AT + i]!);
    const chosen = this.timerIndex(kind);
    if (chosen < 0) return sink.skip(`no ${this.options.metric} (${kind.toUpperCase()} log line)`);
    const state = m[TIMERS_AT + names.length + (kind === "http" ? 1 : 0)]!;
    const request: Omit<Sample, "latencyNs"> = { startNs };
    this.sender.set(request, client);
    let path: string | undefined;
    if (kind === "http") {
      const status = Number(m[TIMERS_AT + 5]);
      if (status >= 0) request.status = status;
      const [method, target] = m[TIMERS_AT + 7]!.split(" ");
      if (target !== undefined) {
        const parts = splitTarget(target);
        path = parts.path;
        request.method = method;
        if (parts.host !== undefined) request.host = parts.host;
      }
      const label = requestLabel(request.method, path);
      if (label !== undefined) request.label = label;
    }
    // HAProxy writes -1 for a step that never happened; any other negative timer is a damaged line.
    if (timers.some((t) => t.startsWith("-") && t !== "-1")) return sink.reject("negative timer");
    if (timers.some((t) => t === "-1") && !state.startsWith("L")) request.ok = false;
    if (this.groupBy.length > 0) {
      const own: Record<string, string | undefined> = { frontend: m[10]!.replace(/~$/, ""), backend: m[11], server: m[12], path: path ?? "" };
      request.groupValues = groupValuesOf(this.groupBy, (name) => own[name]);
    }
    const value = timers[chosen]!;
    if (value.startsWith("+")) return sink.skip(`${names[chosen]} logged before the end (option logasap)`);
    if (value === "-1") {
      // No such step: aborted (failed), or a request HAProxy answered itself without a server (a redirect).
      const failed = request.status === undefined || isFailed({ ...request, latencyNs: 0 });
      return failed ? sink.untimedFailure(request) : sink.skip(`no ${names[chosen]} (-1: answered by HAProxy)`);
    }
    const latencyNs = Number(value) * NS_PER_UNIT.ms;
    if (!(latencyNs <= MAX_LATENCY_NS)) return sink.reject("too large");
    sink.sample({ latencyNs, ...request });
  }

  /** Said once: HTTP requests and TCP sessions are both in the log, and so in one histogram unless grouped. */
  private sayMixed(): void {
    this.saidMixed = true;
    const timer = (kind: Kind) => (kind === "http" ? HTTP_TIMERS : TCP_TIMERS)[this.timerIndex(kind)];
    const read = [timer("http") && `${timer("http")} of HTTP requests`, timer("tcp") && `${timer("tcp")} of TCP sessions`].filter(Boolean).join(" and ");
    this.notices.push(`the log holds HTTP (option httplog) and TCP (option tcplog) lines: each is read as its own kind (${read}); --group-by frontend keeps them apart`);
  }

  unitChoice(): UnitChoice {
    return { unit: "ms", source: "format" };
  }

  takeNotices(): string[] {
    const notices = [...this.notices, ...this.sender.takeNotices()];
    this.notices = [];
    return notices;
  }
}

export const haproxyFormat: Format = {
  name: "haproxy",
  description:
    "HAProxy HTTP log (option httplog or httpslog): latency Ta in ms (or --metric TR|Tw|Tc|Tr), a timer of -1 = failed; TCP log (option tcplog): Tt; start = accept date; --group-by frontend, backend, server, path",
  example: '127.0.0.1:43458 [02/Nov/2026:09:00:00.823] web app/app1 0/0/1/8/9 200 138 - - ---- 1/1/0/0/0 0/0 "GET /api/users HTTP/1.1"',
  sniff: (lines) => {
    const content = lines.filter((l) => l.trim() !== "" && !l.startsWith("#"));
    if (content.length === 0) return { score: 0, why: "no content lines" };
    const matched = content.filter((l) => match(l) !== undefined).length;
    const share = matched / content.length;
    return { score: share >= 0.8 ? 0.95 * share : 0, why: `${matched} of ${content.length} lines are HAProxy HTTP/TCP log lines` };
  },
  createDecoder: (options) => new HaproxyDecoder(options),
};
