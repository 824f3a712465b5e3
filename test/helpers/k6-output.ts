/**
 * k6's `--out json` written as k6 writes it (output/json in grafana/k6): one envelope a line,
 * `{"type":…,"data":…,"metric":NAME}` with `metric` last; a `Metric` declaration the first time a metric is
 * seen, then its `Point`s, with tags in Go's order (sorted by name). An HTTP request makes the points of
 * http_reqs, http_req_duration and its five phases, http_req_failed, data_sent and data_received; an iteration
 * adds checks, iterations and iteration_duration, and vus is sampled once a second: about 13 metrics a request.
 * A gRPC call makes grpc_req_duration with `status` its numeric gRPC code and no expected_response.
 */

/** One request of a run: its latency and what k6 tags it with. */
export interface K6Request {
  /** Whole nanoseconds, in ms (k6Ms). */
  ms: number;
  /** HTTP status, "0" without a response (a timeout); a gRPC call: its code. */
  status: number;
  /** k6's verdict (responseCallback): for HTTP, 200–399 by default; gRPC calls have none. */
  expected?: boolean;
  scenario: string;
  /** The group path, "" at the root, `::checkout` inside group("checkout"). */
  group: string;
  name: string;
  method?: string;
  /** Custom tags (`options.tags`, a request's `tags`). */
  extra?: Record<string, string>;
  /** A gRPC call: grpc_req_duration, not http_req_duration. */
  grpc?: boolean;
}

const METRICS: Record<string, { type: string; contains: string }> = {
  vus: { type: "gauge", contains: "default" },
  http_reqs: { type: "counter", contains: "default" },
  http_req_duration: { type: "trend", contains: "time" },
  http_req_blocked: { type: "trend", contains: "time" },
  http_req_connecting: { type: "trend", contains: "time" },
  http_req_tls_handshaking: { type: "trend", contains: "time" },
  http_req_sending: { type: "trend", contains: "time" },
  http_req_waiting: { type: "trend", contains: "time" },
  http_req_receiving: { type: "trend", contains: "time" },
  http_req_failed: { type: "rate", contains: "default" },
  grpc_req_duration: { type: "trend", contains: "time" },
  data_sent: { type: "counter", contains: "data" },
  data_received: { type: "counter", contains: "data" },
  checks: { type: "rate", contains: "default" },
  iterations: { type: "counter", contains: "default" },
  iteration_duration: { type: "trend", contains: "time" },
};

/** Tags as Go's encoding/json writes a map: keys sorted. */
function sorted(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** RFC 3339 with nanoseconds in a +01:00 zone, as Go's time.Time marshals a local time. */
function rfc3339(epochNs: bigint): string {
  const shifted = epochNs + 3_600_000_000_000n;
  const seconds = shifted / 1_000_000_000n;
  const fraction = (shifted % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  const text = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${text}${fraction === "" ? "" : `.${fraction}`}+01:00`;
}

/** The lines k6 writes for `requests`, sent one after another from 2026-11-02T08:00:00Z, `gapMs` apart. */
export function k6Json(requests: readonly K6Request[], gapMs = 5): string[] {
  const lines: string[] = [];
  const declared = new Set<string>();
  const emit = (metric: string, endNs: bigint, value: number, tags: Record<string, string>) => {
    if (!declared.has(metric)) {
      declared.add(metric);
      const { type, contains } = METRICS[metric]!;
      lines.push(JSON.stringify({ type: "Metric", data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric }));
    }
    lines.push(JSON.stringify({ type: "Point", data: { time: rfc3339(endNs), value, tags: sorted(tags) }, metric }));
  };
  let startNs = 1_793_606_400_000_000_000n;
  let lastVusSecond = -1n;
  for (const r of requests) {
    const endNs = startNs + BigInt(Math.round(r.ms * 1e6));
    if (endNs / 1_000_000_000n !== lastVusSecond) {
      lastVusSecond = endNs / 1_000_000_000n;
      emit("vus", endNs, 10, {});
    }
    const base = { group: r.group, scenario: r.scenario, ...r.extra };
    if (r.grpc === true) {
      emit("grpc_req_duration", endNs, r.ms, { ...base, name: r.name, proto: "HTTP/2.0", status: String(r.status), url: r.name });
    } else {
      const tags: Record<string, string> = { ...base, method: r.method ?? "GET", name: r.name, proto: "HTTP/1.1", status: String(r.status), url: r.name };
      if (r.expected !== undefined) tags.expected_response = String(r.expected);
      if (r.status === 0) Object.assign(tags, { error: "request timeout", error_code: "1050" });
      emit("http_reqs", endNs, 1, tags);
      emit("http_req_duration", endNs, r.ms, tags);
      emit("http_req_blocked", endNs, 0.004, tags);
      emit("http_req_connecting", endNs, 0, tags);
      emit("http_req_tls_handshaking", endNs, 0, tags);
      emit("http_req_sending", endNs, 0.021, tags);
      emit("http_req_waiting", endNs, r.ms * 0.95, tags);
      emit("http_req_receiving", endNs, r.ms * 0.05, tags);
      emit("http_req_failed", endNs, r.expected === false ? 1 : 0, tags);
    }
    emit("data_sent", endNs, 98, base);
    emit("data_received", endNs, r.status === 0 ? 0 : 1204, base);
    emit("checks", endNs, r.status === 200 ? 1 : 0, { ...base, check: "status is 200" });
    emit("iterations", endNs, 1, base);
    emit("iteration_duration", endNs, r.ms + 0.2, base);
    startNs = endNs + BigInt(gapMs * 1e6);
  }
  return lines;
}

/** A duration as k6 writes it: whole nanoseconds in ms (metrics.D: float64(d) / float64(time.Millisecond)). */
export function k6Ms(ms: number): number {
  return Math.round(ms * 1e6) / 1e6;
}

/** A seeded generator of numbers in [0, 1) (mulberry32), so that a run is the same every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
