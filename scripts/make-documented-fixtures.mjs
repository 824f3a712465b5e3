#!/usr/bin/env node
// Writes the fixtures of tools Debian does not package — k6, vegeta, Gatling, Envoy, wrk2 — from their documented
// output formats (sources in fixtures/README.md), filled with a seeded simulated load test against the same
// routes and delay distributions as scripts/test-server.mjs. Beside each fixture, <fixture>.expected.json holds
// what latstat should find, computed here from the numbers exactly as written (exact sort, nearest rank): the
// count of requests that succeeded and failed, and min/max/percentiles of the successful ones in ms.
//
//   node scripts/make-documented-fixtures.mjs          (run by scripts/make-format-fixtures.sh)
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "fixtures/formats");

let seed = 11;
function random() {
  // mulberry32, as in test-server.mjs.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const lognormalNs = (medianMs) => Math.round(medianMs * Math.exp(0.4 * normal()) * 1e6);

const ROUTES = {
  "/api/users": () => ({ ns: lognormalNs(4), status: 200 }),
  "/api/orders": () => ({ ns: lognormalNs(8), status: 200 }),
  "/api/search": () => ({ ns: lognormalNs(20), status: 200 }),
  "/api/flaky": () => ({ ns: lognormalNs(6), status: random() < 0.1 ? 500 : 200 }),
  "/missing": () => ({ ns: Math.round((0.2 + random() * 0.3) * 1e6), status: 404 }),
};
const HOST = "127.0.0.1:8080";
/** The run starts at T0_MS; simulated times are integer ns since then (exact as doubles). */
const T0_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const epochMs = (relNs) => T0_MS + Math.floor(relNs / 1e6);

/**
 * A closed-loop load test: `vus` virtual users each run `iterations` iterations of `paths` in turn, with a little
 * think time; returns the requests in the order they ended (as tools log them).
 */
function simulate({ vus, iterations, paths }) {
  const requests = [];
  for (let vu = 1; vu <= vus; vu++) {
    let clock = vu * 1_000_000 + Math.round(random() * 1e6);
    for (let iter = 0; iter < iterations; iter++) {
      const iterStart = clock;
      for (const p of paths) {
        const { ns, status } = ROUTES[p]();
        requests.push({ vu, iter, path: p, startNs: clock, ns, status, iterStart, last: p === paths[paths.length - 1] });
        clock += ns + Math.round(random() * 2e6);
      }
    }
  }
  return requests.sort((a, b) => a.startNs + a.ns - (b.startNs + b.ns));
}

/** Exact statistics of latencies in ms, nearest rank, for the .expected.json files. */
function expected(okMs, failed, extra = {}) {
  const sorted = [...okMs].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return {
    ok: sorted.length,
    failed,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    percentilesMs: { 50: rank(50), 90: rank(90), 99: rank(99) },
    ...extra,
  };
}

function write(relative, content) {
  const file = path.join(OUT, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stderr.write(`wrote ${path.relative(ROOT, file)} (${content.length} bytes)\n`);
}
const writeExpected = (relative, data) => write(`${relative}.expected.json`, JSON.stringify(data, null, 2) + "\n");

/** Go's time.Format(RFC3339Nano) in a fixed zone: trailing zeros of the fraction dropped. */
function rfc3339Nano(relNs, offsetMinutes = 0) {
  const ms = epochMs(relNs);
  const base = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const fraction = String((ms % 1000) * 1e6 + (relNs % 1e6)).padStart(9, "0").replace(/0+$/, "");
  const zone = offsetMinutes === 0 ? "Z" : `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0")}:${String(Math.abs(offsetMinutes) % 60).padStart(2, "0")}`;
  return `${base}${fraction ? `.${fraction}` : ""}${zone}`;
}

// ---------------------------------------------------------------------------------------------------- k6
// `k6 run --out json=FILE`: a Metric line before the first Point of each metric, then Points. Per HTTP request k6
// emits http_reqs, http_req_duration, http_req_blocked, http_req_connecting, http_req_tls_handshaking,
// http_req_sending, http_req_waiting, http_req_receiving and http_req_failed, stamped with the request's end; per
// iteration data_sent, data_received, iteration_duration and iterations. Times in the local zone (+01:00 here).
const K6_METRICS = {
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
const msValue = (ns) => Number((ns / 1e6).toFixed(6));

function k6Points(requests) {
  const points = [];
  const seenConnection = new Set();
  for (const r of requests) {
    const end = r.startNs + r.ns;
    const url = `http://${HOST}${r.path}`;
    const tags = {
      expected_response: String(r.status < 400),
      group: "",
      method: "GET",
      name: url,
      proto: "HTTP/1.1",
      scenario: "default",
      status: String(r.status),
      url,
      ...(r.status >= 500 ? { error_code: "1500" } : {}),
    };
    const fresh = !seenConnection.has(r.vu);
    seenConnection.add(r.vu);
    const connecting = fresh ? 0.2 + random() * 0.2 : 0;
    const sending = 0.01 + random() * 0.04;
    const receiving = 0.02 + random() * 0.08;
    const duration = msValue(r.ns);
    points.push(
      { metric: "http_reqs", end, value: 1, tags },
      { metric: "http_req_duration", end, value: duration, tags },
      { metric: "http_req_blocked", end, value: Number((connecting + 0.003).toFixed(6)), tags },
      { metric: "http_req_connecting", end, value: Number(connecting.toFixed(6)), tags },
      { metric: "http_req_tls_handshaking", end, value: 0, tags },
      { metric: "http_req_sending", end, value: Number(sending.toFixed(6)), tags },
      { metric: "http_req_waiting", end, value: Number(Math.max(0, duration - sending - receiving).toFixed(6)), tags },
      { metric: "http_req_receiving", end, value: Number(receiving.toFixed(6)), tags },
      { metric: "http_req_failed", end, value: r.status < 400 ? 0 : 1, tags },
    );
    if (r.last) {
      const itags = { group: "", scenario: "default" };
      points.push(
        { metric: "data_sent", end, value: 96 * 2, tags: itags },
        { metric: "data_received", end, value: 160 * 2, tags: itags },
        { metric: "iteration_duration", end, value: msValue(end - r.iterStart), tags: itags },
        { metric: "iterations", end, value: 1, tags: itags },
      );
    }
  }
  return points;
}

function k6Json(requests, vus) {
  const lines = [];
  const declared = new Set();
  const emit = (metric, time, value, tags) => {
    if (!declared.has(metric)) {
      declared.add(metric);
      const [type, contains] = K6_METRICS[metric];
      lines.push(JSON.stringify({ type: "Metric", data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric }));
    }
    lines.push(JSON.stringify({ type: "Point", data: { time: rfc3339Nano(time, 60), value, tags }, metric }));
  };
  emit("vus", 0, vus, null);
  emit("vus_max", 0, vus, null);
  for (const p of k6Points(requests)) emit(p.metric, p.end, p.value, p.tags);
  return lines.join("\n") + "\n";
}

// `k6 run --out csv=FILE`: metric_name, timestamp, metric_value, the system tags in alphabetical order,
// extra_tags, metadata. K6_CSV_TIME_FORMAT: unix (default, whole seconds) or unix_milli.
const K6_CSV_TAGS = ["check", "error", "error_code", "expected_response", "group", "method", "name", "proto", "scenario", "service", "status", "subproto", "tls_version", "url"];
function k6Csv(requests, timeFormat) {
  const rows = [["metric_name", "timestamp", "metric_value", ...K6_CSV_TAGS, "extra_tags", "metadata"].join(",")];
  const stamp = (ns) => (timeFormat === "unix_milli" ? String(epochMs(ns)) : String(Math.floor(epochMs(ns) / 1000)));
  for (const p of k6Points(requests)) {
    const tags = p.tags ?? {};
    rows.push([p.metric, stamp(p.end), p.value.toFixed(6), ...K6_CSV_TAGS.map((t) => tags[t] ?? ""), "", ""].join(","));
  }
  return rows.join("\n") + "\n";
}

function k6Expected(requests, extra) {
  const ok = requests.filter((r) => r.status < 400).map((r) => msValue(r.ns));
  return expected(ok, requests.length - ok.length, extra);
}

{
  const small = simulate({ vus: 2, iterations: 5, paths: ["/api/users", "/api/flaky"] });
  write("k6/small.json", k6Json(small, 2));
  writeExpected("k6/small.json", k6Expected(small));
  const run = simulate({ vus: 4, iterations: 50, paths: ["/api/users", "/api/orders", "/api/flaky"] });
  write("k6/run.json.gz", gzipSync(k6Json(run, 4)));
  writeExpected("k6/run.json.gz", k6Expected(run, { usersOk: run.filter((r) => r.path === "/api/users").length }));
  write("k6-csv/small.csv", k6Csv(small, "unix_milli"));
  writeExpected("k6-csv/small.csv", k6Expected(small));
  write("k6-csv/run.csv.gz", gzipSync(k6Csv(run, "unix")));
  writeExpected("k6-csv/run.csv.gz", k6Expected(run));
}

// ------------------------------------------------------------------------------------------------ vegeta
// `vegeta attack -rate=100/s … | vegeta encode --to json|csv` (v12.8+: method, url and headers included). An open
// loop: requests start on schedule whatever the latency. vegeta sets `error` to the status text outside 200–399.
{
  const results = [];
  const paths = ["/api/users", "/api/flaky", "/missing"];
  for (let seq = 0; seq < 400; seq++) {
    const p = seq % 40 === 39 ? paths[2] : paths[seq % 2];
    const { ns, status } = ROUTES[p]();
    const error = status >= 400 ? (status === 404 ? "404 Not Found" : "500 Internal Server Error") : "";
    const body = status === 200 ? `ok ${p}\n` : `error ${p}\n`;
    results.push({ seq, startNs: seq * 10_000_000 + Math.round(random() * 50_000), ns, status, error, body, url: `http://${HOST}${p}` });
  }
  // Two requests that got no response at all: code 0 and a network error.
  for (const i of [123, 287]) Object.assign(results[i], { status: 0, ns: 30_000_000_000, error: `Get "${results[i].url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, body: "" });
  const header = (r) => ({ "Content-Length": [String(Buffer.byteLength(r.body))], "Content-Type": ["text/plain"], Date: ["Mon, 02 Nov 2026 09:00:00 GMT"] });
  const json = results
    .map((r) =>
      JSON.stringify({
        attack: "fixture",
        seq: r.seq,
        code: r.status,
        timestamp: rfc3339Nano(r.startNs, 60),
        latency: r.ns,
        bytes_out: 0,
        bytes_in: Buffer.byteLength(r.body),
        error: r.error,
        body: r.body === "" ? null : Buffer.from(r.body).toString("base64"),
        method: "GET",
        url: r.url,
        headers: r.status === 0 ? null : header(r),
      }),
    )
    .join("\n");
  write("vegeta/results.json", json + "\n");
  const csvField = (t) => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const headerBytes = (r) => Object.entries(header(r)).map(([k, v]) => `${k}: ${v[0]}\r\n`).join("");
  const csv = results
    .map((r) =>
      [BigInt(T0_MS) * 1_000_000n + BigInt(r.startNs), r.status, r.ns, 0, Buffer.byteLength(r.body), r.error, Buffer.from(r.body).toString("base64"), "fixture", r.seq, "GET", r.url, Buffer.from(r.status === 0 ? "" : headerBytes(r)).toString("base64")]
        .map((v) => csvField(String(v)))
        .join(","),
    )
    .join("\n");
  write("vegeta/results.csv", csv + "\n");
  const ok = results.filter((r) => r.error === "").map((r) => r.ns / 1e6);
  const exp = expected(ok, results.length - ok.length, { status404: results.filter((r) => r.status === 404).length });
  writeExpected("vegeta/results.json", exp);
  writeExpected("vegeta/results.csv", exp);
  // Before v12.8 the CSV had 9 columns (no method, url, headers).
  write("vegeta/nine-columns.csv", csv.split("\n").slice(0, 20).map((l) => l.split(",").slice(0, 9).join(",")).join("\n") + "\n");
}

// ----------------------------------------------------------------------------------------------- Gatling
// simulation.log of Gatling 3.4–3.12 (LogFileDataWriter): RUN, USER START/END, REQUEST, GROUP, ERROR; tab-separated,
// times in epoch ms. A KO carries the check's message. Before 3.4, REQUEST and USER records had a user id.
{
  const lines = ["RUN\tcomputerdatabase.CheckoutSimulation\tcheckoutsimulation\t" + T0_MS + "\t \t3.11.5"];
  const oldLines = ["RUN\tcomputerdatabase.CheckoutSimulation\tcheckoutsimulation\t" + T0_MS + "\t \t3.3.1"];
  const records = [];
  const okMs = [];
  let failed = 0;
  for (let user = 1; user <= 40; user++) {
    let clock = T0_MS + user * 50 + Math.floor(random() * 20);
    const userStart = clock;
    records.push({ t: clock, text: `USER\tcheckout\tSTART\t${clock}`, old: `USER\tcheckout\t${user}\tSTART\t${clock}\t${clock}` });
    const request = (group, name, route) => {
      const { ns, status } = ROUTES[route]();
      const start = clock;
      const end = start + Math.max(1, Math.round(ns / 1e6));
      const ok = status < 400;
      const message = ok ? " " : `status.find.in(200,201,202,203,204,205,206,207,208,209,304), found ${status}`;
      records.push({ t: end, text: `REQUEST\t${group}\t${name}\t${start}\t${end}\t${ok ? "OK" : "KO"}\t${message}`, old: `REQUEST\t${user}\t${group}\t${name}\t${start}\t${end}\t${ok ? "OK" : "KO"}\t${message}` });
      if (ok) okMs.push(end - start);
      else failed++;
      clock = end + Math.floor(random() * 5);
      return ok;
    };
    request("", "home", "/api/users");
    const groupStart = clock;
    const a = request("checkout", "add to cart", "/api/orders");
    const b = request("checkout", "pay", "/api/flaky");
    records.push({ t: clock, text: `GROUP\tcheckout\t${groupStart}\t${clock}\t${clock - groupStart}\t${a && b ? "OK" : "KO"}`, old: `GROUP\t${user}\tcheckout\t${groupStart}\t${clock}\t${clock - groupStart}\t${a && b ? "OK" : "KO"}` });
    records.push({ t: clock, text: `USER\tcheckout\tEND\t${clock}`, old: `USER\tcheckout\t${user}\tEND\t${userStart}\t${clock}` });
  }
  records.sort((x, y) => x.t - y.t);
  lines.push(...records.map((r) => r.text));
  write("gatling/simulation.log", lines.join("\n") + "\n");
  writeExpected("gatling/simulation.log", expected(okMs, failed));
  oldLines.push(...records.slice(0, 60).map((r) => r.old));
  write("gatling/simulation-3.3.log", oldLines.join("\n") + "\n");
  // Gatling 3.13+: binary. The run record as RunMessageSerializer writes it: header byte 0, then strings as a
  // big-endian int32 length, the (Latin-1) bytes and a coder byte, longs and ints big-endian.
  const parts = [Buffer.from([0])];
  const str = (s) => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(s.length);
    parts.push(s.length === 0 ? len : Buffer.concat([len, Buffer.from(s, "latin1"), Buffer.from([0])]));
  };
  const int = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    parts.push(b);
  };
  str("3.13.1");
  str("computerdatabase.CheckoutSimulation");
  const start = Buffer.alloc(8);
  start.writeBigInt64BE(BigInt(T0_MS));
  parts.push(start);
  str("");
  int(1);
  str("checkout");
  int(0);
  write("gatling/binary-3.13.log", Buffer.concat(parts));
}

// ------------------------------------------------------------------------------------------------- Envoy
// The default access-log format (Envoy docs, "Default format string"); start times ISO-8601 UTC with ms. A route
// Envoy has no match for is answered 404 with response flag NR, no upstream, and "-" for the upstream time.
{
  const lines = [];
  const okMs = [];
  let failed = 0;
  let clock = 0;
  const paths = ["/api/users", "/api/orders", "/api/flaky", "/api/users", "/nope"];
  for (let i = 0; i < 300; i++) {
    const p = paths[i % paths.length];
    const noRoute = p === "/nope";
    const { ns, status } = noRoute ? { ns: Math.round(random() * 1e6), status: 404 } : ROUTES[p]();
    const durationMs = Math.round(ns / 1e6);
    const upstreamMs = noRoute ? "-" : String(Math.max(0, durationMs - 1));
    const id = Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, "0")).join("");
    const requestId = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-a${id.slice(17, 20)}-${id.slice(20, 32)}`;
    const start = new Date(epochMs(clock)).toISOString();
    lines.push(
      `[${start}] "GET ${p}${i % 7 === 0 ? "?page=2" : ""} HTTP/1.1" ${status} ${noRoute ? "NR" : "-"} 0 ${status === 200 ? 24 : 0} ${durationMs} ${upstreamMs} "-" "hey/0.0.1" "${requestId}" "127.0.0.1:10000" "${noRoute ? "-" : `127.0.0.1:8080`}"`,
    );
    if (status < 400) okMs.push(durationMs);
    else failed++;
    clock += 3_000_000 + Math.round(random() * 4e6);
  }
  write("envoy/access.log", lines.join("\n") + "\n");
  writeExpected("envoy/access.log", expected(okMs, failed, { labelsGetApiUsers: lines.filter((l) => l.includes('"GET /api/users')).length }));
}

// -------------------------------------------------------------------------------------------------- wrk2
// `wrk -t2 -c10 -d30s -R100 -L URL`: wrk2's report with the "Detailed Percentile spectrum" that HdrHistogram_c's
// hdr_percentiles_print writes ("%12.3f %12f %12lld %12.2f", the last row's 1/(1-p) is inf). The spectrum is the
// Java reference's .hgrm of the hey fixture (fixtures/formats/hgrm/hey-flaky.hgrm), reprinted in C's layout.
{
  const hgrm = path.join(OUT, "hgrm/hey-flaky.hgrm");
  if (!existsSync(hgrm)) {
    process.stderr.write("skipping wrk2: fixtures/formats/hgrm/hey-flaky.hgrm is missing (run the hgrm step first)\n");
  } else {
    const text = readFileSync(hgrm, "utf8");
    const rows = text
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 3 && /^\d/.test(f[0]))
      .map(([v, p, c]) => ({ value: Number(v), percentile: Number(p), count: Number(c) }));
    const pad = (s, n) => s.padStart(n);
    const spectrum = rows.map((r) => `${pad(r.value.toFixed(3), 12)} ${pad(r.percentile.toFixed(6), 12)} ${pad(String(r.count), 12)} ${pad(r.percentile >= 1 ? "inf" : (1 / (1 - r.percentile)).toFixed(2), 12)}`);
    const footer = /#\[Mean\s+=\s+([\d.]+), StdDeviation\s+=\s+([\d.]+)\][\s\S]*#\[Max\s+=\s+([\d.]+), Total count\s+=\s+(\d+)\][\s\S]*#\[Buckets\s+=\s+(\d+), SubBuckets\s+=\s+(\d+)\]/.exec(text);
    const [, mean, sd, max, total, buckets, subBuckets] = footer;
    const at = (p) => rows.find((r) => r.percentile * 100 >= p)?.value ?? rows[rows.length - 1].value;
    const heyRows = readFileSync(path.join(OUT, "hey/flaky.csv"), "utf8").trim().split("\n").slice(1);
    const non2xx = heyRows.filter((l) => !/^[23]\d\d$/.test(l.split(",")[6])).length;
    const kb = (Number(total) * 158) / 1024;
    const ms = (v) => `${v.toFixed(2)}ms`;
    const report = [
      "Running 30s test @ http://127.0.0.1:8080/api/flaky",
      "  2 threads and 10 connections",
      "  Thread calibration: mean lat.: 12.412ms, rate sampling interval: 10ms",
      "  Thread calibration: mean lat.: 12.089ms, rate sampling interval: 10ms",
      "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
      `    Latency    ${ms(Number(mean))}    ${ms(Number(sd))}  ${ms(Number(max))}   78.25%`,
      "    Req/Sec     6.83      25.01   111.00     93.77%",
      "  Latency Distribution (HdrHistogram - Recorded Latency)",
      ...[50, 75, 90, 99, 99.9, 99.99, 99.999, 100].map((p) => `${pad(p.toFixed(3), 7)}%${pad(ms(at(p)), 10)}`),
      "",
      "  Detailed Percentile spectrum:",
      "       Value   Percentile   TotalCount 1/(1-Percentile)",
      "",
      ...spectrum,
      `#[Mean    = ${pad(Number(mean).toFixed(3), 12)}, StdDeviation   = ${pad(Number(sd).toFixed(3), 12)}]`,
      `#[Max     = ${pad(Number(max).toFixed(3), 12)}, Total count    = ${pad(total, 12)}]`,
      `#[Buckets = ${pad(buckets, 12)}, SubBuckets     = ${pad(subBuckets, 12)}]`,
      "----------------------------------------------------------",
      `  ${total} requests in 30.00s, ${kb.toFixed(2)}KB read`,
      `  Non-2xx or 3xx responses: ${non2xx}`,
      `Requests/sec:     ${(Number(total) / 30).toFixed(2)}`,
      `Transfer/sec:      ${(kb / 30).toFixed(2)}KB`,
    ];
    write("hgrm/wrk2-L.txt", report.join("\n") + "\n");
  }
}

// The production logs and the span exports below each draw from the sequence as it stands here, so that adding one
// group of formats does not change the fixtures of another.
const seedBeforeGroups = seed;

// ---------------------------------------------------------------------------------------------------- AWS ALB
// "Access log entries" of the Elastic Load Balancing guide (Application Load Balancers): space-separated, quoted
// fields, 30 fields as of the conn_trace_id addition. Two target groups; a few requests the load balancer could not
// dispatch (502, all three processing times -1, target status "-"), which are failed and have no latency.
// Processing times are written in seconds with 3 decimals; the expected latencies are their sums, in whole µs.
{
  const lines = [];
  const okMs = [];
  let failed = 0;
  const okByTargetGroup = {};
  let clock = 0;
  const paths = ["/api/users", "/api/orders", "/api/flaky", "/api/users", "/missing"];
  for (let i = 0; i < 300; i++) {
    const p = paths[i % paths.length];
    const group = p === "/api/orders" ? "orders-tg" : "api-tg";
    const target = `10.0.1.${group === "orders-tg" ? 21 : 11 + (i % 2)}:8080`;
    const undispatched = i % 97 === 50;
    const { ns, status } = ROUTES[p]();
    const requestUs = Math.round(random() * 1000);
    const targetUs = Math.round(ns / 1000);
    const responseUs = Math.round(random() * 500);
    const seconds = (us) => (Math.round(us / 1000) / 1000).toFixed(3);
    const times = undispatched ? "-1 -1 -1" : `${seconds(requestUs)} ${seconds(targetUs)} ${seconds(responseUs)}`;
    const totalUs = undispatched ? undefined : [requestUs, targetUs, responseUs].reduce((sum, us) => sum + Math.round(us / 1000) * 1000, 0);
    const elbStatus = undispatched ? 502 : status;
    const created = new Date(epochMs(clock)).toISOString().replace("Z", "000Z");
    const end = new Date(epochMs(clock + (totalUs ?? 0) * 1000)).toISOString().replace("Z", "000Z");
    const query = i % 7 === 0 ? "?page=2" : "";
    const trace = `Root=1-${Math.floor(T0_MS / 1000 + clock / 1e9).toString(16)}-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, "0")}${Math.floor(random() * 2 ** 48).toString(16).padStart(12, "0")}`;
    const tgArn = `arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/${group}/73e2d6bc24d8a067`;
    lines.push(
      `https ${end} app/my-loadbalancer/50dc6c495c0c9188 192.0.2.${10 + (i % 5)}:${40000 + (i % 5)} ${undispatched ? "-" : target} ${times} ${elbStatus} ${undispatched ? "-" : status} 34 ${undispatched ? 0 : 366} ` +
        `"GET https://api.example.com:443${p}${query} HTTP/1.1" "hey/0.0.1" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${tgArn} "${trace}" "api.example.com" ` +
        `"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" ${group === "orders-tg" ? 2 : 1} ${created} "forward" "-" "-" "${undispatched ? "-" : target}" "${undispatched ? "-" : status}" "-" "-" TID_${Math.floor(random() * 2 ** 32).toString(16).padStart(8, "0")}`,
    );
    if (!undispatched && status < 400) {
      okMs.push(totalUs / 1000);
      okByTargetGroup[group] = (okByTargetGroup[group] ?? 0) + 1;
    } else failed++;
    clock += 3_000_000 + Math.round(random() * 4e6);
  }
  write("alb/access.log", lines.join("\n") + "\n");
  write("alb/access.log.gz", gzipSync(lines.join("\n") + "\n"));
  writeExpected("alb/access.log", expected(okMs, failed, { okByTargetGroup, undispatched: lines.filter((l) => l.includes(" -1 -1 -1 ")).length }));
}

// ------------------------------------------------------------------------------------------------ CloudFront
// Standard logging reference, "Log file fields": #Version and #Fields, then 33 tab-separated fields per request;
// time-taken in seconds to the millisecond; date and time (UTC, whole seconds) when the response ended. Status
// 000: the viewer closed the connection before the response (failed).
{
  const fields =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";
  const lines = ["#Version: 1.0", `#Fields: ${fields}`];
  const okMs = [];
  let failed = 0;
  const byEdge = {};
  let clock = 0;
  const paths = ["/api/users", "/api/orders", "/api/flaky", "/missing", "/api/users"];
  for (let i = 0; i < 300; i++) {
    const p = paths[i % paths.length];
    const closed = i % 61 === 30;
    const { ns, status } = ROUTES[p]();
    const takenMs = Math.max(1, Math.round(ns / 1e6));
    const sc = closed ? "000" : String(status);
    const edge = i % 3 === 0 ? "FRA56-P1" : "IAD89-C3";
    const end = new Date(epochMs(clock) + takenMs);
    const [date, time] = end.toISOString().slice(0, 19).split("T");
    const hit = i % 4 === 0 ? "Hit" : "Miss";
    const id = Buffer.from(Array.from({ length: 40 }, () => Math.floor(random() * 256))).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    const row = [date, time, edge, closed ? 0 : 512, `198.51.100.${20 + (i % 6)}`, "GET", "d111111abcdef8.cloudfront.net", p, sc, "-", "Mozilla/5.0%20(X11;%20Linux%20x86_64)", i % 7 === 0 ? "page=2" : "-", "-", hit, id, "www.example.com", "https", 110, (takenMs / 1000).toFixed(3), "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256", hit, "HTTP/2.0", "-", "-", 50000 + (i % 6), (takenMs / 1000).toFixed(3), hit, "text/plain", closed ? "-" : 14, "-", "-"];
    lines.push(row.join("\t"));
    if (!closed && status < 400) {
      okMs.push(takenMs);
      byEdge[edge] = (byEdge[edge] ?? 0) + 1;
    } else failed++;
    clock += 2_000_000 + Math.round(random() * 3e6);
  }
  write("cloudfront/E2EXAMPLE.2026-11-02-09.a1b2c3d4", lines.join("\n") + "\n");
  writeExpected("cloudfront/E2EXAMPLE.2026-11-02-09.a1b2c3d4", expected(okMs, failed, { okByEdgeLocation: byEdge }));
}

// ------------------------------------------------------------------------------------------------- IIS (W3C)
// IIS's W3C extended log with its default fields (IIS docs, "Select W3C Fields to Log"; the W3C draft
// WD-logfile): #Software, #Version, #Date, #Fields; time-taken in ms; spaces in values as "+". IIS writes the
// directives again when it restarts: a second block does so, with the same fields.
{
  const fields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
  const header = (at) => ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", `#Date: ${at.toISOString().slice(0, 19).replace("T", " ")}`, `#Fields: ${fields}`];
  const lines = header(new Date(T0_MS));
  const okMs = [];
  let failed = 0;
  const okByStem = {};
  let clock = 0;
  const paths = ["/api/users", "/api/orders", "/api/flaky", "/api/users", "/missing"];
  for (let i = 0; i < 300; i++) {
    if (i === 150) lines.push(...header(new Date(epochMs(clock))));
    const p = paths[i % paths.length];
    const { ns, status } = ROUTES[p]();
    const takenMs = Math.round(ns / 1e6);
    const [date, time] = new Date(epochMs(clock) + takenMs).toISOString().slice(0, 19).split("T");
    lines.push([date, time, "10.0.0.5", i % 9 === 0 ? "POST" : "GET", p, i % 7 === 0 ? "page=2" : "-", 443, "-", `203.0.113.${i % 8}`, "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)", "-", status, 0, 0, takenMs].join(" "));
    if (status < 400) {
      okMs.push(takenMs);
      okByStem[p] = (okByStem[p] ?? 0) + 1;
    } else failed++;
    clock += 3_000_000 + Math.round(random() * 4e6);
  }
  write("w3c/u_ex261102.log", lines.join("\r\n") + "\r\n");
  writeExpected("w3c/u_ex261102.log", expected(okMs, failed, { okByUriStem: okByStem, posts: lines.filter((l) => l.includes(" POST ")).length }));
}

// ---------------------------------------------------------------------------------------------------- Traefik
// Traefik "Access Logs": the JSON field names (Duration, OriginDuration and Overhead in ns, StartUTC in RFC 3339
// with ns, DownstreamStatus, RouterName, ServiceName…), and the same requests in the default Common Log Format,
// which ends in the request count, router, server URL and the duration in whole ms.
{
  const json = [];
  const clf = [];
  const okMs = [];
  const okClfMs = [];
  let failed = 0;
  const okByRouter = {};
  let clock = 0;
  const paths = ["/api/users", "/api/orders", "/api/flaky", "/api/users", "/missing"];
  const pad2 = (n) => String(n).padStart(2, "0");
  const clfDate = (d) => `${pad2(d.getUTCDate())}/${d.toUTCString().slice(8, 11)}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
  for (let i = 0; i < 300; i++) {
    const p = paths[i % paths.length];
    const { ns, status } = ROUTES[p]();
    const router = p === "/api/orders" ? "orders@docker" : "api@docker";
    const overhead = 50_000 + Math.round(random() * 200_000);
    const duration = ns + overhead;
    const startNs = clock;
    const startUtc = `${new Date(epochMs(startNs)).toISOString().slice(0, 19)}.${String(startNs % 1e9).padStart(9, "0")}Z`;
    const client = `192.0.2.${30 + (i % 4)}`;
    const query = i % 7 === 0 ? "?page=2" : "";
    const service = "http://10.0.0.2:8080";
    json.push(
      JSON.stringify({
        ClientAddr: `${client}:${51000 + (i % 4)}`, ClientHost: client, ClientPort: String(51000 + (i % 4)), ClientUsername: "-",
        DownstreamContentSize: status === 200 ? 14 : 9, DownstreamStatus: status, Duration: duration, OriginContentSize: status === 200 ? 14 : 9,
        OriginDuration: ns, OriginStatus: status, Overhead: overhead, RequestAddr: "api.example.com", RequestContentSize: 0, RequestCount: i + 1,
        RequestHost: "api.example.com", RequestMethod: "GET", RequestPath: `${p}${query}`, RequestPort: "-", RequestProtocol: "HTTP/1.1", RequestScheme: "http",
        RetryAttempts: 0, RouterName: router, ServiceAddr: "10.0.0.2:8080", ServiceName: router, ServiceURL: service, StartLocal: startUtc, StartUTC: startUtc,
        entryPointName: "web", level: "info", msg: "", time: new Date(epochMs(startNs + duration)).toISOString().slice(0, 19) + "Z",
      }),
    );
    clf.push(`${client} - - [${clfDate(new Date(epochMs(startNs)))}] "GET ${p}${query} HTTP/1.1" ${status} ${status === 200 ? 14 : 9} "-" "hey/0.0.1" ${i + 1} "${router}" "${service}" ${Math.floor(duration / 1e6)}ms`);
    if (status < 400) {
      okMs.push(duration / 1e6);
      okClfMs.push(Math.floor(duration / 1e6));
      okByRouter[router] = (okByRouter[router] ?? 0) + 1;
    } else failed++;
    clock += 3_000_000 + Math.round(random() * 4e6);
  }
  write("traefik/access.json", json.join("\n") + "\n");
  writeExpected("traefik/access.json", expected(okMs, failed, { okByRouter }));
  write("traefik/access.log", clf.join("\n") + "\n");
  writeExpected("traefik/access.log", expected(okClfMs, failed, { okByRouter }));
}

seed = seedBeforeGroups;

// ------------------------------------------------------------------------------------------------ traces
// One simulated service call graph written as OpenTelemetry (OTLP/JSON), Jaeger and Zipkin exports. Each request
// to `frontend` is a trace of four spans: the frontend's SERVER span (the request as its users saw it), its
// CLIENT call to `backend`, the backend's SERVER span and an INTERNAL database span inside it. A 5xx is an error
// on the spans that saw it, as OpenTelemetry's HTTP conventions set the status (4xx is not an error on a server).
// OTLP times are in ns; Jaeger and Zipkin write µs, so their durations are the same requests rounded to µs.
{
  const requests = simulate({ vus: 3, iterations: 8, paths: ["/api/users", "/api/orders", "/api/flaky"] });
  const hex = (n, digits) => n.toString(16).padStart(digits, "0");
  const traces = requests.map((r, i) => {
    const traceId = hex((0x5b8efff798038103n * BigInt(i + 1)) % 2n ** 64n, 16) + hex(i + 1, 16);
    const id = (k) => hex(0xeee19b7ec3c1b170n + BigInt(i * 4 + k), 16);
    const failed = r.status >= 500;
    const start = BigInt(T0_MS) * 1_000_000n + BigInt(r.startNs);
    const at = (offsetNs) => start + BigInt(offsetNs);
    const client = Math.round(r.ns * 0.8);
    const backend = Math.round(r.ns * 0.7);
    const db = Math.round(r.ns * 0.4);
    const route = r.path;
    const http = (method, status, extra) => ({ "http.request.method": method, "http.response.status_code": status, ...extra });
    return {
      traceId,
      spans: [
        { id: id(0), parent: undefined, service: "frontend", name: `GET ${route}`, kind: "server", start: at(0), ns: r.ns, failed, attributes: http("GET", r.status, { "http.route": route }) },
        { id: id(1), parent: id(0), service: "frontend", name: "GET", kind: "client", start: at(50_000), ns: client, failed, attributes: http("GET", r.status, { "server.address": "backend" }) },
        { id: id(2), parent: id(1), service: "backend", name: `GET /internal${route}`, kind: "server", start: at(150_000), ns: backend, failed, attributes: http("GET", r.status, { "http.route": `/internal${route}` }) },
        { id: id(3), parent: id(2), service: "backend", name: "SELECT shop", kind: "internal", start: at(250_000), ns: db, failed: false, attributes: { "db.system": "postgresql" } },
      ],
    };
  });
  const spans = traces.flatMap((t) => t.spans.map((s) => ({ ...s, traceId: t.traceId })));

  // OTLP/JSON (opentelemetry-proto docs/specification.md, examples/trace.json): kind and status code as integers,
  // 64-bit times as decimal strings, one resourceSpans per service.
  const OTLP_KIND = { internal: 1, server: 2, client: 3 };
  const anyValue = (v) => (typeof v === "number" ? { intValue: String(v) } : { stringValue: v });
  const otlpSpan = (s) => ({
    traceId: s.traceId,
    spanId: s.id,
    ...(s.parent ? { parentSpanId: s.parent } : {}),
    name: s.name,
    kind: OTLP_KIND[s.kind],
    startTimeUnixNano: String(s.start),
    endTimeUnixNano: String(s.start + BigInt(s.ns)),
    attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
    status: s.failed ? { code: 2, message: "HTTP 500" } : {},
  });
  const otlpDocument = (batch) => ({
    resourceSpans: ["frontend", "backend"].map((service) => ({
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }, { key: "deployment.environment", value: { stringValue: "test" } }] },
      scopeSpans: [{ scope: { name: "io.opentelemetry.http", version: "1.0.0" }, spans: batch.filter((s) => s.service === service).map(otlpSpan) }],
    })),
  });
  write("otlp/traces.json", JSON.stringify(otlpDocument(spans), null, 2) + "\n");
  // The Collector's file exporter: one ExportTraceServiceRequest per line, as batches were exported.
  const batches = [];
  for (let i = 0; i < spans.length; i += 48) batches.push(spans.slice(i, i + 48));
  write("otlp/collector.jsonl", batches.map((b) => JSON.stringify(otlpDocument(b))).join("\n") + "\n");

  // Jaeger query API (`GET /api/traces`, internal/uimodel/model.go): µs, the kind and the error as tags, the
  // services in a process table after the spans.
  const us = (ns) => Math.round(ns / 1000);
  const jaegerTag = (key, value) => ({ key, type: typeof value === "number" ? "int64" : typeof value === "boolean" ? "bool" : "string", value });
  const jaeger = {
    data: traces.map((t) => ({
      traceID: t.traceId,
      spans: t.spans.map((s) => ({
        traceID: t.traceId,
        spanID: s.id,
        flags: 1,
        operationName: s.name,
        references: s.parent ? [{ refType: "CHILD_OF", traceID: t.traceId, spanID: s.parent }] : [],
        startTime: Number(s.start / 1000n),
        duration: us(s.ns),
        tags: [jaegerTag("span.kind", s.kind), ...Object.entries(s.attributes).map(([k, v]) => jaegerTag(k, v)), ...(s.failed ? [jaegerTag("error", true)] : [])],
        logs: [],
        processID: s.service === "frontend" ? "p1" : "p2",
        warnings: null,
      })),
      processes: { p1: { serviceName: "frontend", tags: [jaegerTag("hostname", "web-1")] }, p2: { serviceName: "backend", tags: [jaegerTag("hostname", "api-1")] } },
      warnings: null,
    })),
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
  write("jaeger/traces.json", JSON.stringify(jaeger) + "\n");

  // Zipkin v2 (zipkin2-api.yaml): µs, kind absent on local spans, tags as strings, `error` tag on failures.
  const zipkinSpan = (s) => ({
    traceId: s.traceId,
    ...(s.parent ? { parentId: s.parent } : {}),
    id: s.id,
    ...(s.kind === "internal" ? {} : { kind: s.kind.toUpperCase() }),
    name: s.name.toLowerCase(),
    timestamp: Number(s.start / 1000n),
    duration: us(s.ns),
    localEndpoint: { serviceName: s.service, ipv4: s.service === "frontend" ? "10.0.0.1" : "10.0.0.2" },
    tags: { ...Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, String(v)])), ...(s.failed ? { error: "500" } : {}) },
  });
  write("zipkin/traces.json", JSON.stringify(traces.map((t) => t.spans.map((s) => zipkinSpan({ ...s, traceId: t.traceId })))) + "\n");
  write("zipkin/spans.json", JSON.stringify(spans.slice(0, 40).map(zipkinSpan), null, 2) + "\n");
}

// --------------------------------------------------------------------------------------------------- ghz
// `ghz -O pretty` (runner/reporter.go): details of every request (end time in RFC3339Nano in the local zone,
// latency in ns, error text, gRPC status name); latencyDistribution and fastest/slowest computed as ghz does, from
// the latencies of the requests without an error (its `latencies()`: nearest rank over sorted seconds).
{
  const workers = 4;
  const details = [];
  for (let w = 0; w < workers; w++) {
    let clock = w * 200_000;
    for (let n = 0; n < 75; n++) {
      const ns = lognormalNs(3);
      const roll = random();
      const status = roll < 0.03 ? "Unavailable" : roll < 0.05 ? "Internal" : "OK";
      const error = status === "OK" ? "" : `rpc error: code = ${status} desc = ${status === "Unavailable" ? "backend unavailable" : "internal error"}`;
      details.push({ endNs: clock + ns, ns, status, error });
      clock += ns + 20_000;
    }
  }
  details.sort((a, b) => a.endNs - b.endNs);
  const ok = details.filter((d) => d.error === "").map((d) => d.ns / 1e9).sort((a, b) => a - b);
  const distribution = [10, 25, 50, 75, 90, 95, 99].map((p) => {
    let di = Math.trunc((p / 100) * ok.length);
    if ((p / 100) * ok.length === di) di -= 1;
    return { percentage: p, latency: Math.trunc(ok[Math.max(0, di)] * 1e9) };
  });
  const countBy = (key) => details.reduce((m, d) => (d[key] === "" ? m : { ...m, [d[key]]: (m[d[key]] ?? 0) + 1 }), {});
  const totalNs = Math.max(...details.map((d) => d.endNs));
  const report = {
    date: rfc3339Nano(totalNs, -240).replace(/\.\d+/, ""),
    name: "Users Get",
    endReason: "normal",
    options: { call: "shop.Users.Get", proto: "./shop.proto", host: "127.0.0.1:50051", n: details.length, c: workers, timeout: 20_000_000_000, dialTimeout: 10_000_000_000, data: { id: 7 }, binary: false, insecure: true, CPUs: 2, name: "Users Get" },
    count: details.length,
    total: totalNs,
    average: Math.round(details.reduce((s, d) => s + d.ns, 0) / details.length),
    fastest: Math.trunc(ok[0] * 1e9),
    slowest: Math.trunc(ok[ok.length - 1] * 1e9),
    rps: details.length / (totalNs / 1e9),
    errorDistribution: countBy("error"),
    statusCodeDistribution: countBy("status"),
    latencyDistribution: distribution,
    histogram: [],
    details: details.map((d) => ({ timestamp: rfc3339Nano(d.endNs, -240), latency: d.ns, error: d.error, status: d.status })),
  };
  write("ghz/report.json", JSON.stringify(report, null, 2) + "\n");
}

// -------------------------------------------------------------------------------------------- Prometheus
// Two scrapes of a service's /metrics (Prometheus text exposition format, prometheus.io "Exposition formats"),
// before and after a load test: a histogram with the client libraries' default buckets per handler and code,
// beside the counters, gauges and summary a scrape also holds. after.prom.expected.json holds the truth the tests
// check bucket bounds against: the exact observations between the scrapes (count, sum, nearest-rank percentiles
// per handler and of all), which the scrapes themselves no longer hold.
{
  const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const HANDLERS = { "/api/users": 4, "/api/orders": 8, "/api/search": 20 };
  const series = new Map();
  const observe = (handler, code, seconds) => {
    const key = `${handler} ${code}`;
    if (!series.has(key)) series.set(key, { handler, code, counts: BUCKETS.map(() => 0), inf: 0, sum: 0, observations: [] });
    const s = series.get(key);
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.counts[i]++;
    });
    s.inf++;
    s.sum += seconds;
    return s;
  };
  const run = (requests, keep) => {
    for (let i = 0; i < requests; i++) {
      const handler = Object.keys(HANDLERS)[i % 3];
      const slow = random() < 0.02 ? 40 : 1;
      const ns = lognormalNs(HANDLERS[handler] * slow);
      const code = random() < 0.03 ? "500" : "200";
      const s = observe(handler, code, ns / 1e9);
      if (keep) s.observations.push(ns);
    }
  };
  const g = (n) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15))));
  const scrape = (uptime) => {
    const lines = [
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.",
      "# TYPE process_cpu_seconds_total counter",
      `process_cpu_seconds_total ${g(uptime * 0.31)}`,
      "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.",
      "# TYPE process_start_time_seconds gauge",
      "process_start_time_seconds 1.79361e+09",
      "# HELP http_requests_in_flight Requests being served.",
      "# TYPE http_requests_in_flight gauge",
      "http_requests_in_flight 3",
      "# HELP http_request_duration_seconds A histogram of the request duration.",
      "# TYPE http_request_duration_seconds histogram",
    ];
    const sorted = [...series.values()].sort((a, b) => (a.handler + a.code < b.handler + b.code ? -1 : 1));
    for (const s of sorted) {
      const labels = `code="${s.code}",handler="${s.handler}",method="GET"`;
      BUCKETS.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.counts[i]}`));
      lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.inf}`);
      lines.push(`http_request_duration_seconds_sum{${labels}} ${g(s.sum)}`);
      lines.push(`http_request_duration_seconds_count{${labels}} ${s.inf}`);
    }
    lines.push(
      "# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.",
      "# TYPE go_gc_duration_seconds summary",
      'go_gc_duration_seconds{quantile="0"} 2.1e-05',
      'go_gc_duration_seconds{quantile="0.5"} 4.2e-05',
      'go_gc_duration_seconds{quantile="1"} 0.000311',
      `go_gc_duration_seconds_sum ${g(uptime * 0.0002)}`,
      `go_gc_duration_seconds_count ${Math.round(uptime * 3)}`,
    );
    return lines.join("\n") + "\n";
  };
  run(300, false);
  write("prometheus/before.prom", scrape(120));
  run(2400, true);
  write("prometheus/after.prom", scrape(420));
  const nearest = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  const truth = (observations) => {
    const sorted = [...observations].sort((a, b) => a - b);
    return { count: sorted.length, sumNs: sorted.reduce((a, b) => a + b, 0), minNs: sorted[0], maxNs: sorted.at(-1), percentilesNs: Object.fromEntries([50, 90, 99, 99.9].map((p) => [p, nearest(sorted, p)])) };
  };
  const all = [...series.values()].flatMap((s) => s.observations);
  const byHandler = Object.fromEntries(Object.keys(HANDLERS).map((h) => [h, truth([...series.values()].filter((s) => s.handler === h).flatMap((s) => s.observations))]));
  write("prometheus/after.prom.expected.json", JSON.stringify({ between: truth(all), byHandler }, null, 2) + "\n");
}
