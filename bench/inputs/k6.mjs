// `k6 run --out json=results.json` as k6 writes it (grafana.com/docs/k6 → Results output → JSON; key order from
// k6's output/json sampleEnvelope: {"type","data":{"time","value","tags"},"metric"}). A Metric line declares each
// metric before its first Point. Each iteration of 50 closed-loop VUs sends one request, so each request gives 13
// Points: http_reqs, http_req_duration, http_req_blocked, http_req_connecting, http_req_tls_handshaking,
// http_req_sending, http_req_waiting, http_req_receiving, http_req_failed (stamped with the request's end), then
// the iteration's data_sent, data_received, iteration_duration and iterations. vus and vus_max are sampled every
// second. Times are RFC 3339 with ns and the local zone (+01:00), trailing zeros of the fraction dropped, as Go
// prints them; tags sorted by name, as k6 marshals them.
import { lognormalMs, seededRandom } from "../random.mjs";
import { concretePath, routePicker, statusOf } from "./routes.mjs";
import { wants, writeCached } from "./write-cached.mjs";
import { START_MS } from "./clock.mjs";

const VUS = 50;
const ZONE_MS = 3600_000;
const METRICS = {
  vus: ["gauge", "default"],
  vus_max: ["gauge", "default"],
  http_reqs: ["counter", "default"],
  http_req_duration: ["trend", "time"],
  http_req_blocked: ["trend", "time"],
  http_req_connecting: ["trend", "time"],
  http_req_tls_handshaking: ["trend", "time"],
  http_req_sending: ["trend", "time"],
  http_req_waiting: ["trend", "time"],
  http_req_receiving: ["trend", "time"],
  http_req_failed: ["rate", "default"],
  data_sent: ["counter", "data"],
  data_received: ["counter", "data"],
  iteration_duration: ["trend", "time"],
  iterations: ["counter", "default"],
};

/** Go's RFC3339Nano in +01:00 for a time in integer ns since START_MS. */
function goTime(ns) {
  const ms = START_MS + Math.floor(ns / 1e6);
  const fraction = String((ms % 1000) * 1e6 + (ns % 1e6)).padStart(9, "0").replace(/0+$/, "");
  return `${new Date(ms + ZONE_MS).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ""}+01:00`;
}

/** A float as Go's JSON prints a value of at most 6 decimals. */
const goNumber = (value) => String(Number(value.toFixed(6)));

/** Writes `limit` ({records} = requests, or {bytes}) of k6 output to `file`. */
export function writeK6(file, limit) {
  return writeCached(file, (out) => {
    const random = seededRandom(41);
    const latency = lognormalMs(random);
    const route = routePicker(random);
    const more = wants(limit);
    const declared = new Set();
    const point = (metric, time, value, tags) => {
      if (!declared.has(metric)) {
        declared.add(metric);
        const [type, contains] = METRICS[metric];
        out.write(`{"type":"Metric","data":{"name":"${metric}","type":"${type}","contains":"${contains}","thresholds":[],"submetrics":null},"metric":"${metric}"}\n`);
      }
      out.write(`{"type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}},"metric":"${metric}"}\n`);
    };
    const iterationTags = '{"group":"","scenario":"default"}';
    // Each VU's next iteration start (ns since START_MS) and whether its connection is open.
    const vus = Array.from({ length: VUS }, (_, i) => ({ startNs: i * 1_000_000 + Math.floor(random() * 1e6), connected: false }));
    let nextVusSample = 0;
    for (let n = 0; more(out, n); n++) {
      let v = 0;
      for (let i = 1; i < VUS; i++) if (vus[i].startNs < vus[v].startNs) v = i;
      const vu = vus[v];
      const r = route();
      const status = statusOf(random);
      const blocked = vu.connected ? 0.002 + random() * 0.01 : 0.3 + random() * 0.3;
      const connecting = vu.connected ? 0 : blocked - 0.01;
      const sending = 0.01 + random() * 0.04;
      const receiving = 0.02 + random() * 0.1;
      const waiting = latency(r.medianMs);
      const duration = sending + waiting + receiving;
      const endNs = vu.startNs + Math.round((blocked + duration) * 1e6);
      while (nextVusSample <= endNs) {
        const time = goTime(nextVusSample);
        point("vus", time, VUS, "null");
        point("vus_max", time, VUS, "null");
        nextVusSample += 1e9;
      }
      const url = `https://shop.example.com${concretePath(r, random)}`;
      const tags =
        `{${status >= 500 ? '"error_code":"1500",' : ""}"expected_response":"${status < 400}","group":"","method":"${r.method}",` +
        `"name":"${url}","proto":"HTTP/1.1","scenario":"default","status":"${status}","tls_version":"tls1.3","url":"${url}"}`;
      const time = goTime(endNs);
      point("http_reqs", time, 1, tags);
      point("http_req_duration", time, goNumber(duration), tags);
      point("http_req_blocked", time, goNumber(blocked), tags);
      point("http_req_connecting", time, goNumber(connecting), tags);
      point("http_req_tls_handshaking", time, vu.connected ? 0 : goNumber(blocked * 0.6), tags);
      point("http_req_sending", time, goNumber(sending), tags);
      point("http_req_waiting", time, goNumber(waiting), tags);
      point("http_req_receiving", time, goNumber(receiving), tags);
      point("http_req_failed", time, status < 400 ? 0 : 1, tags);
      const iterationEndNs = endNs + 20_000 + Math.floor(random() * 30_000);
      const iterationTime = goTime(iterationEndNs);
      point("data_sent", iterationTime, r.method === "GET" ? 96 : 412, iterationTags);
      point("data_received", iterationTime, 900 + Math.floor(random() * 4000), iterationTags);
      point("iteration_duration", iterationTime, goNumber((iterationEndNs - vu.startNs) / 1e6), iterationTags);
      point("iterations", iterationTime, 1, iterationTags);
      vus[v] = { startNs: iterationEndNs + 5000, connected: true };
    }
  });
}
