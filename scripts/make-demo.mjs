#!/usr/bin/env node
// Writes fixtures/demo.log: a seeded, realistic request log of a web service load-tested for 6 minutes by 5 paced
// workers (each sends every 88 ms and waits for its response: a closed loop, ~57 requests/s in all), written to one
// log with no column saying which worker sent what. Latencies are lognormal (median ~12 ms) with a slow endpoint;
// 0.4% of requests fail with 503. At 3 minutes the server stalls for 1.5 s: every request in flight then, or sent
// meanwhile, is answered when the stall ends, and the workers, waiting for those answers, send nothing in between —
// the requests they would have sent are missing from the log (coordinated omission).
import { writeFileSync } from "node:fs";

let seed = 42;
function random() {
  // mulberry32: small, seeded, good enough for test data.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const endpoints = [
  { path: "/api/users", weight: 0.5, median: 9 },
  { path: "/api/orders", weight: 0.35, median: 14 },
  { path: "/api/search", weight: 0.15, median: 35 },
];
const WORKERS = 5;
const PERIOD_MS = 88;
const REQUESTS = 20_000;
const STALL = { atMs: 180_000, forMs: 1500 };
const start = Date.UTC(2026, 10, 2, 9, 0, 0);

/** When the server answers a request sent at `t` (ms from the start) that needs `work` ms. */
function answeredAt(t, work) {
  const natural = t + work;
  const stallEnd = STALL.atMs + STALL.forMs;
  // In flight during the stall: answered when it ends, in arrival order (a few µs apart).
  return natural > STALL.atMs && t < stallEnd ? Math.max(natural, stallEnd + random() * 0.2) : natural;
}

const requests = [];
for (let worker = 0; worker < WORKERS; worker++) {
  // Each worker's ticker: every 50 ms at its own phase; a tick missed while waiting fires when the answer comes.
  let tick = random() * PERIOD_MS;
  let free = 0;
  while (requests.length < REQUESTS * 2) {
    const sent = Math.max(tick, free) + random() * 0.1;
    const pick = random();
    let acc = 0;
    const endpoint = endpoints.find((e) => (acc += e.weight) >= pick) ?? endpoints[0];
    free = answeredAt(sent, endpoint.median * Math.exp(0.45 * normal()));
    requests.push({ sent, latency: free - sent, path: endpoint.path, status: random() < 0.004 ? 503 : 200 });
    tick += PERIOD_MS;
    while (tick + PERIOD_MS <= free) tick += PERIOD_MS;
    if (sent > (REQUESTS / (WORKERS * 1000 / PERIOD_MS)) * 1000 + 2000) break;
  }
}
requests.sort((a, b) => a.sent - b.sent);
const rows = ["timestamp,endpoint,status,latency_ms"];
for (const r of requests.slice(0, REQUESTS)) {
  // ISO-8601 to the microsecond: the log's clock is finer than the gaps between requests.
  const ms = Math.floor(r.sent);
  const micros = String(Math.floor((r.sent - ms) * 1000)).padStart(3, "0");
  const iso = new Date(start + ms).toISOString().replace("Z", `${micros}Z`);
  rows.push(`${iso},${r.path},${r.status},${r.latency.toFixed(3)}`);
}
writeFileSync(new URL("../fixtures/demo.log", import.meta.url), rows.join("\n") + "\n");
